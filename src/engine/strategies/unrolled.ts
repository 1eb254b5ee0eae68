import * as tf from '@tensorflow/tfjs';
import type { ArchStepInput, Batch } from './types';
import { assignAll, keepingBuffers, lossGrads, mixedHessianVector, snapshot } from './weights';

/**
 * ∇_α L_b(w′, α) − ξ · ∇²_{α,w} L_train(w, α) · ∇_{w′} L_b(w′, α) for each objective batch b, the
 * one-step unrolled gradient of DARTS (Eq. 7–8) with w′ = w − ξ·(μ·buf + ∇_w L_train(w) + wd·w),
 * the w optimizer's own update (reference architect.py _compute_unrolled_model). The mixed term
 * is the finite difference [∇_α L_train(w + R·v) − ∇_α L_train(w − R·v)] / 2R, R = r/‖v‖, one per
 * objective (AllegroNAS Eq. 5 takes separate σ_val and σ_train). The passes at w′ run on the
 * network's own weights, so BN running statistics are restored after them, as the reference's
 * throwaway unrolled copy leaves them untouched; the pass that forms w′ and the finite-difference
 * passes update them, as in the reference. Returns each objective's α gradient (caller disposes) and its loss at w′.
 */
export function unrolledArchGrads({ net, train, lr, weightOptimizer }: ArchStepInput, objectives: Batch[], r: number): Array<{ grads: tf.Tensor[]; loss: number }> {
  const weights = net.weights();
  const alphas = net.alphaList();
  const original = snapshot(weights);
  let atUnrolled: Array<{ loss: number; grads: tf.Tensor[] }>;
  try {
    // On the real network, so its BN statistics move, as in the reference's _compute_unrolled_model.
    const { grads: gTrain } = lossGrads(net, train, weights);
    const unrolled = weightOptimizer.lookahead(weights, gTrain, lr);
    assignAll(weights, unrolled);
    tf.dispose([...gTrain, ...unrolled]);
    atUnrolled = keepingBuffers(net, () => objectives.map((b) => lossGrads(net, b, [...alphas, ...weights])));
  } finally {
    assignAll(weights, original);
    tf.dispose(original);
  }
  return atUnrolled.map(({ loss, grads }) => {
    const dAlpha = grads.slice(0, alphas.length);
    const v = grads.slice(alphas.length);
    const implicit = mixedHessianVector(net, train, v, r);
    const out = dAlpha.map((g, i) => tf.tidy(() => tf.sub(g, tf.mul(implicit[i], lr))));
    tf.dispose([...grads, ...implicit]);
    return { grads: out, loss };
  });
}
