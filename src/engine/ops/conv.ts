import * as tf from '@tensorflow/tfjs';
import { customOp } from './custom_op';
import { padHW, spread, stridedTap, subsample, zeroInsert, outSize } from './geometry';
import { hostKernel, hostKernels, runHostKernel, type HostKernel } from './host_kernels';
import { formulation } from './formulation';
import { nativeGrads } from './native_grads';
import { simd } from './simd/kernels';

export interface ConvOptions {
  stride?: number;
  pad?: number;
  dilation?: number;
  /** Channel groups for a regular conv (AllegroNAS group conv); depthwise has its own op. */
  groups?: number;
}

type Kind = 'conv' | 'depthwise';

/** Forward kernel on an already padded input. tfjs refuses stride > 1 together with dilation > 1. */
function forwardValidAs(kind: Kind, xp: tf.Tensor4D, w: tf.Tensor4D, stride: number, dilation: number, rows: number, cols: number): tf.Tensor4D {
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

/** w with its two tap axes reversed: [kh, kw, ...] → w[kh−1−i, kw−1−j, ...]. */
const FLIP_TAPS: HostKernel = {
  name: 'NasStudioFlipTaps',
  outputShapes: ([w]) => [w],
  run: ([w], [out], [[kh, kw]]) => {
    const inner = w.length / (kh * kw);
    for (let i = 0; i < kh; i++)
      for (let j = 0; j < kw; j++) {
        const from = ((kh - 1 - i) * kw + (kw - 1 - j)) * inner;
        out.set(w.subarray(from, from + inner), (i * kw + j) * inner);
      }
  },
};

/** The flipped kernel of a conv's adjoint: a host kernel where there are (tfjs wasm's Reverse costs 20 µs on a 3x3 filter). */
const flipTaps = (w: tf.Tensor4D): tf.Tensor4D => (hostKernels() ? (runHostKernel(hostKernel(FLIP_TAPS), [w])[0] as tf.Tensor4D) : tf.reverse(w, [0, 1]));

/**
 * A depthwise correlation in wasm SIMD (kernels/depthwise-conv.ts), forward or adjoint (attr
 * `flip`: the taps reversed), any stride, dilation and padding, taps outside the map zero; inputs
 * x, w. XNNPACK's kernel took about twice as long at these sizes (it packs the filter and builds
 * an indirection buffer on every call, the filters being new tensors each step).
 */
const DEPTHWISE_CONV: HostKernel = {
  name: 'NasStudioDepthwiseConv',
  jsReads: [],
  outputShapes: ([x], a) => [[x[0], a.rows as number, a.cols as number, x[3]]],
  run: ([x, w], [out], [shape, [k]], a) =>
    simd().depthwiseConv(x, w, out, shape, k, { stride: a.stride as number, dilation: a.dilation as number, pad: a.pad as number, rows: a.rows as number, cols: a.cols as number, flip: a.flip === 1 }),
};

const hostDepthwise = (x: tf.Tensor4D, w: tf.Tensor4D, stride: number, dilation: number, pad: number, rows: number, cols: number, flip: boolean): tf.Tensor4D =>
  runHostKernel(hostKernel(DEPTHWISE_CONV), [x, w], { stride, dilation, pad, rows, cols, flip: flip ? 1 : 0 })[0] as tf.Tensor4D;

/**
 * 1x1 stride-1 convs in wasm SIMD (kernels/pointwise.ts): the product over positions (attr
 * `adjoint`: by the filter's transpose, the input gradient; inputs x or dy, w) and the filter
 * gradient xᵀ·dy (inputs x, dy). One kernel each where XNNPACK's conv packs the filter on every
 * call and the filter gradient took a transpose and a matmul.
 */
const POINTWISE_CONV: HostKernel = {
  name: 'NasStudioPointwiseConv',
  jsReads: [],
  outputShapes: ([x, w], a) => [[...x.slice(0, 3), a.adjoint === 1 ? w[2] : w[3]]],
  run: ([x, w], [out], [shape, ws], a) => {
    const adjoint = a.adjoint === 1;
    simd().pointwiseConv(x, w, out, shape[3], adjoint ? ws[2] : ws[3], adjoint);
  },
};
const POINTWISE_FILTER_GRAD: HostKernel = {
  name: 'NasStudioPointwiseFilterGrad',
  jsReads: [],
  outputShapes: ([x, dy]) => [[1, 1, x[3], dy[3]]],
  run: ([x, dy], [out], [xs, dys]) => simd().pointwiseFilterGrad(x, dy, out, xs[3], dys[3]),
};

/** The 1x1 stride-1 conv of x by w [1, 1, cin, cout] with host-kernel gradients. */
function hostPointwise(x: tf.Tensor4D, w: tf.Tensor4D): tf.Tensor4D {
  const [conv, filterGrad] = [hostKernel(POINTWISE_CONV), hostKernel(POINTWISE_FILTER_GRAD)];
  return customOp(
    [x, w],
    () => runHostKernel(conv, [x, w], { adjoint: 0 })[0],
    (dy, [xs, ws]) => [() => runHostKernel(conv, [dy, ws], { adjoint: 1 })[0], () => runHostKernel(filterGrad, [xs, dy])[0]],
  ) as tf.Tensor4D;
}

/** The stride-1 correlation of (spread, padded) dy with the flipped kernel that every input gradient below ends in. */
function adjointCorrelation(kind: Kind, dyp: tf.Tensor4D, w: tf.Tensor4D, dilation: number, padding: 'valid' | 'same'): tf.Tensor4D {
  if (kind === 'depthwise' && hostKernels()) {
    const reach = dilation * (w.shape[0] - 1);
    const [rows, cols] = padding === 'same' ? [dyp.shape[1], dyp.shape[2]] : [dyp.shape[1] - reach, dyp.shape[2] - reach];
    return hostDepthwise(dyp, w, 1, dilation, padding === 'same' ? reach / 2 : 0, rows, cols, true);
  }
  const flipped = flipTaps(w);
  if (kind === 'depthwise') return tf.depthwiseConv2d(dyp, flipped, 1, padding, 'NHWC', dilation);
  return tf.conv2d(dyp, tf.transpose(flipped, [0, 1, 3, 2]) as tf.Tensor4D, 1, padding, 'NHWC', dilation);
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
  return adjointCorrelation(kind, dyp, w, dilation, 'valid');
}

/**
 * Gradient w.r.t. the unpadded input, with host kernels: dy spread to the padded grid, shifted so
 * that a valid correlation with the flipped kernel yields exactly the h × w interior (no crop).
 * Needs the kernel's reach d·(k−1) to be at least the padding, as every op here has.
 */
function hostInputGrad(kind: Kind, dy: tf.Tensor4D, w: tf.Tensor4D, xShape: number[], stride: number, dilation: number, pad: number): tf.Tensor4D {
  const reach = dilation * (w.shape[0] - 1);
  const attrs = { stride, offset: reach - pad, rows: xShape[1] + reach, cols: xShape[2] + reach };
  const dyp = spread(dy, attrs);
  return adjointCorrelation(kind, dyp, w, dilation, 'valid');
}

/**
 * Gradient w.r.t. the kernel as one forward conv with batch and channels swapped:
 *   dW[a,b,i,o] = Σ_{n,y,x} xp[n, y·s + a·d, x·s + b·d, i] · dy[n, y, x, o],
 * i.e. a correlation of xp (channels as batch, batch as channels) with dy as the filter, where
 * the filter's dilation is the op's stride and the output stride is the op's dilation. Depthwise
 * pairs each channel only with itself, so channels and batch fold into one depthwise axis.
 */
function filterGrad(kind: Kind, dy: tf.Tensor4D, x: tf.Tensor4D, w: tf.Tensor4D, stride: number, dilation: number, pad: number): tf.Tensor4D {
  const [k, , cin, cout] = w.shape;
  const [n, rows, cols] = dy.shape;
  const [, h, wd] = x.shape;
  const outRows = Math.floor((h + 2 * pad - (rows - 1) * stride - 1) / dilation) + 1;
  const outCols = Math.floor((wd + 2 * pad - (cols - 1) * stride - 1) / dilation) + 1;
  const taps = (t: tf.Tensor4D) => tf.slice(t, [0, 0, 0, 0], [t.shape[0], k, k, t.shape[3]]);
  // Roles swap: the filter's dilation is the op's stride, the output stride the op's dilation.
  // When one of them is 1 the padding goes into the conv call itself, saving a pad kernel.
  const correlate = (xs: tf.Tensor4D, f: tf.Tensor4D) => {
    if (stride === 1 || dilation === 1) {
      const p: [[number, number], [number, number], [number, number], [number, number]] = [[0, 0], [pad, pad], [pad, pad], [0, 0]];
      return kind === 'conv' ? tf.conv2d(xs, f, dilation, p, 'NHWC', stride) : tf.depthwiseConv2d(xs, f, dilation, p, 'NHWC', stride);
    }
    return forwardValidAs(kind, padHW(xs, pad, pad, pad, pad), f, dilation, stride, outRows, outCols);
  };
  if (kind === 'conv') {
    const xs = tf.transpose(x, [3, 1, 2, 0]) as tf.Tensor4D; // [cin, h, w, n]
    const f = tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D; // [rows, cols, n, cout]
    return tf.transpose(taps(correlate(xs, f)), [1, 2, 0, 3]) as tf.Tensor4D;
  }
  const xs = tf.reshape(tf.transpose(x, [1, 2, 0, 3]), [1, h, wd, n * cin]) as tf.Tensor4D;
  const f = tf.reshape(tf.transpose(dy, [1, 2, 0, 3]), [rows, cols, n * cin, 1]) as tf.Tensor4D;
  const g = taps(correlate(xs, f)); // [1, k, k, n·cin]
  return tf.reshape(tf.sum(tf.reshape(g, [k, k, n, cin]), 2), [k, k, cin, cout]) as tf.Tensor4D;
}

/**
 * dW[a, b, c] = Σ_{n,y,x} x[n, y·s + a·d − pad, x·s + b·d − pad, c] · dy[n, y, x, c], the
 * depthwise filter gradient as one host kernel, computed by our wasm SIMD kernel
 * (kernels/depthwise-filter-grad.ts) instead of transposes, a depthwise conv whose filter spans
 * the whole map (XNNPACK's slow case) and a reduction.
 */
const DEPTHWISE_FILTER_GRAD: HostKernel = {
  name: 'NasStudioDepthwiseFilterGrad',
  jsReads: [],
  outputShapes: ([, x], attrs) => [[attrs.kernel as number, attrs.kernel as number, x[3], 1]],
  run: ([dy, x], [dw], [dyShape, xShape], attrs) => {
    const window = { kernel: attrs.kernel as number, stride: attrs.stride as number, dilation: attrs.dilation as number, pad: attrs.pad as number };
    simd().depthwiseFilterGrad(dy, x, dw, dyShape, xShape, window);
  },
};

/**
 * Backends whose BatchMatMul with transposeA takes a slow path: on wasm (tfjs 4.22) an explicit
 * Transpose and a plain matmul take 50 µs where the flag takes 180–300 µs, for the [P, C]ᵀ·[P, C]
 * products below (P = 256–4096, C = 8–32). Backends that fuse the transpose keep the flag.
 */
const TRANSPOSE_BEFORE_MATMUL = new Set(['wasm']);

/** A 1x1 stride-1 conv is a matmul over positions: its filter gradient is xᵀ·dy, one matmul. */
function pointwiseFilterGrad(dy: tf.Tensor4D, x: tf.Tensor4D, w: tf.Tensor4D): tf.Tensor {
  const [cin, cout] = [w.shape[2], w.shape[3]];
  const [x2, dy2] = [tf.reshape(x, [-1, cin]) as tf.Tensor2D, tf.reshape(dy, [-1, cout]) as tf.Tensor2D];
  const product = TRANSPOSE_BEFORE_MATMUL.has(tf.getBackend()) ? tf.matMul(tf.transpose(x2), dy2) : tf.matMul(x2, dy2, true, false);
  return tf.reshape(product, w.shape);
}

/**
 * One conv on the unpadded input. A stride-1 conv whose padding is symmetric "same" runs with
 * 'same' padding, and so does its input gradient: no pad kernels on the hot path.
 */
function convCore(kind: Kind, x: tf.Tensor4D, w: tf.Tensor4D, stride: number, pad: number, dilation: number): tf.Tensor4D {
  const k = w.shape[0];
  const same = stride === 1 && 2 * pad === dilation * (k - 1);
  const [, h, wd] = x.shape;
  const win = { kernel: k, stride, pad, dilation };
  const rows = outSize(h, win);
  const cols = outSize(wd, win);
  const padded = (t: tf.Tensor4D) => padHW(t, pad, pad, pad, pad);
  const native = nativeGrads();
  // Where the backend's own kernels have correct gradients, they run as they are (no custom op).
  const nativePath = dilation === 1 && (kind === 'conv' ? native.conv2d : native.depthwise);
  const forward = (xs: tf.Tensor4D, ws: tf.Tensor4D) => {
    if (kind === 'depthwise' && hostKernels() && !nativePath) return hostDepthwise(xs, ws, stride, dilation, pad, rows, cols, false);
    if (!same) return forwardValidAs(kind, padded(xs), ws, stride, dilation, rows, cols);
    return kind === 'conv' ? tf.conv2d(xs, ws, 1, 'same', 'NHWC', dilation) : tf.depthwiseConv2d(xs, ws, 1, 'same', 'NHWC', dilation);
  };
  if (nativePath) return forward(x, w);
  // A 1x1 conv (the factorized reduce's are strided) is a matmul over the positions it reads.
  if (kind === 'conv' && k === 1 && pad === 0 && hostKernels()) return hostPointwise(stride === 1 ? x : subsample(x, stride, rows, cols), w);
  const hostFilterGrad = kind === 'depthwise' && hostKernels();
  const matmulFilterGrad = kind === 'conv' && k === 1 && stride === 1 && pad === 0 && formulation() === 'fast';
  return customOp(
    [x, w],
    () => forward(x, w),
    (dy, [xs, ws]) => [
      () => {
        // The adjoint of a stride-1 'same' conv is a 'same' correlation of dy with the flipped kernel.
        if (same) return adjointCorrelation(kind, dy as tf.Tensor4D, ws as tf.Tensor4D, dilation, 'same');
        if (hostKernels() && dilation * (k - 1) >= pad) return hostInputGrad(kind, dy as tf.Tensor4D, ws as tf.Tensor4D, xs.shape, stride, dilation, pad);
        const shape = [xs.shape[0], h + 2 * pad, wd + 2 * pad, xs.shape[3]] as number[];
        return tf.slice(inputGrad(kind, dy as tf.Tensor4D, ws as tf.Tensor4D, shape, stride, dilation), [0, pad, pad, 0], xs.shape);
      },
      hostFilterGrad
        ? () => runHostKernel(hostKernel(DEPTHWISE_FILTER_GRAD), [dy, xs], { kernel: k, stride, dilation, pad })[0]
        : matmulFilterGrad
          ? () => pointwiseFilterGrad(dy as tf.Tensor4D, xs as tf.Tensor4D, ws as tf.Tensor4D)
          : () => filterGrad(kind, dy as tf.Tensor4D, xs as tf.Tensor4D, ws as tf.Tensor4D, stride, dilation, pad),
    ],
  ) as tf.Tensor4D;
}

/** Regular convolution, NHWC input, HWIO kernel, PyTorch padding/stride/dilation/groups semantics. */
export function conv2d(x: tf.Tensor4D, w: tf.Tensor4D, opts: ConvOptions = {}): tf.Tensor4D {
  const { stride = 1, pad = 0, dilation = 1, groups = 1 } = opts;
  if (groups === 1) return convCore('conv', x, w, stride, pad, dilation);
  const [, , cinPerGroup, cout] = w.shape;
  if (cinPerGroup * groups !== x.shape[3] || cout % groups !== 0) {
    throw new RangeError(`grouped conv: kernel ${w.shape.join('x')} with ${groups} groups does not fit ${x.shape[3]} input channels`);
  }
  // PyTorch's grouped conv: input channel block g feeds output block g only.
  const xs = tf.split(x, groups, 3) as tf.Tensor4D[];
  const ws = tf.split(w, groups, 3) as tf.Tensor4D[];
  return tf.concat(xs.map((xg, i) => convCore('conv', xg, ws[i], stride, pad, dilation)), 3);
}

/** Depthwise convolution (channel multiplier 1): kernel [k, k, C, 1]. */
export function depthwiseConv2d(x: tf.Tensor4D, w: tf.Tensor4D, opts: Omit<ConvOptions, 'groups'> = {}): tf.Tensor4D {
  const { stride = 1, pad = 0, dilation = 1 } = opts;
  return convCore('depthwise', x, w, stride, pad, dilation);
}
