import * as tf from '@tensorflow/tfjs';
import { customOp } from './custom_op';
import { hostKernel, hostKernels, runHostKernel, type HostKernel } from './host_kernels';

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
  return hostKernels() ? fusedBatchNormTrain(x, gamma, beta, onMoments) : compositeBatchNormTrain(x, gamma, beta, onMoments);
}

/** The formulation from tfjs ops, for backends without our host kernels (and the fused one's oracle). */
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

// The host kernels' loops view an NHWC tensor as [P, C] and visit 4 channels at a time, striding
// over the positions with those channels' running values in locals: V8 keeps them in registers,
// about 3x faster than position-major loops whose per-channel values are array loads and stores.
// Channels past the last multiple of 4 take a scalar loop of the same form.

/**
 * Per-channel mean and biased variance in one pass, accumulated in float64 about each channel's
 * first value (a shift that keeps E[(x−K)²] − E[x−K]² from cancelling).
 */
function moments(x: Float32Array, c: number): { mean: Float64Array; variance: Float64Array } {
  const p = x.length / c;
  const mean = new Float64Array(c);
  const variance = new Float64Array(c);
  const finish = (k: number, shift: number, sum: number, squares: number) => {
    const m = sum / p;
    mean[k] = shift + m;
    variance[k] = Math.max(0, squares / p - m * m);
  };
  let k = 0;
  for (; k + 4 <= c; k += 4) {
    const k0 = x[k], k1 = x[k + 1], k2 = x[k + 2], k3 = x[k + 3];
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0, q0 = 0, q1 = 0, q2 = 0, q3 = 0;
    for (let i = k; i < x.length; i += c) {
      const d0 = x[i] - k0, d1 = x[i + 1] - k1, d2 = x[i + 2] - k2, d3 = x[i + 3] - k3;
      s0 += d0;
      s1 += d1;
      s2 += d2;
      s3 += d3;
      q0 += d0 * d0;
      q1 += d1 * d1;
      q2 += d2 * d2;
      q3 += d3 * d3;
    }
    finish(k, k0, s0, q0);
    finish(k + 1, k1, s1, q1);
    finish(k + 2, k2, s2, q2);
    finish(k + 3, k3, s3, q3);
  }
  for (; k < c; k++) {
    const k0 = x[k];
    let s0 = 0, q0 = 0;
    for (let i = k; i < x.length; i += c) {
      const d0 = x[i] - k0;
      s0 += d0;
      q0 += d0 * d0;
    }
    finish(k, k0, s0, q0);
  }
  return { mean, variance };
}

/** out = a·u + b·v + off per channel (b·v left out when v is null): BN's forward and its input gradient. */
function channelAffine(out: Float32Array, a: Float64Array, u: Float32Array, b: Float64Array | null, v: Float32Array | null, off: Float64Array, c: number): void {
  let k = 0;
  for (; k + 4 <= c; k += 4) {
    const a0 = a[k], a1 = a[k + 1], a2 = a[k + 2], a3 = a[k + 3];
    const o0 = off[k], o1 = off[k + 1], o2 = off[k + 2], o3 = off[k + 3];
    if (b && v) {
      const b0 = b[k], b1 = b[k + 1], b2 = b[k + 2], b3 = b[k + 3];
      for (let i = k; i < u.length; i += c) {
        out[i] = a0 * u[i] + b0 * v[i] + o0;
        out[i + 1] = a1 * u[i + 1] + b1 * v[i + 1] + o1;
        out[i + 2] = a2 * u[i + 2] + b2 * v[i + 2] + o2;
        out[i + 3] = a3 * u[i + 3] + b3 * v[i + 3] + o3;
      }
    } else {
      for (let i = k; i < u.length; i += c) {
        out[i] = a0 * u[i] + o0;
        out[i + 1] = a1 * u[i + 1] + o1;
        out[i + 2] = a2 * u[i + 2] + o2;
        out[i + 3] = a3 * u[i + 3] + o3;
      }
    }
  }
  for (; k < c; k++) {
    const a0 = a[k], b0 = b ? b[k] : 0, o0 = off[k];
    for (let i = k; i < u.length; i += c) out[i] = a0 * u[i] + (v ? b0 * v[i] : 0) + o0;
  }
}

