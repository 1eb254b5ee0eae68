import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { EvalNetwork, dropPath } from '../../../src/engine/evaluate';
import { getNamedGenotype } from '../../../src/engine/genotype';
import { Rng } from '../../../src/engine/util/rng';
import { useBackend } from '../../helpers/backend';

beforeAll(() => useBackend('cpu'));

describe('drop path (reference utils.drop_path)', () => {
  it('zeroes whole examples with probability p and scales the kept ones by 1/(1-p)', () => {
    const n = 4000;
    const x = tf.ones<tf.Rank.R4>([n, 2, 2, 1]);
    const y = dropPath(x, { training: true, dropPath: { prob: 0.3, rng: new Rng(1) } });
    const v = y.dataSync();
    let kept = 0;
    for (let i = 0; i < n; i++) {
      const ex = v.slice(i * 4, i * 4 + 4);
      // One mask value per example.
      expect(new Set(ex).size).toBe(1);
      if (ex[0] !== 0) {
        expect(ex[0]).toBeCloseTo(1 / 0.7, 6);
        kept++;
      }
    }
    expect(kept / n).toBeGreaterThan(0.67);
    expect(kept / n).toBeLessThan(0.73);
    tf.dispose([x, y]);
  });

  it('is the identity in inference, or with p = 0', () => {
    const x = tf.ones<tf.Rank.R4>([3, 2, 2, 1]);
    expect(dropPath(x, { training: false, dropPath: { prob: 0.5, rng: new Rng(1) } })).toBe(x);
    expect(dropPath(x, { training: true, dropPath: { prob: 0, rng: new Rng(1) } })).toBe(x);
    x.dispose();
  });

  it('changes the training forward of a network, is seeded, and leaves inference alone', () => {
    const net = new EvalNetwork({ genotype: getNamedGenotype('DARTS_V2'), channels: 4, layers: 3, classes: 5, inputChannels: 1, auxiliary: false, seed: 3 });
    const x = tf.randomNormal<tf.Rank.R4>([6, 8, 8, 1], 0, 1, 'float32', 2);
    const run = (ctx: Parameters<EvalNetwork['forward']>[1]) => tf.tidy(() => net.forward(x, ctx).logits.arraySync());
    run({ training: true }); // warm-up: first calls cache constants
    const before = tf.memory().numTensors;
    const plain = run({ training: true });
    const dropped = run({ training: true, dropPath: { prob: 0.5, rng: new Rng(7) } });
    const again = run({ training: true, dropPath: { prob: 0.5, rng: new Rng(7) } });
    expect(dropped).not.toEqual(plain);
    expect(again).toEqual(dropped);
    expect(run({ training: false, dropPath: { prob: 0.5, rng: new Rng(7) } })).toEqual(run({ training: false }));
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    net.dispose();
  });
});
