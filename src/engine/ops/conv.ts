import * as tf from '@tensorflow/tfjs';
import { customOp } from './custom_op';
import { padHW, stridedTap, zeroInsert, outSize } from './geometry';
import { nativeGrads } from './native_grads';

export interface ConvOptions {
  stride?: number;
  pad?: number;
  dilation?: number;
  /** Channel groups for a regular conv (AllegroNAS group conv); depthwise has its own op. */
  groups?: number;
}

type Kind = 'conv' | 'depthwise';

/** Forward kernel on an already padded input. tfjs refuses stride > 1 together with dilation > 1. */
function forwardValid(kind: Kind, xp: tf.Tensor4D, w: tf.Tensor4D, stride: number, dilation: number, rows: number, cols: number): tf.Tensor4D {
  const run = (x: tf.Tensor4D, s: number, d: number) =>
    kind === 'conv' ? tf.conv2d(x, w, s, 'valid', 'NHWC', d) : tf.depthwiseConv2d(x, w, s, 'valid', 'NHWC', d);
  if (stride === 1 || dilation === 1) return run(xp, stride, dilation);
  if (dilation % stride === 0) {
    // Every tap lands on a multiple of the stride: convolve the subsampled grid with dilation d/s.
    const [, h, wd] = xp.shape;
    const sub = stridedTap(xp, 0, 0, Math.ceil(h / stride), Math.ceil(wd / stride), stride);
    const y = run(sub, 1, dilation / stride);
    return tf.slice(y, [0, 0, 0, 0], [y.shape[0], rows, cols, y.shape[3]]);
  }
  return stridedTap(run(xp, 1, dilation), 0, 0, rows, cols, stride);
}

/**
 * Gradient w.r.t. the padded input: a stride-1 correlation of the zero-inserted, padded dy with the
 * flipped kernel. Only forward kernels are used, so it works for any stride and dilation.
 */
function inputGrad(kind: Kind, dy: tf.Tensor4D, w: tf.Tensor4D, xpShape: number[], stride: number, dilation: number): tf.Tensor4D {
  const k = w.shape[0];
  const reach = dilation * (k - 1);
  const spread = zeroInsert(dy, stride);
  const dyp = padHW(spread, reach, xpShape[1] - spread.shape[1], reach, xpShape[2] - spread.shape[2]);
  const flipped = tf.reverse(w, [0, 1]);
  if (kind === 'depthwise') return tf.depthwiseConv2d(dyp, flipped as tf.Tensor4D, 1, 'valid', 'NHWC', dilation);
  return tf.conv2d(dyp, tf.transpose(flipped, [0, 1, 3, 2]) as tf.Tensor4D, 1, 'valid', 'NHWC', dilation);
}

/** Gradient w.r.t. the kernel, one tap at a time: dW[tap] = Σ_{n,i,j} x_tap · dy. */
function filterGrad(kind: Kind, dy: tf.Tensor4D, xp: tf.Tensor4D, w: tf.Tensor4D, stride: number, dilation: number): tf.Tensor4D {
  const [k, , cin, cout] = w.shape;
  const [n, rows, cols] = dy.shape;
  const flatDy = kind === 'conv' ? tf.reshape(dy, [n * rows * cols, cout]) : dy;
  const taps: tf.Tensor[] = [];
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      const xt = stridedTap(xp, a * dilation, b * dilation, rows, cols, stride);
      taps.push(kind === 'conv' ? tf.matMul(tf.reshape(xt, [n * rows * cols, cin]), flatDy as tf.Tensor2D, true, false) : tf.sum(tf.mul(xt, dy), [0, 1, 2]));
    }
  }
  return tf.reshape(tf.stack(taps), w.shape) as tf.Tensor4D;
}

function convPadded(kind: Kind, xp: tf.Tensor4D, w: tf.Tensor4D, stride: number, dilation: number): tf.Tensor4D {
  const win = { kernel: w.shape[0], stride, pad: 0, dilation };
  const rows = outSize(xp.shape[1], win);
  const cols = outSize(xp.shape[2], win);
  const native = nativeGrads();
  if (dilation === 1 && (kind === 'conv' ? native.conv2d : native.depthwise)) {
    return forwardValid(kind, xp, w, stride, dilation, rows, cols);
  }
  return customOp(
    [xp, w],
    () => forwardValid(kind, xp, w, stride, dilation, rows, cols),
    (dy, [xs, ws]) => [
      () => inputGrad(kind, dy as tf.Tensor4D, ws as tf.Tensor4D, xs.shape, stride, dilation),
      () => filterGrad(kind, dy as tf.Tensor4D, xs as tf.Tensor4D, ws as tf.Tensor4D, stride, dilation),
    ],
  ) as tf.Tensor4D;
}

/** Regular convolution, NHWC input, HWIO kernel, PyTorch padding/stride/dilation/groups semantics. */
export function conv2d(x: tf.Tensor4D, w: tf.Tensor4D, opts: ConvOptions = {}): tf.Tensor4D {
  const { stride = 1, pad = 0, dilation = 1, groups = 1 } = opts;
  const xp = padHW(x, pad, pad, pad, pad);
  if (groups === 1) return convPadded('conv', xp, w, stride, dilation);
  const xs = tf.split(xp, groups, 3) as tf.Tensor4D[];
  const ws = tf.split(w, groups, 3) as tf.Tensor4D[];
  return tf.concat(xs.map((xg, i) => convPadded('conv', xg, ws[i], stride, dilation)), 3);
}

/** Depthwise convolution (channel multiplier 1): kernel [k, k, C, 1]. */
export function depthwiseConv2d(x: tf.Tensor4D, w: tf.Tensor4D, opts: Omit<ConvOptions, 'groups'> = {}): tf.Tensor4D {
  const { stride = 1, pad = 0, dilation = 1 } = opts;
  return convPadded('depthwise', padHW(x, pad, pad, pad, pad), w, stride, dilation);
}
