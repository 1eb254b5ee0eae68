import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Adam, Sgd, clipByGlobalNorm, globalNorm } from '../../../src/engine/optim';
import { setFormulation, type Formulation } from '../../../src/engine/ops';
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

describe('the SGD step and global norm as host kernels', () => {
  it('equal the tfjs-op formulation, momentum, decay and a clip scale included', async () => {
    const run = (f: Formulation) => {
      setFormulation(f);
      const w = variable([1, -2, 0.5]);
      const sgd = new Sgd({ momentum: 0.9, weightDecay: 0.1 });
      const grads = [tf.tensor1d([0.5, 0.25, -1]), tf.tensor1d([-0.3, 0.7, 0.2])];
      const norm = globalNorm(grads);
      sgd.apply([w], [grads[0]], 0.1, 0.4);
      sgd.apply([w], [grads[1]], 0.05, 0.8);
      setFormulation('fast');
      return { w: values(w), norm };
    };
    const fast = run('fast');
    const straight = run('straightforward');
    expect(fast.norm).toBeCloseTo(straight.norm, 6);
    expect(fast.norm).toBeCloseTo(Math.sqrt(0.25 + 0.0625 + 1 + 0.09 + 0.49 + 0.04), 6);
    fast.w.forEach((v, i) => expect(v).toBeCloseTo(straight.w[i], 6));
    // Hand computation of the first element: d1 = 0.4·0.5 + 0.1·1 = 0.3, w1 = 1 − 0.03 = 0.97;
    // d2 = 0.8·(−0.3) + 0.1·0.97 = −0.143, buf = 0.27 − 0.143 = 0.127, w2 = 0.97 − 0.05·0.127.
    expect(fast.w[0]).toBeCloseTo(0.97 - 0.05 * 0.127, 6);
  });

  it('update several variables in one kernel, whatever mix of them has momentum buffers yet', () => {
    const run = (f: Formulation) => {
      setFormulation(f);
      // Buffers are keyed by the name after the scope, so the two need distinct ones.
      const [w, u] = [variable([1, -2, 0.5]), tf.variable(tf.tensor1d([0.3, 0.1]), true, `optim-test-${uid++}/u`)];
      const sgd = new Sgd({ momentum: 0.9, weightDecay: 0.1 });
      sgd.apply([w], [tf.tensor1d([0.5, 0.25, -1])], 0.1);
      // u joins without a buffer ahead of w, which has one; then both, listed the other way round.
      sgd.apply([u, w], [tf.tensor1d([1, -1]), tf.tensor1d([-0.3, 0.7, 0.2])], 0.1, 0.5);
      sgd.apply([w, u], [tf.tensor1d([0.1, 0.1, 0.1]), tf.tensor1d([0.2, 0.4])], 0.05);
      setFormulation('fast');
      return [...values(w), ...values(u)];
    };
    const fast = run('fast');
    const straight = run('straightforward');
    fast.forEach((v, i) => expect(v).toBeCloseTo(straight[i], 6));
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
