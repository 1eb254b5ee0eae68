import { z } from 'zod';
import type { ScheduleEntry } from './types';

const options = z
  .object({
    form: z
      .enum(['normalised', 'literal'])
      .default('normalised')
      .meta({ title: 'Formula' }).describe("'normalised': ℓ_min + (ℓ_max − ℓ_min)(e^c − 1)/(e − 1), c = ½(1 + cos πτ/E); 'literal': Eq. 8 as printed (exponent scaled by ℓ_max − ℓ_min)"),
  })
  .strict();

/**
 * Natural exponential cosine annealing (AllegroNAS §3.4, Eq. 8). As printed, the exponent is
 * ½(ℓ_max − ℓ_min)(1 + cos πτ/E), which with ℓ_max = 0.025 starts at ≈3.7e-4 and never reaches
 * ℓ_max; the normalised reading (the default) runs from ℓ_max to ℓ_min, decaying faster than
 * cosine early and staying lower late, as the paper describes. Both are offered.
 */
export const neca: ScheduleEntry<typeof options> = {
  id: 'neca',
  title: 'Natural exponential cosine annealing',
  paper: 'AllegroNAS (CMC 2024) §3.4, Eq. 8',
  optionsSchema: options,
  value: (epoch, epochs, from, to, { form }) => {
    const c = 0.5 * (1 + Math.cos((Math.PI * Math.min(epoch, epochs)) / epochs));
    const exponent = form === 'literal' ? (from - to) * c : c;
    return to + ((from - to) * (Math.exp(exponent) - 1)) / (Math.E - 1);
  },
};
