import * as tf from '@tensorflow/tfjs';
import { customOp } from './custom_op';
import { padHW, outSize } from './geometry';
import { nativeGrads } from './native_grads';

// The reference's pools are 3x3 with padding 1. Padding is applied explicitly and the kernels
// run with 'valid' padding, so no backend's own (differing) treatment of padded pools matters.
const K = 3;
const PAD = 1;

/** 3x3 max pooling, padding 1 (padded cells never win), stride 1 or 2. */
export function maxPool3x3(x: tf.Tensor4D, stride: number): tf.Tensor4D {
  const pool = (t: tf.Tensor4D) => tf.maxPool(t, K, stride, 'valid');
  if (nativeGrads().maxPool) return pool(padHW(x, PAD, PAD, PAD, PAD, -Infinity));
  // wasm's MaxPoolGrad is exact when every value is positive (its defect is with negative
  // windows), so dy is routed on a copy shifted to x − min(x) + 1, padded with 0. The shift keeps
  // the order of values, so the same element wins each window (barring float rounding ties).
  return customOp(
    [x],
    (save) => {
      const shifted = padHW(tf.add(tf.sub(x, tf.min(x)), 1), PAD, PAD, PAD, PAD, 0);
      save([shifted, pool(shifted)]);
      return pool(padHW(x, PAD, PAD, PAD, PAD, -Infinity));
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
  const [, h, w] = x.shape;
  const pooled = tf.avgPool(padHW(x, PAD, PAD, PAD, PAD), K, stride, 'valid');
  return tf.mul(pooled, tf.div(K * K, windowCounts(h, w, stride))) as tf.Tensor4D;
}
