import type { z } from 'zod';

/**
 * A scalar schedule over training progress. `value` reads the schedule at `epoch` (counted from
 * 0) of a horizon of `epochs`, going from `from` at epoch 0 towards `to` at the horizon. Entries
 * are registry items whose extra knobs live in a validated options schema.
 */
export interface ScheduleEntry<S extends z.ZodType = z.ZodType> {
  id: string;
  title: string;
  paper: string;
  optionsSchema: S;
  value(epoch: number, epochs: number, from: number, to: number, options: z.output<S>): number;
}

/** A schedule with its options validated: what the search loop evaluates each epoch. */
export type Schedule = (epoch: number) => number;
