import * as tf from '@tensorflow/tfjs';
import { hostKernel, hostKernels, runHostKernel, type HostKernel } from './host_kernels';
import { simd } from './simd/kernels';

/** a + b, one wasm SIMD kernel (kernels/add.ts). */
const ADD: HostKernel = {
  name: 'NasStudioAdd',
  jsReads: [],
  outputShapes: ([a]) => [a],
  run: ([a, b], [out]) => simd().add(a, b, out),
};

/**
 * The sum of two float32 tensors of one shape: backprop's accumulation of a tensor's gradient
 * contributions. A host kernel where host kernels run, so that on several threads it joins the
 * kernel stream instead of waiting for both contributions as tfjs's Add must (docs/engine.md,
 * "Every core"); tf.add elsewhere. The same IEEE float32 sum either way.
 */
export const addSameShape = (a: tf.Tensor, b: tf.Tensor): tf.Tensor => (hostKernels() ? runHostKernel(hostKernel(ADD), [a, b])[0] : tf.add(a, b));
