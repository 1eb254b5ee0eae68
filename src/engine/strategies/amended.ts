import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import type { StrategyEntry } from './types';
import { EpochMeans, hessianVector, keepingBuffers, lossGrads, mixedHessianVector, normsAndCosine } from './weights';

const options = z
  .object({
    eta: z.number().min(0).default(0.1).meta({ title: 'Amending coefficient (η)' }).describe('Amending coefficient η (paper: 0.1; 0 is first-order DARTS)'),
    r: z.number().positive().default(0.01).meta({ title: 'Finite-difference scale' }).describe('Finite-difference scale: ε = r/‖direction‖ for H·v and the mixed product (as DARTS)'),
  })
  .strict();

/**
 * Amended-DARTS (Bi et al., arXiv:1910.11831, Eq. 7): α follows g1 + g2′ with
 *   g1  = ∇_α L_val(w, α),
 *   g2′ = −η · ∇²_{α,w} L_train · H · ∇_w L_val,   H = ∇²_w L_train,
 * everything at the current weights (ω^est). Both products are central finite differences on
 * the train batch: u = H·v ≈ [∇_w L_tr(w + εv) − ∇_w L_tr(w − εv)]/2ε, then
 * ∇²_{α,w} L_tr · u ≈ [∇_α L_tr(w + ε′u) − ∇_α L_tr(w − ε′u)]/2ε′. The probing passes leave the BN
 * running statistics as they were, so that η = 0 is exactly first-order DARTS, trajectory included.
 * Diagnostics: per-epoch means of ‖g1‖, ‖g2′‖ and cos(g1, g2′).
 */
export const amended: StrategyEntry<typeof options> = {
  id: 'amended',
  title: 'Amended-DARTS',
  paper: 'Bi et al., Stabilizing DARTS with amended gradient estimation (arXiv:1910.11831), Eq. 7',
  optionsSchema: options,
  create: ({ eta, r }) => {
    const means = new EpochMeans();
    return {
      archGradients: ({ net, train, val }) => {
        const alphas = net.alphaList();
        const { loss, grads } = lossGrads(net, val, [...alphas, ...net.weights()]);
        const g1 = grads.slice(0, alphas.length);
        const v = grads.slice(alphas.length);
        const mixed = keepingBuffers(net, () => {
          const u = hessianVector(net, train, v, r);
          try {
            return mixedHessianVector(net, train, u, r);
          } finally {
            tf.dispose(u);
          }
        });
        const g2 = mixed.map((m) => tf.mul(m, -eta));
        const out = g1.map((g, i) => tf.add(g, g2[i]));
        const { normA, normB, cos } = normsAndCosine(g1, g2);
        means.add({ 'amended.g1_norm': normA, 'amended.g2_norm': normB, 'amended.cos_g1_g2': cos });
        tf.dispose([...grads, ...mixed, ...g2]);
        return { grads: out, valLoss: loss };
      },
      diagnostics: () => means.flush(),
    };
  },
};
