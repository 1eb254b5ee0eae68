import { z } from 'zod';
import type { RegularizerEntry } from './types';

const options = z
  .object({
    prob: z.number().min(0).lt(1).default(0.2).meta({ title: 'Drop-path probability' }).describe('Drop-path probability per op output and example (the reference train.py: 0.2)'),
    ramp: z
      .enum(['linear', 'constant'])
      .default('linear')
      .meta({ title: 'Ramp' }).describe("'linear': prob · epoch / epochs, as the reference's retraining (0 in the first epoch); 'constant': prob from the start"),
  })
  .strict();

/**
 * Drop path on the supernet's edges during weight steps: Amended-DARTS's "consistency" setting
 * (D2 §3.5, "Cutout, Dropout and an auxiliary tower" in search; the paper gives no search-time
 * rate, so the reference retraining's 0.2 and ramp are the defaults). Each op's output in a mixed
 * op is dropped per example with probability p and kept ones scaled by 1/(1 − p), the evaluation
 * network's drop_path; Identity (stride-1 skip_connect) and `none` never are. α steps and
 * inference see no drop path: α is judged on the whole network.
 */
export const dropPath: RegularizerEntry<typeof options> = {
  id: 'drop-path',
  title: 'Drop path (search–evaluation consistency)',
  paper: 'Amended-DARTS (D2 §3.5); drop_path from the DARTS reference (utils.py, train.py)',
  optionsSchema: options,
  create: ({ prob, ramp }) => {
    let current = 0;
    return {
      beginEpoch: (net, epoch, epochs) => {
        current = ramp === 'linear' ? (prob * epoch) / epochs : prob;
        net.dropPath.prob = current;
        net.dropPath.restart(epoch);
      },
      diagnostics: () => ({ 'drop-path.prob': current }),
    };
  },
};
