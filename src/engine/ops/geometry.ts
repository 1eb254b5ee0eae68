import * as tf from '@tensorflow/tfjs';
import { customOp } from './custom_op';
import { hostKernel, hostKernels, runHostKernel, type HostKernel } from './host_kernels';
import { simd } from './simd/kernels';

/** Spatial hyper-parameters of a sliding-window op, PyTorch style: symmetric explicit padding. */
export interface Window {
  kernel: number;
  stride: number;
  pad: number;
  dilation: number;
}

/** Output length of a window op along one axis (PyTorch's floor formula). */
export function outSize(n: number, w: Window): number {
  return Math.floor((n + 2 * w.pad - w.dilation * (w.kernel - 1) - 1) / w.stride) + 1;
}

/** Pads H and W of an NHWC tensor by `top/left` before and `bottom/right` after. */
export function padHW(x: tf.Tensor4D, top: number, bottom: number, left: number, right: number, value = 0): tf.Tensor4D {
  if (top === 0 && bottom === 0 && left === 0 && right === 0) return x;
  return tf.pad(x, [[0, 0], [top, bottom], [left, right], [0, 0]], value);
}

/** One host kernel in wasm SIMD (kernels/strided.ts); inputs x; attrs rowStart, colStart, rows, cols, step. */
const STRIDED_TAP: HostKernel = {
  name: 'NasStudioStridedTap',
  jsReads: [],
  outputShapes: ([x], a) => [[x[0], a.rows as number, a.cols as number, x[3]]],
  run: ([x], [out], [shape], a) => simd().stridedTap(x, out, shape, a as unknown as { rowStart: number; colStart: number; rows: number; cols: number; step: number }),
};

/**
 * The rows × cols positions `start + i * step` along H and W: one tap of a strided window. With
 * host kernels, one strided copy; otherwise strides are taken by a 1x1 depthwise conv of ones
 * (on wasm both StridedSlice and >4-D Slice run ~100x slower than that XNNPACK kernel). No
 * gradient of its own: `trimTopLeft` and the conv adjoints pair it with `spread`.
 */
export function stridedTap(x: tf.Tensor4D, rowStart: number, colStart: number, rows: number, cols: number, step: number): tf.Tensor4D {
  if (hostKernels()) return runHostKernel(hostKernel(STRIDED_TAP), [x], { rowStart, colStart, rows, cols, step })[0] as tf.Tensor4D;
  const [n, , , c] = x.shape;
  const window = tf.slice(x, [0, rowStart, colStart, 0], [n, (rows - 1) * step + 1, (cols - 1) * step + 1, c]);
  if (step === 1) return window;
  return tf.depthwiseConv2d(window, tf.ones([1, 1, c, 1]) as tf.Tensor4D, step, 'valid');
}

/**
 * dy zero-inserted by `stride` and placed at (offset, offset) in a zero map of rows × cols: the
 * input of a conv's adjoint, one host kernel in wasm SIMD (kernels/strided.ts) instead of pad,
 * reshape, slice and pad kernels.
 */
const SPREAD: HostKernel = {
  name: 'NasStudioSpread',
  jsReads: [],
  outputShapes: ([dy], attrs) => [[dy[0], attrs.rows as number, attrs.cols as number, dy[3]]],
  run: ([dy], [out], [shape], a) =>
    simd().spread(dy, out, shape, { step: a.stride as number, offset: a.offset as number, rows: a.rows as number, cols: a.cols as number }),
};

/** The SPREAD kernel: host kernels only (the conv adjoint's input, the trim's gradient). */
export const spread = (dy: tf.Tensor4D, at: { stride: number; offset: number; rows: number; cols: number }): tf.Tensor4D =>
  runHostKernel(hostKernel(SPREAD), [dy], at)[0] as tf.Tensor4D;

/**
 * x without its first `by` rows and columns (PyTorch's x[:, :, by:, by:]: the factorized reduce's
 * shifted input). With host kernels a strided tap forward and a spread backward: wasm's Slice of
 * a 4-D map, and the pad kernel that is its gradient, took about 0.2–0.4 ms a call.
 */
export function trimTopLeft(x: tf.Tensor4D, by: number): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  if (!hostKernels()) return tf.slice(x, [0, by, by, 0], [n, h - by, w - by, c]);
  return customOp(
    [x],
    () => stridedTap(x, by, by, h - by, w - by, 1),
    (dy) => [() => spread(dy as tf.Tensor4D, { stride: 1, offset: by, rows: h, cols: w })],
    { keepInputs: false },
  ) as tf.Tensor4D;
}

/**
 * Every `step`-th row and column of x from the first, rows × cols of them (a 1x1 strided conv's
 * input): a strided tap forward and a spread backward. Host kernels only.
 */
export function subsample(x: tf.Tensor4D, step: number, rows: number, cols: number): tf.Tensor4D {
  const [, h, w] = x.shape;
  return customOp(
    [x],
    () => stridedTap(x, 0, 0, rows, cols, step),
    (dy) => [() => spread(dy as tf.Tensor4D, { stride: step, offset: 0, rows: h, cols: w })],
    { keepInputs: false },
  ) as tf.Tensor4D;
}

/** Inserts `stride - 1` zeros between rows and columns: the adjoint of subsampling by `stride`. */
export function zeroInsert(x: tf.Tensor4D, stride: number): tf.Tensor4D {
  if (stride === 1) return x;
  const [n, h, w, c] = x.shape;
  const padded = tf.pad(tf.reshape(x, [n, h, 1, w, 1, c]), [[0, 0], [0, 0], [0, stride - 1], [0, 0], [0, stride - 1], [0, 0]]);
  const full = tf.reshape(padded, [n, h * stride, w * stride, c]) as tf.Tensor4D;
  return tf.slice(full, [0, 0, 0, 0], [n, (h - 1) * stride + 1, (w - 1) * stride + 1, c]);
}
