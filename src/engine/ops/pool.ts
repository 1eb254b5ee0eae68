import * as tf from '@tensorflow/tfjs';
import { customOp } from './custom_op';
import { padHW, scatterTap, stridedTap, outSize } from './geometry';
import { nativeGrads } from './native_grads';

// The reference's pools are 3x3 with padding 1. Padding is applied explicitly and the kernels
// run with 'valid' padding, so no backend's own (differing) treatment of padded pools matters.
const K = 3;
const PAD = 1;

/** 3x3 max pooling, padding 1 (padded cells never win), stride 1 or 2. */
export function maxPool3x3(x: tf.Tensor4D, stride: number): tf.Tensor4D {
  const xp = padHW(x, PAD, PAD, PAD, PAD, -Infinity);
  if (nativeGrads().maxPool) return tf.maxPool(xp, K, stride, 'valid');
  return customOp(
    [xp],
    (save) => {
      const y = tf.maxPool(xp, K, stride, 'valid');
      save([y]);
      return y;
    },
    (dy, [xs, y]) => [() => maxPoolGrad(xs as tf.Tensor4D, y as tf.Tensor4D, dy as tf.Tensor4D, stride)],
  ) as tf.Tensor4D;
}

/** Routes dy to the first maximal element of each window, as PyTorch does for ties. */
function maxPoolGrad(xp: tf.Tensor4D, y: tf.Tensor4D, dy: tf.Tensor4D, stride: number): tf.Tensor4D {
  const [, rows, cols] = y.shape;
  const [, h, w] = xp.shape;
  let taken: tf.Tensor = tf.zerosLike(y);
  let dx: tf.Tensor4D | undefined;
  for (let a = 0; a < K; a++) {
    for (let b = 0; b < K; b++) {
      const hit = tf.mul(tf.cast(tf.equal(stridedTap(xp, a, b, rows, cols, stride), y), 'float32'), tf.sub(1, taken));
      taken = tf.add(taken, hit);
      const part = scatterTap(tf.mul(hit, dy) as tf.Tensor4D, a, b, h, w, stride);
      dx = dx ? (tf.add(dx, part) as tf.Tensor4D) : part;
    }
  }
  return dx as tf.Tensor4D;
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
