import * as tf from '@tensorflow/tfjs';
import { customOp } from './custom_op';
import { hostKernel, hostKernels, runHostKernel, type HostKernel } from './host_kernels';
import { simd } from './simd/kernels';

const channels = (shape: readonly number[]) => shape[shape.length - 1];

/** The inputs [..., c_i] side by side along the last axis: [..., Σ c_i]. */
const CONCAT_CHANNELS: HostKernel = {
  name: 'NasStudioConcatChannels',
  jsReads: [],
  outputShapes: (shapes) => [[...shapes[0].slice(0, -1), shapes.reduce((c, s) => c + channels(s), 0)]],
  run: (xs, [out], shapes) => simd().concatChannels(xs, out, shapes.map(channels)),
};

/** Channels [offset, offset + width) of the input [..., c] (attrs: offset, width). */
const SLICE_CHANNELS: HostKernel = {
  name: 'NasStudioSliceChannels',
  jsReads: [],
  outputShapes: ([x], attrs) => [[...x.slice(0, -1), attrs.width as number]],
  run: ([x], [out], [shape], attrs) => simd().sliceChannels(x, out, channels(shape), attrs.offset as number),
};

/**
 * `tf.concat(xs, -1)`: tensors of one leading shape side by side along the channel axis (a cell's
 * output, factorized reduce). On the host backends it is one wasm SIMD copy kernel, and each
 * input's gradient one more, computed only where backprop needs it: wasm's Concat and SplitV copy
 * row by row in JavaScript, about 0.4 ms each for a cell's output at the benchmark's small size.
 */
export function concatChannels(xs: readonly tf.Tensor[]): tf.Tensor {
  if (!hostKernels()) return tf.concat(xs as tf.Tensor[], -1);
  const lead = xs[0].shape.slice(0, -1);
  for (const x of xs) {
    if (x.dtype !== 'float32' || !tf.util.arraysEqual(x.shape.slice(0, -1), lead)) {
      throw new Error(`concatChannels: float32 tensors of one leading shape [${lead}] needed, got ${x.dtype} [${x.shape}]`);
    }
  }
  const slice = hostKernel(SLICE_CHANNELS);
  const offsets = xs.map((_, i) => xs.slice(0, i).reduce((c, x) => c + channels(x.shape), 0));
  return customOp(
    [...xs],
    () => runHostKernel(hostKernel(CONCAT_CHANNELS), [...xs])[0],
    (dy) => xs.map((x, i) => () => runHostKernel(slice, [dy], { offset: offsets[i], width: channels(x.shape) })[0]),
    { keepInputs: false },
  );
}
