import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { getRegularizer } from '../../../src/engine/regularizers';
import { withScalar } from '../../../src/engine/search/scheduled';
import { getSearchSpace } from '../../../src/engine/spaces';
import { Supernet } from '../../../src/engine/supernet';
import { softmaxRelaxation } from '../../../src/engine/supernet/relaxations';
import { parseSearchConfig } from '../../../src/shared/config';
import { useBackend } from '../../helpers/backend';

const create = (id: string, options: Record<string, unknown> = {}) => {
  const entry = getRegularizer(id);
  return entry.create(entry.optionsSchema.parse(options));
};

describe('regularizers', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });

  it('zero-one loss: w01 · −mean((σ(α) − 0.5)²) over every α element, and its gradient', () => {
    const r = create('zero-one');
    const alphas = [tf.variable(tf.tensor2d([[0, 2]])), tf.variable(tf.tensor2d([[-1]]))];
    const before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(() => r.archPenalty?.(alphas) as tf.Scalar, alphas);
    // σ = 0.5, 0.880797, 0.268941: squares of (σ − 0.5) = 0, 0.145006, 0.053388; mean 0.066131.
    expect(value.dataSync()[0]).toBeCloseTo(-10 * 0.066131, 4);
    // ∂/∂α = −w01/n · 2(σ − 0.5)·σ(1 − σ): 0, −10/3·2·0.380797·0.104994, −10/3·2·(−0.231059)·0.196612.
    expect(Array.from(grads[alphas[0].name].dataSync())).toEqual([expect.closeTo(0, 9), expect.closeTo(-0.266542, 4)]);
    expect(grads[alphas[1].name].dataSync()[0]).toBeCloseTo(0.302859, 4);
    expect(r.diagnostics?.()['zero-one.l01']).toBeCloseTo(-0.066131, 5);
    tf.dispose([value, ...Object.values(grads)]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(alphas);
  });

  it('zero-one loss, L1 variant: −mean|σ(α) − 0.5|', () => {
    const alphas = [tf.variable(tf.tensor1d([0, 2, -1]))];
    const p = create('zero-one', { norm: 'l1', weight: 1 }).archPenalty?.(alphas) as tf.Scalar;
    expect(p.dataSync()[0]).toBeCloseTo(-(0 + 0.380797 + 0.231059) / 3, 5);
    tf.dispose([p, ...alphas]);
  });

  it('augmentation: a flip mirrors the columns exactly, noise is seeded, and nothing leaks', () => {
    const x = tf.tensor4d(Array.from({ length: 2 * 3 * 4 }, (_, i) => i), [2, 3, 4, 1]);
    const y = tf.tensor1d([0, 1], 'int32');
    const mirrored = tf.reverse(x, 2);
    const flip = create('augment', { flip: true });
    // Over several seeds, every image is either unchanged or exactly mirrored, and both happen.
    const seen = new Set<string>();
    for (let seed = 1; seed <= 8; seed++) {
      const out = flip.transformBatch?.({ x, y }, seed);
      if (!out) throw new Error('no transform');
      for (let i = 0; i < 2; i++) {
        const img = Array.from(tf.slice(out.x, [i, 0, 0, 0], [1, 3, 4, 1]).dataSync());
        const same = img.every((v, k) => Math.abs(v - x.dataSync()[i * 12 + k]) < 1e-5);
        const flipped = img.every((v, k) => Math.abs(v - mirrored.dataSync()[i * 12 + k]) < 1e-5);
        expect(same || flipped).toBe(true);
        seen.add(same ? 'same' : 'flipped');
      }
      tf.dispose([out.x, out.y]);
    }
    expect(seen).toEqual(new Set(['same', 'flipped']));

    const noisy = create('augment', { noiseStd: 0.1 });
    const before = tf.memory().numTensors;
    const a = noisy.transformBatch?.({ x, y }, 7);
    const b = noisy.transformBatch?.({ x, y }, 7);
    if (!a || !b) throw new Error('no transform');
    expect(Array.from(a.x.dataSync())).toEqual(Array.from(b.x.dataSync()));
    const delta = tf.sub(a.x, x);
    const diff = Array.from(delta.dataSync());
    delta.dispose();
    const std = Math.sqrt(diff.reduce((s, v) => s + v * v, 0) / diff.length);
    expect(std).toBeGreaterThan(0.03);
    expect(std).toBeLessThan(0.3);
    tf.dispose([a.x, a.y, b.x, b.y]);
    expect(tf.memory().numTensors).toBe(before);
    // Nothing asked for: the batch passes through untouched.
    expect(create('augment').transformBatch?.({ x, y }, 1)).toEqual({ x, y });
    tf.dispose([x, y, mirrored]);
  });

  it('skip-connect dropout sets the supernet rate each epoch, and a schedule can drive it', () => {
    const net = new Supernet({ space: getSearchSpace('darts'), relaxation: softmaxRelaxation, channels: 2, layers: 3, classes: 3, inputChannels: 1, alphaInitStd: 0, seed: 1 });
    create('skip-dropout', { rate: 0.3 }).beginEpoch?.(net, 0, 1);
    expect(net.skipDropout.rate).toBe(0.3);
    const config = parseSearchConfig({ regularizers: [{ id: 'skip-dropout', options: { rate: 0.3 } }] });
    expect(withScalar(config, 'regularizers.skip-dropout.options.rate', 0.1).regularizers).toEqual([{ id: 'skip-dropout', options: { rate: 0.1 } }]);
    expect(withScalar(config, 'regularizers.0.options.rate', 0.2).regularizers[0].options.rate).toBe(0.2);
    expect(() => withScalar(config, 'regularizers.zero-one.options.weight', 1)).toThrow(/no regularizer 'zero-one'/);
    net.dispose();
  });

  it('unknown ids and options are refused', () => {
    expect(() => getRegularizer('dropblock')).toThrow(/unknown regularizer 'dropblock'.*zero-one/);
    expect(() => getRegularizer('skip-dropout').optionsSchema.parse({ rate: 1 })).toThrow();
  });
});
