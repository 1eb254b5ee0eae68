import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { Sgd } from '../../../src/engine/optim';
import { getSearchSpace } from '../../../src/engine/spaces';
import { getStrategy, type ArchStepInput } from '../../../src/engine/strategies';
import { lossGrads } from '../../../src/engine/strategies/weights';
import { Supernet } from '../../../src/engine/supernet';
import { softmaxRelaxation } from '../../../src/engine/supernet/relaxations';
import { Rng } from '../../../src/engine/util/rng';
import { useBackend } from '../../helpers/backend';
import { randomTensor } from '../../helpers/gradcheck';

function setup(seed = 3) {
  const net = new Supernet({ space: getSearchSpace('darts'), relaxation: softmaxRelaxation, channels: 4, layers: 3, classes: 5, inputChannels: 3, alphaInitStd: 0.1, seed });
  const rng = new Rng(seed);
  const batch = () => ({ x: randomTensor([6, 8, 8, 3], rng) as tf.Tensor4D, y: tf.tensor1d(Array.from({ length: 6 }, () => rng.int(5)), 'int32') });
  return { net, train: batch(), val: batch() };
}

const flat = (ts: tf.Tensor[]) => ts.flatMap((t) => Array.from(t.dataSync()));

function maxRelDiff(a: number[], b: number[]): number {
  const scale = Math.max(...b.map(Math.abs));
  return Math.max(...a.map((v, i) => Math.abs(v - b[i]))) / scale;
}

describe('α gradient strategies', () => {
  it('second order with ξ = 0 reduces to first order', async () => {
    await useBackend('wasm');
    const { net, train, val } = setup();
    const input: ArchStepInput = { net, train, val, lr: 0, weightOptimizer: new Sgd({ momentum: 0.9, weightDecay: 3e-4 }), progress: { epoch: 0, epochs: 1 } };
    const g1 = flat(getStrategy('first-order').create({}).archGradients(input).grads);
    const g2 = flat(getStrategy('second-order').create({ r: 0.01 }).archGradients(input).grads);
    expect(maxRelDiff(g2, g1)).toBeLessThan(1e-5);
    net.dispose();
  });

  it('second order restores the weights it perturbs', async () => {
    await useBackend('wasm');
    const { net, train, val } = setup();
    const before = flat(net.weights());
    const input: ArchStepInput = { net, train, val, lr: 0.025, weightOptimizer: new Sgd({ momentum: 0.9, weightDecay: 3e-4 }), progress: { epoch: 0, epochs: 1 } };
    tf.dispose(getStrategy('second-order').create({ r: 0.01 }).archGradients(input).grads);
    const weightsAfter = flat(net.weights());
    expect(weightsAfter).toEqual(before);
    net.dispose();
  });
});

describe('whole supernet step: wasm agrees with cpu', () => {
  it('weight and α gradients match', async () => {
    const grads = async (backend: string) => {
      await useBackend(backend);
      const { net, train } = setup(4);
      const { loss, grads } = lossGrads(net, train, [...net.alphaList(), ...net.weights()]);
      const out = { loss, values: flat(grads) };
      tf.dispose(grads);
      net.dispose();
      return out;
    };
    const cpu = await grads('cpu');
    const wasm = await grads('wasm');
    expect(Math.abs(wasm.loss - cpu.loss)).toBeLessThan(1e-4);
    expect(maxRelDiff(wasm.values, cpu.values)).toBeLessThan(1e-3);
  });
});
