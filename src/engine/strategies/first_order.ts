import { z } from 'zod';
import { lossGrads } from './weights';
import type { StrategyEntry } from './types';

/**
 * First-order DARTS: α follows ∇_α L_val(w, α) at the current weights. Only α is differentiated;
 * the op layer's lazy gradients mean no weight gradient is ever computed here (the reference's
 * backward() computes them all and throws them away).
 */
export const firstOrder: StrategyEntry = {
  id: 'first-order',
  title: 'DARTS, first order',
  paper: 'Liu et al. 2019, §2.3 (ξ = 0)',
  optionsSchema: z.object({}).strict(),
  create: () => ({
    archGradients: ({ net, val }) => {
      const { loss, grads } = lossGrads(net, val, net.alphaList());
      return { grads, valLoss: loss };
    },
  }),
};
