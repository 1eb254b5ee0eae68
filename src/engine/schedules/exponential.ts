import { z } from 'zod';
import type { ScheduleEntry } from './types';

const options = z
  .object({
    rate: z.number().min(0).default(0.2).meta({ title: 'Decay rate' }).describe('Decay rate k in from · e^(−k·epoch); 0.2 is the P-DARTS skip-dropout decay'),
  })
  .strict();

/** from · e^(−k·epoch), never below `to` (the P-DARTS code's skip-dropout decay after warm-up). */
export const exponential: ScheduleEntry<typeof options> = {
  id: 'exponential',
  title: 'Exponential decay',
  paper: 'P-DARTS code (chenxin061/pdarts train_search.py)',
  optionsSchema: options,
  value: (epoch, _epochs, from, to, { rate }) => Math.max(to, from * Math.exp(-rate * epoch)),
};
