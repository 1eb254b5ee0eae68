import * as tf from '@tensorflow/tfjs';
import { customOp } from './custom_op';
import { padHW, outSize } from './geometry';
import { hostKernel, hostKernels, runHostKernel, type HostKernel } from './host_kernels';
import { nativeGrads } from './native_grads';
import { simd } from './simd/kernels';

// The reference's pools are 3x3 with padding 1. Padding is applied explicitly and the kernels
// run with 'valid' padding, so no backend's own (differing) treatment of padded pools matters.
const K = 3;
const PAD = 1;

/**
 * The pools' input gradient as one host kernel in wasm SIMD (kernels/pool.ts; attrs: stride, kind
 * 'max' | 'avg'; inputs dy, x): the padding is handled by the window bounds instead of pad and
 * slice kernels around wasm's MaxPoolGrad (about 1.2 ms on a 16×16×16×8 map) or AvgPoolGrad. Max
 * routes each output's gradient to the first maximum in row-major window order, as PyTorch does;
 * avg excludes padding from the count. The forward passes stay tfjs's pooling kernels, which are fast.
 */
const POOL_GRAD: HostKernel = {
  name: 'NasStudioPool3x3Grad',
  jsReads: [],
  outputShapes: ([, x]) => [x],
  run: ([dy, x], [dx], [dyShape, shape], attrs) => simd().poolGrad(dy, x, dx, shape, dyShape, attrs.stride as number, attrs.kind === 'max'),
};

function hostPool(x: tf.Tensor4D, stride: number, kind: 'max' | 'avg'): tf.Tensor4D {
  const grad = hostKernel(POOL_GRAD);
  return customOp(
    [x],
    () => (kind === 'max' ? maxForward(x, stride) : avgForward(x, stride)),
    (dy, [xs]) => [() => runHostKernel(grad, [dy, xs], { stride, kind })[0]],
  ) as tf.Tensor4D;
}

const maxForward = (x: tf.Tensor4D, stride: number) => tf.maxPool(padHW(x, PAD, PAD, PAD, PAD, -Infinity), K, stride, 'valid');

/** 3x3 max pooling, padding 1 (padded cells never win), stride 1 or 2. */
export function maxPool3x3(x: tf.Tensor4D, stride: number): tf.Tensor4D {
  if (hostKernels()) return hostPool(x, stride, 'max');
  if (nativeGrads().maxPool) return maxForward(x, stride);
  const pool = (t: tf.Tensor4D) => tf.maxPool(t, K, stride, 'valid');
  // wasm's MaxPoolGrad is exact when every value is positive (its defect is with negative
  // windows), so dy is routed on a copy shifted to x − min(x) + 1, padded with 0. The shift keeps
  // the order of values, so the same element wins each window (barring float rounding ties).
  return customOp(
    [x],
    (save) => {
      const shifted = padHW(tf.add(tf.sub(x, tf.min(x)), 1), PAD, PAD, PAD, PAD, 0);
      save([shifted, pool(shifted)]);
      return maxForward(x, stride);
    },
    (dy, [xs, shifted, pooled]) => [
      () => {
        const attrs = { filterSize: K, strides: stride, pad: 'valid' };
        const g = tf.engine().runKernel('MaxPoolGrad', { dy, input: shifted, output: pooled }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor4D;
        return tf.slice(g, [0, PAD, PAD, 0], xs.shape);
      },
    ],
  ) as tf.Tensor4D;
}

/** Number of real (unpadded) cells in each window, shape [1, rows, cols, 1]. */
function windowCounts(h: number, w: number, stride: number): tf.Tensor4D {
  const win = { kernel: K, stride, pad: PAD, dilation: 1 };
  const rows = outSize(h, win);
  const cols = outSize(w, win);
  const span = (i: number, n: number) => Math.min(i * stride - PAD + K, n) - Math.max(i * stride - PAD, 0);
  const counts = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) counts[i * cols + j] = span(i, h) * span(j, w);
  return tf.tensor4d(counts, [1, rows, cols, 1]);
}

/**
 * 3x3 average pooling, padding 1, excluding padding from the count (`count_include_pad=False`).
 * A 'valid' pool of the zero-padded input divides by 9; rescaling by 9/count is exact, and both
 * steps have correct native gradients on every backend.
 */
export function avgPool3x3(x: tf.Tensor4D, stride: number): tf.Tensor4D {
  return hostKernels() ? hostPool(x, stride, 'avg') : avgForward(x, stride);
}

function avgForward(x: tf.Tensor4D, stride: number): tf.Tensor4D {
  const [, h, w] = x.shape;
  const pooled = tf.avgPool(padHW(x, PAD, PAD, PAD, PAD), K, stride, 'valid');
  return tf.mul(pooled, tf.div(K * K, windowCounts(h, w, stride))) as tf.Tensor4D;
}
