import * as tf from '@tensorflow/tfjs';
import { customOp } from './custom_op';
import { hostKernel, hostKernels, runHostKernel, type HostKernel } from './host_kernels';
import { simd } from './simd/kernels';

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
  /** [C]. */
  mean: tf.Tensor1D;
  /** Biased variance (what normalizes the batch), [C]. */
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
  return hostKernels() ? fusedBatchNormTrain(x, gamma, beta, onMoments) : compositeBatchNormTrain(x, gamma, beta, onMoments);
}

/** The formulation from tfjs ops, for backends without our host kernels or wasm SIMD (and the fused one's oracle). */
function compositeBatchNormTrain(x: tf.Tensor4D, gamma?: tf.Tensor1D, beta?: tf.Tensor1D, onMoments?: (m: BatchMoments) => void): tf.Tensor4D {
  const affine = gamma !== undefined && beta !== undefined;
  const inputs: tf.Tensor[] = affine ? [x, gamma, beta] : [x];
  const count = x.shape[0] * x.shape[1] * x.shape[2];
  return customOp(
    inputs,
    (save) => {
      // Two passes (the mean, then the centred squares): E[x²] − E[x]² loses digits to cancellation.
      const flat = flatten(x);
      const mean = channelMean(flat);
      const variance = channelMean(tf.square(tf.sub(flat, mean)) as tf.Tensor2D);
      if (onMoments) onMoments({ mean: tf.reshape(mean, [-1]), variance: tf.reshape(variance, [-1]), count });
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

const channels = (shape: readonly number[]) => shape[shape.length - 1];

// The fused kernels are wasm SIMD (kernels/batchnorm.ts): NHWC viewed as [P, C], four channels
// at a time, float64 sums.

/** Training-mode BN forward: inputs x (, gamma, beta); outputs y, batch mean [C], biased variance [C]. */
const BN_FORWARD: HostKernel = {
  name: 'NasStudioBatchNormTrain',
  jsReads: [],
  outputShapes: ([x]) => [x, [channels(x)], [channels(x)]],
  run: ([x, gamma, beta], [y, mean, variance], [shape]) => simd().batchNormForward(x, y, mean, variance, gamma, beta, channels(shape), BN_EPS),
};

/** dL/dx from dy, x, the forward's batch mean and variance (, gamma): the closed form. */
const BN_INPUT_GRAD: HostKernel = {
  name: 'NasStudioBatchNormInputGrad',
  jsReads: [],
  outputShapes: ([, x]) => [x],
  run: ([dy, x, mean, variance, gamma], [dx], [, shape]) => simd().batchNormBackward(dy, x, mean, variance, gamma, { dx }, channels(shape), BN_EPS),
};

/** dL/dγ (attr `which` 0) or dL/dβ (1) from dy, x, the forward's batch mean and variance. */
const BN_PARAM_GRAD: HostKernel = {
  name: 'NasStudioBatchNormParamGrad',
  jsReads: [],
  outputShapes: ([, x]) => [[channels(x)]],
  run: ([dy, x, mean, variance], [out], [, shape], attrs) =>
    simd().batchNormBackward(dy, x, mean, variance, undefined, attrs.which === 1 ? { dbeta: out } : { dgamma: out }, channels(shape), BN_EPS),
};

/** The same op as `compositeBatchNormTrain` in one host kernel forward and one per gradient. */
function fusedBatchNormTrain(x: tf.Tensor4D, gamma?: tf.Tensor1D, beta?: tf.Tensor1D, onMoments?: (m: BatchMoments) => void): tf.Tensor4D {
  const affine = gamma !== undefined && beta !== undefined;
  const inputs: tf.Tensor[] = affine ? [x, gamma, beta] : [x];
  const count = x.shape[0] * x.shape[1] * x.shape[2];
  const [forward, inputGrad, paramGrad] = [hostKernel(BN_FORWARD), hostKernel(BN_INPUT_GRAD), hostKernel(BN_PARAM_GRAD)];
  return customOp(
    inputs,
    (save) => {
      const [y, mean, variance] = runHostKernel(forward, inputs) as [tf.Tensor4D, tf.Tensor1D, tf.Tensor1D];
      onMoments?.({ mean, variance, count });
      // [C] each: the gradients read them instead of computing them from x again.
      save([mean, variance]);
      return y;
    },
    (dy, saved) => {
      const [x, stats] = [saved[0], saved.slice(inputs.length)];
      const fns = [() => runHostKernel(inputGrad, affine ? [dy, x, ...stats, saved[1]] : [dy, x, ...stats])[0]];
      if (affine) fns.push(() => runHostKernel(paramGrad, [dy, x, ...stats], { which: 0 })[0], () => runHostKernel(paramGrad, [dy, x, ...stats], { which: 1 })[0]);
      return fns;
    },
  ) as tf.Tensor4D;
}

/** Inference-mode batch norm with running statistics (the evaluation network, `model.eval()`). */
export function batchNormInfer(x: tf.Tensor4D, runningMean: tf.Tensor1D, runningVar: tf.Tensor1D, gamma?: tf.Tensor1D, beta?: tf.Tensor1D): tf.Tensor4D {
  const y = tf.mul(tf.sub(x, runningMean), tf.rsqrt(tf.add(runningVar, BN_EPS)));
  return gamma && beta ? (tf.add(tf.mul(y, gamma), beta) as tf.Tensor4D) : (y as tf.Tensor4D);
}

/** Both running averages in one kernel: inputs mean, var, batch mean, batch var (each [C]); outputs mean', var'. */
const RUNNING_STATISTICS: HostKernel = {
  name: 'NasStudioRunningStatistics',
  outputShapes: ([mean, variance]) => [mean, variance],
  jsReads: [],
  run: ([mean, variance, batchMean, batchVariance], [meanOut, varianceOut], _shapes, attrs) =>
    simd().runningStatistics(mean, variance, batchMean, batchVariance, { mean: meanOut, variance: varianceOut }, attrs.momentum as number, attrs.unbiased as number),
};

/**
 * PyTorch's running-statistics update, the new values of both: mean·(1−m) + μ·m and
 * var·(1−m) + σ²·m·n/(n−1) (the running variance takes the unbiased batch variance).
 */
export function runningStatistics(mean: tf.Tensor1D, variance: tf.Tensor1D, batch: BatchMoments, momentum: number): [tf.Tensor, tf.Tensor] {
  const unbiased = batch.count / Math.max(1, batch.count - 1);
  if (hostKernels()) {
    const [m, v] = runHostKernel(hostKernel(RUNNING_STATISTICS), [mean, variance, batch.mean, batch.variance], { momentum, unbiased });
    return [m, v];
  }
  const average = (avg: tf.Tensor, x: tf.Tensor, take: number) => tf.add(tf.mul(avg, 1 - momentum), tf.mul(x, take));
  return [average(mean, batch.mean, momentum), average(variance, batch.variance, momentum * unbiased)];
}
