// Run by wasm-threads.test.ts in a fresh process: `tsx wasm-threads-block.ts THREADS`. Prints one
// JSON line: the backend, how it runs, and the SHA-256 of a sep-conv-like block's output and gradients.
import { createHash } from 'node:crypto';
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { initBackend } from '../../../src/engine/backend';
import { batchNormTrain, conv2d, depthwiseConv2d, relu } from '../../../src/engine/ops';
import { kernelHandoffs } from '../../../src/engine/ops/simd/kernels';
import { Rng } from '../../../src/engine/util/rng';
import { randomTensor } from '../../helpers/gradcheck';

const block = (x: tf.Tensor, dw: tf.Tensor, pw: tf.Tensor) =>
  batchNormTrain(conv2d(depthwiseConv2d(relu(x as tf.Tensor4D), dw as tf.Tensor4D, { pad: 2, dilation: 2 }), pw as tf.Tensor4D));

const backend = await initBackend('wasm', { threads: Number(process.argv[2]) });
const rng = new Rng(7);
// 8 images of 32x32x16: each depthwise call has ~1.2M multiply-adds, enough to be cut.
const inputs = [randomTensor([8, 32, 32, 16], rng), randomTensor([3, 3, 16, 1], rng), randomTensor([1, 1, 16, 24], rng)];
const probe = randomTensor([8, 32, 32, 24], rng);
const tensors = tf.memory().numTensors;
const out = tf.tidy(() => [block(inputs[0], inputs[1], inputs[2]), ...tf.grads((x, dw, pw) => tf.sum(tf.mul(block(x, dw, pw), probe)))(inputs)]);
const values = await Promise.all(out.map(async (t) => createHash('sha256').update((await t.data()) as Float32Array).digest('hex')));
tf.dispose(out);
const { wasm } = tf.backend() as unknown as { wasm: { wasmMemory?: WebAssembly.Memory; asm: { memory: WebAssembly.Memory } } };
const heap = wasm.wasmMemory ?? wasm.asm.memory;
console.log(
  JSON.stringify({
    backend,
    xnnpackThreads: getThreadsCount(),
    sharedHeap: heap.buffer instanceof SharedArrayBuffer,
    handoffs: kernelHandoffs(),
    tensorsLeaked: tf.memory().numTensors - tensors,
    values,
  }),
);