/** Per channel, Σ dy and Σ dy·(x − mean): what every BN gradient reduces to. */
function gradientSums(dy: Float32Array, x: Float32Array, mean: Float32Array, c: number): { sumD: Float64Array; sumDX: Float64Array } {
  const sumD = new Float64Array(c);
  const sumDX = new Float64Array(c);
  let k = 0;
  for (; k + 4 <= c; k += 4) {
    const m0 = mean[k], m1 = mean[k + 1], m2 = mean[k + 2], m3 = mean[k + 3];
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0, t0 = 0, t1 = 0, t2 = 0, t3 = 0;
    for (let i = k; i < x.length; i += c) {
      const d0 = dy[i], d1 = dy[i + 1], d2 = dy[i + 2], d3 = dy[i + 3];
      s0 += d0;
      s1 += d1;
      s2 += d2;
      s3 += d3;
      t0 += d0 * (x[i] - m0);
      t1 += d1 * (x[i + 1] - m1);
      t2 += d2 * (x[i + 2] - m2);
      t3 += d3 * (x[i + 3] - m3);
    }
    sumD[k] = s0;
    sumD[k + 1] = s1;
    sumD[k + 2] = s2;
    sumD[k + 3] = s3;
    sumDX[k] = t0;
    sumDX[k + 1] = t1;
    sumDX[k + 2] = t2;
    sumDX[k + 3] = t3;
  }
  for (; k < c; k++) {
    const m0 = mean[k];
    let s0 = 0, t0 = 0;
    for (let i = k; i < x.length; i += c) {
      s0 += dy[i];
      t0 += dy[i] * (x[i] - m0);
    }
    sumD[k] = s0;
    sumDX[k] = t0;
  }
  return { sumD, sumDX };
}

const invStdOf = (variance: ArrayLike<number>) => Float64Array.from(variance, (v) => 1 / Math.sqrt(v + BN_EPS));

const channels = (shape: readonly number[]) => shape[shape.length - 1];

/** Training-mode BN forward: inputs x (, gamma, beta); outputs y, batch mean [C], biased variance [C]. */
const BN_FORWARD: HostKernel = {
  name: 'NasStudioBatchNormTrain',
  outputShapes: ([x]) => [x, [channels(x)], [channels(x)]],
  run: ([x, gamma, beta], [y, meanOut, varOut], [shape]) => {
    const c = channels(shape);
    const { mean, variance } = moments(x, c);
    const invStd = invStdOf(variance);
    const scale = new Float64Array(c);
    const shift = new Float64Array(c);
    for (let k = 0; k < c; k++) {
      scale[k] = (gamma ? gamma[k] : 1) * invStd[k];
      shift[k] = (beta ? beta[k] : 0) - mean[k] * scale[k];
      meanOut[k] = mean[k];
      varOut[k] = variance[k];
    }
    channelAffine(y, scale, x, null, null, shift, c);
  },
};

/** dL/dx from dy, x, the forward's batch mean and variance (, gamma): the closed form. */
const BN_INPUT_GRAD: HostKernel = {
  name: 'NasStudioBatchNormInputGrad',
  outputShapes: ([, x]) => [x],
  run: ([dy, x, mean, variance, gamma], [dx], [, shape]) => {
    const c = channels(shape);
    const p = x.length / c;
    const invStd = invStdOf(variance);
    const { sumD, sumDX } = gradientSums(dy, x, mean, c);
    // dx = γ·invStd·(dy − mean(dy) − x̂·mean(dy·x̂)), folded into dx = a·dy + b·x + c per channel.
    const a = new Float64Array(c);
    const b = new Float64Array(c);
    const off = new Float64Array(c);
    for (let k = 0; k < c; k++) {
      const g = gamma ? gamma[k] : 1;
      a[k] = g * invStd[k];
      b[k] = -g * invStd[k] ** 3 * (sumDX[k] / p);
      off[k] = -g * invStd[k] * (sumD[k] / p) - b[k] * mean[k];
    }
    channelAffine(dx, a, dy, b, x, off, c);
  },
};

/** dL/dγ (attr `which` 0) or dL/dβ (1) from dy, x, the forward's batch mean and variance. */
const BN_PARAM_GRAD: HostKernel = {
  name: 'NasStudioBatchNormParamGrad',
  outputShapes: ([, x]) => [[channels(x)]],
  run: ([dy, x, mean, variance], [out], [, shape], attrs) => {
    const { sumD, sumDX } = gradientSums(dy, x, mean, channels(shape));
    if (attrs.which === 1) out.set(sumD);
    else out.set(sumDX.map((v, k) => v / Math.sqrt(variance[k] + BN_EPS)));
  },
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
      const [y, mean, variance] = runHostKernel(forward, inputs);
      const c = mean.shape[0];
      onMoments?.({ mean: tf.reshape(mean, [1, c]), variance: tf.reshape(variance, [1, c]), count });
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

/** Both running averages in one kernel: inputs mean, var [C], batch mean, batch var ([1, C]); outputs mean', var'. */
const RUNNING_STATISTICS: HostKernel = {
  name: 'NasStudioRunningStatistics',
  outputShapes: ([mean, variance]) => [mean, variance],
  run: ([mean, variance, batchMean, batchVariance], [meanOut, varianceOut], _shapes, attrs) => {
    const [momentum, unbiased] = [attrs.momentum, attrs.unbiased] as number[];
    for (let k = 0; k < mean.length; k++) {
      meanOut[k] = mean[k] * (1 - momentum) + batchMean[k] * momentum;
      varianceOut[k] = variance[k] * (1 - momentum) + batchVariance[k] * momentum * unbiased;
    }
  },
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
  const average = (avg: tf.Tensor, x: tf.Tensor, take: number) => tf.reshape(tf.add(tf.mul(avg, 1 - momentum), tf.mul(x, take)), avg.shape);
  return [average(mean, batch.mean, momentum), average(variance, batch.variance, momentum * unbiased)];
}
