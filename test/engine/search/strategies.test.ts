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

describe('Amended and AllegroNAS on the supernet', () => {
  it('restore the weights; Amended undoes its probes’ BN updates; χ > 0 departs from second order', async () => {
    await useBackend('wasm');
    const { net, train, val } = setup();
    const buffers = () => flat([...net.params.buffers.values()]);
    const weights = flat(net.weights());
    const input = (epoch: number): ArchStepInput => ({ net, train, val, lr: 0.025, weightOptimizer: new Sgd({ momentum: 0.9, weightDecay: 3e-4 }), progress: { epoch, epochs: 50 } });
    // Amended's probing passes leave BN statistics alone: they move exactly as first order's one pass moves them.
    const saved = [...net.params.buffers.values()].map((b) => tf.clone(b));
    tf.dispose(getStrategy('first-order').create({}).archGradients(input(0)).grads);
    const afterFirstOrder = buffers();
    [...net.params.buffers.values()].forEach((b, i) => b.assign(saved[i]));
    tf.dispose(saved);
    const amended = getStrategy('amended').create({ eta: 0.1, r: 0.01 }).archGradients(input(0));
    expect(flat(net.weights())).toEqual(weights);
    expect(buffers()).toEqual(afterFirstOrder);
    expect(flat(amended.grads).every(Number.isFinite)).toBe(true);
    const asymptotic = getStrategy('asymptotic');
    const run = (id: string, options: Record<string, unknown>, epoch: number) => {
      const entry = getStrategy(id);
      const out = entry.create(entry.optionsSchema.parse(options)).archGradients(input(epoch));
      const values = flat(out.grads);
      tf.dispose(out.grads);
      return values;
    };
    const second = run('second-order', {}, 10);
    const chi = run(asymptotic.id, {}, 10);
    expect(flat(net.weights())).toEqual(weights);
    expect(chi.every(Number.isFinite)).toBe(true);
    expect(maxRelDiff(chi, second)).toBeGreaterThan(1e-3);
    tf.dispose(amended.grads);
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
