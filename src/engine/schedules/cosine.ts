import type { Schedule } from './types';

/**
 * Cosine annealing from max to min: CosineAnnealingLR(T_max = epochs, eta_min = min) read at the
 * start of each epoch, with the modern PyTorch convention (epoch 0 uses the full rate). The original
 * DARTS code stepped the scheduler before the first epoch, so its epoch 0 used the epoch-1 rate.
 */
export const cosine: Schedule = {
  id: 'cosine',
  title: 'Cosine annealing',
  value: (epoch, epochs, max, min) => min + 0.5 * (max - min) * (1 + Math.cos((Math.PI * epoch) / epochs)),
};
