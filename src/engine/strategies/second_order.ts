import { z } from 'zod';
import type { StrategyEntry } from './types';
import { unrolledArchGrads } from './unrolled';

/**
 * Second-order DARTS (reference architect.py _backward_step_unrolled):
 *   g = ∇_α L_val(w′, α) − ξ · [∇_α L_train(w⁺) − ∇_α L_train(w⁻)] / 2R,
 * with w′ one SGD step on L_train, v = ∇_{w′} L_val(w′, α), w± = w ± R·v, R = r/‖v‖ (r = 0.01).
 */
export const secondOrder: StrategyEntry = {
  id: 'second-order',
  title: 'DARTS, second order (unrolled)',
  paper: 'Liu et al. 2019, §2.3 Eq. 7–8',
  optionsSchema: z
    .object({
      r: z.number().positive().default(0.01).meta({ title: 'Finite-difference scale' }).describe('Finite-difference scale: R = r / ‖∇_w′ L_val‖ (paper: 0.01)'),
    })
    .strict(),
  create: ({ r }) => ({
    archGradients: (input) => {
      const [{ grads, loss }] = unrolledArchGrads(input, [input.val], r);
      return { grads, valLoss: loss };
    },
  }),
};
