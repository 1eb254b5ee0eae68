import { z } from 'zod';
import type { RegularizerEntry } from './types';

const options = z
  .object({
    rate: z.number().min(0).lt(1).default(0).meta({ title: 'Skip-connect dropout' }).describe('Dropout probability after each stride-1 skip_connect (P-DARTS: 0.0/0.3/0.6 per stage; code 0.1/0.4/0.7)'),
  })
  .strict();

/**
 * P-DARTS operation-level dropout on skip_connect, as a config plug-in: it sets the supernet's
 * skip dropout (src/engine/supernet/skip_dropout.ts) at the start of every epoch, so the rate can
 * be scheduled like any option, e.g. the code's within-stage decay with the 'exponential' schedule
 * on 'regularizers.skip-dropout.options.rate'.
 */
export const skipDropout: RegularizerEntry<typeof options> = {
  id: 'skip-dropout',
  title: 'Skip-connect dropout (P-DARTS)',
  paper: 'Chen et al., P-DARTS (ICCV 2019); D3 §2.2',
  optionsSchema: options,
  create: ({ rate }) => ({
    beginEpoch: (net, epoch) => {
      net.skipDropout.rate = rate;
      // Masks drawn from a per-epoch stream, so a run resumed at an epoch boundary repeats them exactly.
      net.skipDropout.restart(epoch);
    },
    diagnostics: () => ({ 'skip-dropout.rate': rate }),
  }),
};
