import { z } from 'zod';
import type { ScheduleEntry } from './types';

const options = z
  .object({
    extrapolate: z.boolean().default(false).meta({ title: 'Continue past the horizon' }).describe('Keep the slope past the horizon instead of holding the end value'),
  })
  .strict();

/**
 * Straight line from `from` to `to` over the horizon: Amended-DARTS's per-epoch linear lr decay
 * (ImageNet), or AllegroNAS's χ ramp χ = (χ_max − χ_min)/H · τ (Eq. 6) read as from 0 to χ_max − χ_min.
 */
export const linear: ScheduleEntry<typeof options> = {
  id: 'linear',
  title: 'Linear',
  paper: 'Amended-DARTS §4.2 (ImageNet lr); AllegroNAS Eq. 6 (χ)',
  optionsSchema: options,
  value: (epoch, epochs, from, to, { extrapolate }) => from + ((to - from) * (extrapolate ? epoch : Math.min(epoch, epochs))) / epochs,
};
