import { z } from 'zod';
import type { ScheduleEntry } from './types';

/**
 * Cosine annealing from `from` to `to` (AllegroNAS Eq. 7): CosineAnnealingLR(T_max = epochs,
 * eta_min = to) read at the start of each epoch, with the modern PyTorch convention (epoch 0 uses
 * the full rate; past the horizon it holds `to`). The original DARTS code stepped the scheduler before the first epoch, so its
 * epoch 0 used the epoch-1 rate.
 */
export const cosine: ScheduleEntry = {
  id: 'cosine',
  title: 'Cosine annealing',
  paper: 'Loshchilov & Hutter 2017; AllegroNAS Eq. 7',
  optionsSchema: z.object({}).strict(),
  value: (epoch, epochs, from, to) => to + 0.5 * (from - to) * (1 + Math.cos((Math.PI * Math.min(epoch, epochs)) / epochs)),
};
