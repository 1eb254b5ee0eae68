import * as tf from '@tensorflow/tfjs';
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
  outputShapes: ([x], a) => [[x[0], a.rows as number, a.cols as number, x[3]]],
  run: ([x], [out], [shape], a) => simd().stridedTap(x, out, shape, a as unknown as { rowStart: number; colStart: number; rows: number; cols: number; step: number }),
};

/**
 * The rows × cols positions `start + i * step` along H and W: one tap of a strided window. With
 * host kernels, one strided copy; otherwise strides are taken by a 1x1 depthwise conv of ones
 * (on wasm both StridedSlice and >4-D Slice run ~100x slower than that XNNPACK kernel). Forward
 * use only (no gradient flows through it).
 */
export function stridedTap(x: tf.Tensor4D, rowStart: number, colStart: number, rows: number, cols: number, step: number): tf.Tensor4D {
  if (hostKernels()) return runHostKernel(hostKernel(STRIDED_TAP), [x], { rowStart, colStart, rows, cols, step })[0] as tf.Tensor4D;
  const [n, , , c] = x.shape;
  const window = tf.slice(x, [0, rowStart, colStart, 0], [n, (rows - 1) * step + 1, (cols - 1) * step + 1, c]);
  if (step === 1) return window;
  return tf.depthwiseConv2d(window, tf.ones([1, 1, c, 1]) as tf.Tensor4D, step, 'valid');
}

/** Inserts `stride - 1` zeros between rows and columns: the adjoint of subsampling by `stride`. */
export function zeroInsert(x: tf.Tensor4D, stride: number): tf.Tensor4D {
  if (stride === 1) return x;
  const [n, h, w, c] = x.shape;
  const spread = tf.pad(tf.reshape(x, [n, h, 1, w, 1, c]), [[0, 0], [0, 0], [0, stride - 1], [0, 0], [0, stride - 1], [0, 0]]);
  const full = tf.reshape(spread, [n, h * stride, w * stride, c]) as tf.Tensor4D;
  return tf.slice(full, [0, 0, 0, 0], [n, (h - 1) * stride + 1, (w - 1) * stride + 1, c]);
}
