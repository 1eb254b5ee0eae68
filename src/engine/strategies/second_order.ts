import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { assignAll, lossGrads, mixedHessianVector, snapshot } from './weights';
import type { StrategyEntry } from './types';

/**
 * Second-order DARTS (reference architect.py _backward_step_unrolled):
 *   w' = w − ξ·(μ·buf + ∇_w L_train(w) + wd·w)      (one SGD step, momentum and decay included)
 *   g  = ∇_α L_val(w', α) − ξ · [∇_α L_train(w⁺) − ∇_α L_train(w⁻)] / 2R,
 * with v = ∇_{w'} L_val(w', α), w± = w ± R·v, R = r/‖v‖ (r = 0.01).
 * The unrolled pass runs on the network's own weights, so BN running statistics are restored
 * afterwards, as the reference's throwaway unrolled copy leaves them untouched.
 */
export const secondOrder: StrategyEntry = {
  id: 'second-order',
  title: 'DARTS, second order (unrolled)',
  paper: 'Liu et al. 2019, §2.3 Eq. 7–8',
  optionsSchema: z
    .object({
      r: z.number().positive().default(0.01).describe('Finite-difference scale: R = r / ‖∇_w′ L_val‖'),
    })
    .strict(),
  create: ({ r }) => ({
    archGradients: ({ net, train, val, lr, weightOptimizer }) => {
      const weights = net.weights();
      const alphas = net.alphaList();
      const buffers = [...net.params.buffers.values()];
      const original = snapshot(weights);
      const { grads: gTrain } = lossGrads(net, train, weights);
      const unrolled = weightOptimizer.lookahead(weights, gTrain, lr);
      assignAll(weights, unrolled);
      tf.dispose([...gTrain, ...unrolled]);
      const savedBuffers = snapshot(buffers);
      const { loss, grads } = lossGrads(net, val, [...alphas, ...weights]);
      assignAll(weights, original);
      assignAll(buffers, savedBuffers);
      tf.dispose([...original, ...savedBuffers]);
      const dAlpha = grads.slice(0, alphas.length);
      const v = grads.slice(alphas.length);
      const implicit = mixedHessianVector(net, train, v, r);
      const out = dAlpha.map((g, i) => tf.tidy(() => tf.sub(g, tf.mul(implicit[i], lr))));
      tf.dispose([...grads, ...implicit]);
      return { grads: out, valLoss: loss };
    },
  }),
};
