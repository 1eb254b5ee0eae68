import * as tf from '@tensorflow/tfjs';
import { customOp } from './custom_op';

export const BN_EPS = 1e-5;

/**
 * Per-channel mean over N, H, W as a [1, P] × [P, C] matmul: backends reduce over the innermost
 * axis, so tf.mean over axes 0–2 transposes the whole tensor first (≈5x slower on wasm).
 */
function channelMean(x: tf.Tensor): tf.Tensor1D {
  const c = x.shape[3] as number;
  const p = x.size / c;
  return tf.reshape(tf.matMul(tf.fill([1, p], 1 / p), tf.reshape(x, [p, c])), [c]);
}

export interface BatchMoments {
  mean: tf.Tensor1D;
  /** Biased variance (what normalizes the batch). */
  variance: tf.Tensor1D;
  count: number;
}

/**
 * Batch normalization with batch statistics (training mode), over N, H, W of an NHWC tensor.
 * `gamma`/`beta` are omitted for the reference's search-time BN (affine=False). The backward pass
 * is the closed form, which costs a handful of ops instead of the ~15 autodiff would tape.
 * `onMoments` sees the batch statistics (e.g. to update running averages) inside the op's scope.
 */
export function batchNormTrain(
  x: tf.Tensor4D,
  gamma?: tf.Tensor1D,
  beta?: tf.Tensor1D,
  onMoments?: (m: BatchMoments) => void,
): tf.Tensor4D {
  const affine = gamma !== undefined && beta !== undefined;
  const inputs: tf.Tensor[] = affine ? [x, gamma, beta] : [x];
  const count = x.shape[0] * x.shape[1] * x.shape[2];
  return customOp(
    inputs,
    (save) => {
      // E[x²] − E[x]² and one fused normalization kernel: three passes over x instead of six.
      const mean = channelMean(x);
      const variance = tf.relu(tf.sub(channelMean(tf.square(x)), tf.square(mean))) as tf.Tensor1D;
      onMoments?.({ mean, variance, count });
      save([mean, tf.rsqrt(tf.add(variance, BN_EPS))]);
      return tf.batchNorm(x, mean, variance, beta, gamma, BN_EPS);
    },
    (dy, saved) => {
      const [mean, invStd] = saved.slice(inputs.length);
      const xhat = tf.mul(tf.sub(saved[0], mean), invStd);
      const dxhat = affine ? tf.mul(dy, saved[1]) : dy;
      const fns = [
        () => {
          const meanD = channelMean(dxhat);
          const meanDX = channelMean(tf.mul(dxhat, xhat));
          return tf.mul(tf.sub(tf.sub(dxhat, meanD), tf.mul(xhat, meanDX)), invStd);
        },
      ];
      if (affine) fns.push(() => tf.mul(channelMean(tf.mul(dy, xhat)), count), () => tf.mul(channelMean(dy), count));
      return fns;
    },
  ) as tf.Tensor4D;
}

/** Inference-mode batch norm with running statistics (the evaluation network, `model.eval()`). */
export function batchNormInfer(x: tf.Tensor4D, runningMean: tf.Tensor1D, runningVar: tf.Tensor1D, gamma?: tf.Tensor1D, beta?: tf.Tensor1D): tf.Tensor4D {
  const y = tf.mul(tf.sub(x, runningMean), tf.rsqrt(tf.add(runningVar, BN_EPS)));
  return gamma && beta ? (tf.add(tf.mul(y, gamma), beta) as tf.Tensor4D) : (y as tf.Tensor4D);
}
