import * as tf from '@tensorflow/tfjs';
import { hostKernel, hostKernels, runHostKernel, type HostKernel } from '../ops/host_kernels';

/** Σ t² over all elements of all inputs (float64 sum), as a [1] tensor. */
const SUM_OF_SQUARES: HostKernel = {
  name: 'NasStudioSumOfSquares',
  outputShapes: () => [[1]],
  run: (ts, [out]) => {
    let sum = 0;
    for (const t of ts) for (let i = 0; i < t.length; i++) sum += t[i] * t[i];
    out[0] = sum;
  },
};

/** ‖(t₁, …, tₙ)‖₂ over all elements of all tensors, as a host number. */
export function globalNorm(ts: tf.Tensor[]): number {
  if (hostKernels() && ts.length > 0) {
    const [sum] = runHostKernel(hostKernel(SUM_OF_SQUARES), ts);
    const value = Math.sqrt(sum.dataSync()[0]);
    sum.dispose();
    return value;
  }
  return tf.tidy(() => tf.sqrt(tf.addN(ts.map((t) => tf.sum(tf.square(t))))).dataSync()[0]);
}

/** torch's clip_grad_norm_ coefficient: what every gradient is multiplied by (1 below the bound). */
export function clipCoefficient(norm: number, maxNorm: number): number {
  return Math.min(1, maxNorm / (norm + 1e-6));
}

/**
 * torch.nn.utils.clip_grad_norm_: scales all gradients by max/(‖g‖₂ + 1e-6) when the global norm
 * exceeds `maxNorm`. Returns the clipped gradients and the norm before clipping.
 */
export function clipByGlobalNorm(grads: tf.Tensor[], maxNorm: number): { grads: tf.Tensor[]; norm: number } {
  const norm = globalNorm(grads);
  const coef = clipCoefficient(norm, maxNorm);
  if (coef === 1) return { grads, norm };
  return { grads: grads.map((g) => tf.mul(g, coef)), norm };
}
