import * as tf from '@tensorflow/tfjs';
import { customOp } from './custom_op';

export const BN_EPS = 1e-5;

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
      const { mean, variance } = tf.moments(x, [0, 1, 2]);
      onMoments?.({ mean: mean as tf.Tensor1D, variance: variance as tf.Tensor1D, count });
      const invStd = tf.rsqrt(tf.add(variance, BN_EPS));
      const xhat = tf.mul(tf.sub(x, mean), invStd);
      save([xhat, invStd]);
      return affine ? tf.add(tf.mul(xhat, gamma), beta) : xhat;
    },
    (dy, saved) => {
      const [xhat, invStd] = saved.slice(inputs.length);
      const dxhat = affine ? tf.mul(dy, saved[1]) : dy;
      const fns = [
        () => {
          const meanD = tf.mean(dxhat, [0, 1, 2]);
          const meanDX = tf.mean(tf.mul(dxhat, xhat), [0, 1, 2]);
          return tf.mul(tf.sub(tf.sub(dxhat, meanD), tf.mul(xhat, meanDX)), invStd);
        },
      ];
      if (affine) fns.push(() => tf.sum(tf.mul(dy, xhat), [0, 1, 2]), () => tf.sum(dy, [0, 1, 2]));
      return fns;
    },
  ) as tf.Tensor4D;
}

/** Inference-mode batch norm with running statistics (the evaluation network, `model.eval()`). */
export function batchNormInfer(x: tf.Tensor4D, runningMean: tf.Tensor1D, runningVar: tf.Tensor1D, gamma?: tf.Tensor1D, beta?: tf.Tensor1D): tf.Tensor4D {
  const y = tf.mul(tf.sub(x, runningMean), tf.rsqrt(tf.add(runningVar, BN_EPS)));
  return gamma && beta ? (tf.add(tf.mul(y, gamma), beta) as tf.Tensor4D) : (y as tf.Tensor4D);
}
