// Run by wasm-threads.test.ts in a fresh process: `tsx wasm-threads-block.ts THREADS`. Prints one
// JSON line: the backend, how it runs, the SHA-256 of a sep-conv-like block's output and gradients,
// and that of a small supernet's weights, α and BN statistics after two weight steps and a
// second-order α step.
import { createHash } from 'node:crypto';
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { initBackend } from '../../../src/engine/backend';
import { batchNormTrain, conv2d, depthwiseConv2d, relu } from '../../../src/engine/ops';
import { kernelHandoffs, kernelHelps } from '../../../src/engine/ops/simd/kernels';
import { Sgd } from '../../../src/engine/optim';
import { weightStep } from '../../../src/engine/search';
import { getSearchSpace } from '../../../src/engine/spaces';
import { getStrategy } from '../../../src/engine/strategies';
import { Supernet } from '../../../src/engine/supernet';
import { softmaxRelaxation } from '../../../src/engine/supernet/relaxations';
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
const sha = async (ts: tf.Tensor[]) => {
  const hash = createHash('sha256');
  for (const t of ts) hash.update((await t.data()) as Float32Array);
  return hash.digest('hex');
};
const values = await Promise.all(out.map((t) => sha([t])));
tf.dispose(out);
const tensorsLeaked = tf.memory().numTensors - tensors;

// Every kernel of a search step: the α mix, pools, factorized reduce, BN statistics, SGD, the Hessian-vector shifts.
const net = new Supernet({ space: getSearchSpace('darts'), relaxation: softmaxRelaxation, channels: 4, layers: 3, classes: 10, inputChannels: 3, alphaInitStd: 1e-3, seed: 1, checkpoint: false });
const batch = () => ({ x: randomTensor([8, 16, 16, 3], rng) as tf.Tensor4D, y: tf.tensor1d([1, 3, 5, 7, 0, 2, 4, 6], 'int32') });
const [train, val] = [batch(), batch()];
const sgd = new Sgd({ momentum: 0.9, weightDecay: 3e-4 });
for (let i = 0; i < 2; i++) weightStep(net, train, sgd, 0.025, 5);
const second = getStrategy('second-order');
const grads = second.create(second.optionsSchema.parse({})).archGradients({ net, train, val, lr: 0.025, weightOptimizer: sgd, progress: { epoch: 0, epochs: 1 } }).grads;
const supernet = await sha([...net.weights(), ...net.alphaList(), ...net.params.buffers.values(), ...grads]);
tf.dispose([...grads, train.x, train.y, val.x, val.y]);
net.dispose();
const { wasm } = tf.backend() as unknown as { wasm: { wasmMemory?: WebAssembly.Memory; asm: { memory: WebAssembly.Memory } } };
const heap = wasm.wasmMemory ?? wasm.asm.memory;
console.log(
  JSON.stringify({
    backend,
    xnnpackThreads: getThreadsCount(),
    sharedHeap: heap.buffer instanceof SharedArrayBuffer,
    handoffs: kernelHandoffs(),
    helps: kernelHelps(),
    tensorsLeaked,
    values,
    supernet,
  }),
);
