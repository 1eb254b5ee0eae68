import * as tf from '@tensorflow/tfjs';

/** ‖(t₁, …, tₙ)‖₂ over all elements of all tensors, as a host number. */
export function globalNorm(ts: tf.Tensor[]): number {
  return tf.tidy(() => tf.sqrt(tf.addN(ts.map((t) => tf.sum(tf.square(t))))).dataSync()[0]);
}

/**
 * torch.nn.utils.clip_grad_norm_: scales all gradients by max/(‖g‖₂ + 1e-6) when the global norm
 * exceeds `maxNorm`. Returns the clipped gradients and the norm before clipping.
 */
export function clipByGlobalNorm(grads: tf.Tensor[], maxNorm: number): { grads: tf.Tensor[]; norm: number } {
  const norm = globalNorm(grads);
  const coef = maxNorm / (norm + 1e-6);
  if (coef >= 1) return { grads, norm };
  return { grads: grads.map((g) => tf.mul(g, coef)), norm };
}
