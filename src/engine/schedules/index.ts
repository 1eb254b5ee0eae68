import { constant } from './constant';
import { cosine } from './cosine';
import { exponential } from './exponential';
import { linear } from './linear';
import { neca } from './neca';
import { step } from './step';
import type { Schedule, ScheduleEntry } from './types';

export type { Schedule, ScheduleEntry } from './types';

/** Every scalar schedule by id. A new schedule is one module plus one line here. */
export const schedules: ReadonlyMap<string, ScheduleEntry> = new Map([cosine, constant, neca, linear, step, exponential].map((s) => [s.id, s]));

export function getSchedule(id: string): ScheduleEntry {
  const s = schedules.get(id);
  if (!s) throw new Error(`unknown schedule '${id}' (known: ${[...schedules.keys()].join(', ')})`);
  return s;
}

/** A schedule as a config states it: which entry, its end points, horizon, warm-up and options. */
export interface ScheduleSpec {
  id: string;
  from: number;
  to: number;
  /** Horizon in epochs; the whole search when omitted. */
  epochs?: number;
  warmupEpochs: number;
  options: Record<string, unknown>;
}

/**
 * The spec as a function of the epoch, its options validated (a ZodError names the option).
 * A warm-up rises linearly, from · (e + 1)/(W + 1) in epoch e < W, and the schedule proper then
 * runs over the remaining E − W epochs of the horizon.
 */
export function createSchedule(spec: ScheduleSpec, searchEpochs: number): Schedule {
  const entry = getSchedule(spec.id);
  const options = entry.optionsSchema.parse(spec.options);
  const horizon = spec.epochs ?? searchEpochs;
  const w = spec.warmupEpochs;
  return (epoch) => (epoch < w ? (spec.from * (epoch + 1)) / (w + 1) : entry.value(epoch - w, Math.max(1, horizon - w), spec.from, spec.to, options));
}
