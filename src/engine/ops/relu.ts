import * as tf from '@tensorflow/tfjs';
import { customOp } from './custom_op';
import { hostKernel, hostKernels, runHostKernel, type HostKernel } from './host_kernels';
import { simd } from './simd/kernels';

/** ReLU's input gradient from dy and x, one wasm SIMD kernel (kernels/relu.ts). */
const RELU_GRAD: HostKernel = {
  name: 'NasStudioReluGrad',
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
    () => tf.relu(x),
    (dy, [xs]) => [() => runHostKernel(hostKernel(RELU_GRAD), [dy, xs])[0]],
  ) as T;
}
