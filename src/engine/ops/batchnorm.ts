import * as tf from '@tensorflow/tfjs';
import { customOp } from './custom_op';

export const BN_EPS = 1e-5;

const averagers = new Map<string, tf.Tensor2D>();

/**
 * The [1, P] row of 1/P that averages P positions by matmul. Cached per backend and size (a few
 * distinct sizes per network), since a Fill kernel per use costs as much as the matmul itself.
 */
function averager(p: number): tf.Tensor2D {
  const key = `${tf.getBackend()}:${p}`;
  let row = averagers.get(key);
  if (!row) {
    row = tf.keep(tf.fill([1, p], 1 / p)) as tf.Tensor2D;
    averagers.set(key, row);
  }
  return row;
}

/**
 * Per-channel mean over N, H, W as a [1, P] × [P, C] matmul, kept as [1, C]: backends reduce
 * over the innermost axis, so tf.mean over axes 0–2 transposes the whole tensor first.
 */
function channelMean(flat: tf.Tensor2D): tf.Tensor2D {
  return tf.matMul(averager(flat.shape[0]), flat);
}

const flatten = (t: tf.Tensor) => tf.reshape(t, [-1, t.shape[3] as number]) as tf.Tensor2D;

export interface BatchMoments {
  /** [1, C]. */
  mean: tf.Tensor2D;
  /** Biased variance (what normalizes the batch), [1, C]. */
  variance: tf.Tensor2D;
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
      const flat = flatten(x);
      const mean = channelMean(flat);
      const variance = tf.relu(tf.sub(channelMean(tf.square(flat)), tf.square(mean))) as tf.Tensor2D;
      onMoments?.({ mean, variance, count });
      save([mean, tf.rsqrt(tf.add(variance, BN_EPS))]);
      const row = (t?: tf.Tensor1D) => (t ? tf.reshape(t, mean.shape) : undefined);
      return tf.batchNorm(x, mean, variance, row(beta), row(gamma), BN_EPS);
    },
    (dy, saved) => {
      const [mean, invStd] = saved.slice(inputs.length);
      const xhat = tf.mul(tf.sub(saved[0], mean), invStd);
      const dxhat = affine ? tf.mul(dy, saved[1]) : dy;
      const fns = [
        () => {
          const meanD = channelMean(flatten(dxhat));
          const meanDX = channelMean(flatten(tf.mul(dxhat, xhat)));
          return tf.mul(tf.sub(tf.sub(dxhat, meanD), tf.mul(xhat, meanDX)), invStd);
        },
      ];
      if (affine) {
        const [c] = (gamma as tf.Tensor1D).shape;
        fns.push(
          () => tf.reshape(tf.mul(channelMean(flatten(tf.mul(dy, xhat))), count), [c]),
          () => tf.reshape(tf.mul(channelMean(flatten(dy)), count), [c]),
        );
      }
      return fns;
    },
  ) as tf.Tensor4D;
}

/** Inference-mode batch norm with running statistics (the evaluation network, `model.eval()`). */
export function batchNormInfer(x: tf.Tensor4D, runningMean: tf.Tensor1D, runningVar: tf.Tensor1D, gamma?: tf.Tensor1D, beta?: tf.Tensor1D): tf.Tensor4D {
  const y = tf.mul(tf.sub(x, runningMean), tf.rsqrt(tf.add(runningVar, BN_EPS)));
  return gamma && beta ? (tf.add(tf.mul(y, gamma), beta) as tf.Tensor4D) : (y as tf.Tensor4D);
}
