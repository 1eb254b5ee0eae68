import * as tf from '@tensorflow/tfjs';
import { customOp } from './custom_op';
import { hostKernel, hostKernels, runHostKernel, type HostKernel } from './host_kernels';
import { simd } from './simd/kernels';

/** max(x, 0), one wasm SIMD kernel (kernels/relu.ts): on several threads it joins the kernel stream. */
const RELU: HostKernel = {
  name: 'NasStudioRelu',
  jsReads: [],
  outputShapes: ([x]) => [x],
  run: ([x], [y]) => simd().relu(x, y),
};

/** ReLU's input gradient from dy and x, one wasm SIMD kernel (kernels/relu.ts). */
const RELU_GRAD: HostKernel = {
  name: 'NasStudioReluGrad',
  jsReads: [],
  outputShapes: ([, x]) => [x],
  run: ([dy, x], [dx]) => simd().reluGrad(dy, x, dx),
};

/**
 * max(x, 0). With host kernels its gradient is one kernel: tfjs's is dy · cast(step(x)), three
 * kernels, and a supernet step backpropagates through every op's leading ReLU.
 */
export function relu<T extends tf.Tensor>(x: T): T {
  if (!hostKernels()) return tf.relu(x);
  return customOp(
    [x],
    () => runHostKernel(hostKernel(RELU), [x])[0],
    (dy, [xs]) => [() => runHostKernel(hostKernel(RELU_GRAD), [dy, xs])[0]],
  ) as T;
}
