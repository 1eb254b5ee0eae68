import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { variableGrads } from '../../../src/engine/nn/activation-checkpoint';
import { getSearchSpace } from '../../../src/engine/spaces';
import { Supernet, getRelaxation } from '../../../src/engine/supernet';
import { activationBytes } from '../../../src/engine/supernet/activation-memory';
import { Rng } from '../../../src/engine/util/rng';
import { TEST_BACKENDS, useBackend } from '../../helpers/backend';
import { randomTensor } from '../../helpers/gradcheck';
import { SUPERNET_CASES, l2, relError, sub, type SupernetCase } from './cases';

/**
 * Activation checkpointing changes where intermediates live, not the math: a checkpointed
 * supernet gives the same loss, logits, gradients (w, α, β) and BN running statistics as the same
 * network without it (the same kernels run; only the order in which a state's gradient
 * contributions are summed may differ), draws the same dropout masks, updates the running
 * statistics once, leaves no tensor behind, and holds fewer bytes at its peak.
 */
const TOLERANCE = 1e-5;

interface Outcome {
  loss: number;
  logits: Float32Array;
  grads: Map<string, Float32Array>;
  buffers: Map<string, Float32Array>;
}

function build(c: SupernetCase, checkpoint: boolean): Supernet {
  const { relaxation = 'softmax', ...options } = c.options;
  const net = new Supernet({ ...options, relaxation: getRelaxation(relaxation), classes: 3, alphaInitStd: 0.5, seed: 3, checkpoint });
  c.setup?.(net);
  net.dropPath.prob = c.dropPath ?? 0;
  return net;
}

function pass(net: Supernet, x: tf.Tensor4D, y: tf.Tensor1D, vars: tf.Variable[]): Outcome {
  net.skipDropout.restart(0);
  net.dropPath.restart(0);
  let logits: Float32Array = new Float32Array();
  const { value, grads } = variableGrads(() => {
    const out = net.forward(x, { training: true, dropPath: net.dropPath });
    logits = out.dataSync().slice() as Float32Array;
    return tf.losses.softmaxCrossEntropy(tf.oneHot(y, out.shape[1]), out) as tf.Scalar;
  }, vars);
  const outcome = {
    loss: value.dataSync()[0],
    logits,
    grads: new Map(vars.map((v) => [v.name.slice(v.name.indexOf('/') + 1), grads[v.name].dataSync().slice() as Float32Array])),
    buffers: new Map([...net.params.buffers].map(([k, v]) => [k, v.dataSync().slice() as Float32Array])),
  };
  tf.dispose([value, ...Object.values(grads)]);
  return outcome;
}

const batch = () => ({ x: randomTensor([4, 8, 8, 2], new Rng(11)) as tf.Tensor4D, y: tf.tensor1d([0, 1, 2, 1], 'int32') });

for (const backend of TEST_BACKENDS) {
  describe(`checkpointed cells = kept intermediates on ${backend}`, () => {
    for (const c of SUPERNET_CASES) {
      it(c.name, async () => {
        await useBackend(backend);
        const { x, y } = batch();
        const plain = build(c, false);
        const checkpointed = build(c, true);
        const everything = (net: Supernet) => [...net.weights(), ...net.alphaList()];
        const reference = pass(plain, x, y, everything(plain));
        const before = tf.memory().numTensors;
        const out = pass(checkpointed, x, y, everything(checkpointed));
        expect(tf.memory().numTensors).toBe(before);

        expect(Math.abs(out.loss - reference.loss) / Math.abs(reference.loss)).toBeLessThan(TOLERANCE);
        expect(relError(out.logits, reference.logits)).toBeLessThan(TOLERANCE);
        expect([...out.grads.keys()]).toEqual([...reference.grads.keys()]);
        const all = Float32Array.from([...reference.grads.values()].flatMap((g) => [...g]));
        expect(relError(Float32Array.from([...out.grads.values()].flatMap((g) => [...g])), all), 'all gradients').toBeLessThan(TOLERANCE);
        // Each one too, up to the rounding noise of a gradient that is 0 in exact arithmetic (a bias before BN).
        for (const [name, g] of reference.grads) {
          expect(l2(sub(out.grads.get(name) as Float32Array, g)), `gradient of ${name}`).toBeLessThanOrEqual(TOLERANCE * (l2(g) + l2(all)));
        }
        // Running statistics moved once: the recomputation during backprop does not move them again.
        for (const [name, b] of reference.buffers) expect(relError(out.buffers.get(name) as Float32Array, b), name).toBeLessThan(TOLERANCE);
        tf.dispose([x, y]);
        plain.dispose();
        checkpointed.dispose();
      });
    }

    it('differentiates α alone (a first-order α step) and the weights alone, leaving no tensor', async () => {
      await useBackend(backend);
      const c = SUPERNET_CASES[0];
      const { x, y } = batch();
      const plain = build(c, false);
      const checkpointed = build(c, true);
      for (const pick of [(n: Supernet) => n.alphaList(), (n: Supernet) => n.weights()]) {
        const reference = pass(plain, x, y, pick(plain));
        const before = tf.memory().numTensors;
        const out = pass(checkpointed, x, y, pick(checkpointed));
        expect(tf.memory().numTensors).toBe(before);
        expect(out.grads.size).toBe(reference.grads.size);
        for (const [name, g] of reference.grads) expect(relError(out.grads.get(name) as Float32Array, g), name).toBeLessThan(TOLERANCE);
      }
      tf.dispose([x, y]);
      plain.dispose();
      checkpointed.dispose();
    });
  });
}

describe('checkpointing on wasm', () => {
  it('holds far fewer bytes at the peak of a training pass, as activationBytes estimates', async () => {
    await useBackend('wasm');
    // A shape the estimate's constants were not fitted on: C=6, 4 cells (reductions at 1 and 2).
    const shape = { channels: 6, layers: 4, batch: 8, height: 16, width: 16 };
    const space = getSearchSpace('darts');
    const x = randomTensor([shape.batch, 16, 16, 2], new Rng(5)) as tf.Tensor4D;
    const y = tf.tensor1d([0, 1, 2, 1, 0, 1, 2, 1], 'int32');
    const peak = async (checkpoint: boolean) => {
      const net = new Supernet({ space, relaxation: getRelaxation('softmax'), channels: 6, layers: 4, classes: 3, inputChannels: 2, alphaInitStd: 0.1, seed: 1, checkpoint });
      const info = await tf.profile(() => {
        const { value, grads } = variableGrads(() => net.loss(x, y, { training: true }).loss, net.weights());
        tf.dispose([value, ...Object.values(grads)]);
      });
      net.dispose();
      return info.peakBytes;
    };
    const kept = await peak(false);
    const checkpointed = await peak(true);
    expect(checkpointed).toBeLessThan(0.4 * kept);
    const estimate = activationBytes({ space, ...shape });
    expect(Math.abs(estimate.kept / kept - 1)).toBeLessThan(0.25);
    expect(Math.abs(estimate.checkpointed / checkpointed - 1)).toBeLessThan(0.25);
    tf.dispose([x, y]);
  });

  it('refuses a plain tf.variableGrads, which cannot tell it what to differentiate', async () => {
    await useBackend('wasm');
    const net = build(SUPERNET_CASES[0], true);
    const { x, y } = batch();
    expect(() => tf.variableGrads(() => net.loss(x, y, { training: true }).loss, net.weights())).toThrow(/outside variableGrads\(\) of activation-checkpoint/);
    tf.dispose([x, y]);
    net.dispose();
  });
});
