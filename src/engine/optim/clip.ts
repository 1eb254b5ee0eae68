import * as tf from '@tensorflow/tfjs';

/**
 * torch.nn.utils.clip_grad_norm_: scales all gradients by max/(‖g‖₂ + 1e-6) when the global norm
 * exceeds `maxNorm`. Returns the clipped gradients and the norm before clipping.
 */
export function clipByGlobalNorm(grads: tf.Tensor[], maxNorm: number): { grads: tf.Tensor[]; norm: number } {
  const normT = tf.tidy(() => tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g))))));
  const norm = normT.dataSync()[0];
  normT.dispose();
  const coef = maxNorm / (norm + 1e-6);
  if (coef >= 1) return { grads, norm };
  return { grads: grads.map((g) => tf.mul(g, coef)), norm };
}
