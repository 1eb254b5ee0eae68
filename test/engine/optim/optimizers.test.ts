import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Adam, Sgd, clipByGlobalNorm } from '../../../src/engine/optim';
import { useBackend } from '../../helpers/backend';

beforeAll(() => useBackend('cpu'));

const values = (t: tf.Tensor) => Array.from(t.dataSync());
let uid = 0;
const variable = (xs: number[]) => tf.variable(tf.tensor1d(xs), true, `optim-test-${uid++}/w`);

describe('SGD (torch semantics)', () => {
  it('momentum buffer and weight decay over two steps match hand computation', () => {
    const w = variable([1, -2]);
    const sgd = new Sgd({ momentum: 0.9, weightDecay: 0.1 });
    sgd.apply([w], [tf.tensor1d([0.5, 0.5])], 0.1);
    // d = g + wd·w = [0.6, 0.3]; buf = d; w = w − lr·buf
    expect(values(w)[0]).toBeCloseTo(0.94, 6);
    expect(values(w)[1]).toBeCloseTo(-2.03, 6);
    sgd.apply([w], [tf.tensor1d([0.5, 0.5])], 0.1);
    // d = [0.5 + 0.094, 0.5 − 0.203]; buf = 0.9·[0.6, 0.3] + d
    expect(values(w)[0]).toBeCloseTo(0.94 - 0.1 * (0.54 + 0.594), 6);
    expect(values(w)[1]).toBeCloseTo(-2.03 - 0.1 * (0.27 + 0.297), 6);
  });

  it('lookahead gives the weights the next step will, and changes nothing', () => {
    const w = variable([1, -2]);
    const sgd = new Sgd({ momentum: 0.9, weightDecay: 0.1 });
    sgd.apply([w], [tf.tensor1d([0.3, -0.7])], 0.05);
    const g = tf.tensor1d([0.2, 0.4]);
    const before = values(w);
    const [ahead] = sgd.lookahead([w], [g], 0.05);
    expect(values(w)).toEqual(before);
    expect(values(sgd.lookahead([w], [g], 0.05)[0])).toEqual(values(ahead));
    sgd.apply([w], [g], 0.05);
    expect(values(w)).toEqual(values(ahead));
  });
});

describe('Adam (torch semantics, L2 weight decay)', () => {
  it('first step moves each weight by lr·sign(g + wd·w) after bias correction', () => {
    const w = variable([1, -2]);
    new Adam({ lr: 0.01, beta1: 0.5, beta2: 0.999, weightDecay: 0.1 }).apply([w], [tf.tensor1d([0.5, 0.5])]);
    // m̂ = g', v̂ = g'², step = lr·g'/(|g'| + eps) ≈ lr·sign(g'); g' = [0.6, 0.3]
    expect(values(w)[0]).toBeCloseTo(0.99, 5);
    expect(values(w)[1]).toBeCloseTo(-2.01, 5);
  });
});

describe('clipByGlobalNorm', () => {
  it('scales by max/(norm + 1e-6) only above the limit and reports the norm', () => {
    const gs = [tf.tensor1d([3]), tf.tensor1d([4])];
    const over = clipByGlobalNorm(gs, 1);
    expect(over.norm).toBeCloseTo(5, 6);
    expect(values(over.grads[0])[0]).toBeCloseTo(3 / (5 + 1e-6), 6);
    const under = clipByGlobalNorm(gs, 10);
    expect(under.grads).toBe(gs);
  });
});
