import { z } from 'zod';
import type { ScheduleEntry } from './types';

const options = z
  .object({
    every: z.number().int().min(1).default(30).meta({ title: 'Epochs between decays' }).describe('Epochs between decays'),
    gamma: z.number().positive().default(0.1).meta({ title: 'Decay factor' }).describe('Factor applied at each decay'),
  })
  .strict();

/** StepLR: from · γ^⌊epoch / every⌋, never below `to`. */
export const step: ScheduleEntry<typeof options> = {
  id: 'step',
  title: 'Step decay',
  paper: 'torch.optim.lr_scheduler.StepLR',
  optionsSchema: options,
  value: (epoch, _epochs, from, to, { every, gamma }) => Math.max(to, from * gamma ** Math.floor(epoch / every)),
};
