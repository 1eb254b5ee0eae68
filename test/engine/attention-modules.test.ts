import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attentionModules, getAttention } from '../../src/engine/attention';
import { ParamStore, Scope } from '../../src/engine/nn/params';
import { setNativeGradPolicy } from '../../src/engine/ops';
import { Rng } from '../../src/engine/util/rng';
import { TEST_BACKENDS, useBackend } from '../helpers/backend';
import { directionalCheck, randomTensor } from '../helpers/gradcheck';

// Float32 central differences at ε ≈ 1e-3 through ReLU/max kinks and batch norm over few values
// (bottlenecks of width 1 at C = 8) carry a few percent of curvature error, so 5% relative; a
// wrong transpose or a missing term is off by far more.
const close = (a: number, n: number) => Math.abs(a - n) <= 5e-3 + 5e-2 * Math.max(Math.abs(a), Math.abs(n));
const IDS = ['Identity', 'SE', 'BAM', 'CBAM', 'GE_theta-plus', 'DoubleAttention'];

afterAll(() => setNativeGradPolicy('auto'));

describe('attention registry', () => {
  beforeAll(() => useBackend('cpu'));

  it('holds the six Att-DARTS modules under the reference ids, in the reference order', () => {
    expect([...attentionModules.keys()]).toEqual(IDS);
    expect(() => getAttention('nope')).toThrow(/unknown attention module 'nope'/);
  });

  it('parameter counts follow each paper at r = 16 (C = 32) and clamp the bottleneck to 1 at tiny C', () => {
    const count = (id: string, c: number, h = 6, w = 5) => {
      const store = new ParamStore(new Rng(0));
      getAttention(id).create(new Scope(store), c, { height: h, width: w });
      const n = store.count();
      store.dispose();
      return n;
    };
    const c = 32;
    const r = 2; // 32 / 16
    expect(count('Identity', c)).toBe(0);
    expect(count('SE', c)).toBe(2 * c * r);
    // BAM: FC c→r (+bias), BN1d(r), FC r→c (+bias); 1x1 c→r (+bias), BN, 2 × (3x3 r→r +bias, BN), 1x1 r→1 (+bias).
    expect(count('BAM', c)).toBe(c * r + r + 2 * r + r * c + c + (c * r + r + 2 * r) + 2 * (9 * r * r + r + 2 * r) + r + 1);
    // CBAM: shared MLP with biases, 7x7 conv 2→1 without bias, BN(1).
    expect(count('CBAM', c)).toBe(c * r + r + r * c + c + 49 * 2 + 2);
    // GE θ+: global depthwise H×W kernel, BN(c), bias-free MLP.
    expect(count('GE_theta-plus', c)).toBe(6 * 5 * c + 2 * c + 2 * c * r);
    // A²: three 1x1 convs c→c/4 and one c/4→c, all biased.
    const m = c / 4;
    expect(count('DoubleAttention', c)).toBe(3 * (c * m + m) + m * c + c);
    // C = 4: every bottleneck has width 1 rather than 0.
    expect(count('SE', 4)).toBe(2 * 4);
    expect(count('DoubleAttention', 2)).toBe(3 * (2 + 1) + 2 + 2);
  });
});

for (const backend of TEST_BACKENDS) {
  describe(`attention modules on ${backend}`, () => {
    for (const id of IDS) {
      it(`${id}: output shape, input and weight gradients against finite differences`, async () => {
        await useBackend(backend);
        setNativeGradPolicy('never');
        const rng = new Rng(40 + IDS.indexOf(id));
        const store = new ParamStore(new Rng(41));
        const shape = [3, 6, 5, 8];
        const layer = getAttention(id).create(new Scope(store), shape[3], { height: shape[1], width: shape[2] });
        const x = randomTensor(shape, rng);
        const ctx = { training: true };
        const out = layer(x as tf.Tensor4D, ctx);
        expect(out.shape).toEqual(shape);
        if (out !== x) out.dispose();
        // Counted after one forward pass, which fills the batch-norm op's per-size cache.
        const before = tf.memory().numTensors;

        // ε = 1e-3 stays on one side of ReLU and max kinks for these random inputs.
        const dir = randomTensor(shape, rng);
        const { analytic, numeric } = directionalCheck((t) => layer(t as tf.Tensor4D, ctx), [x], 0, dir, rng, 1e-3);
        expect(close(analytic, numeric), `input: analytic ${analytic} numeric ${numeric}`).toBe(true);
        dir.dispose();

        const probe = randomTensor(shape, rng);
        const f = () => tf.sum(tf.mul(layer(x as tf.Tensor4D, ctx), probe)) as tf.Scalar;
        const out0 = tf.tidy(() => tf.clone(layer(x as tf.Tensor4D, ctx)));
        for (const w of store.weightList()) {
          const d = randomTensor(w.shape, rng);
          const base = tf.clone(w);
          const { value, grads } = tf.variableGrads(f, [w]);
          const analyticW = tf.tidy(() => tf.sum(tf.mul(grads[w.name], d)).dataSync()[0]);
          // Σ (out(w + s·d) − out(w))·probe: differencing before summing keeps float32 rounding of
          // the large sum out of the finite difference.
          const at = (s: number) => {
            tf.tidy(() => w.assign(tf.add(base, tf.mul(d, s))));
            return tf.tidy(() => tf.sum(tf.mul(tf.sub(layer(x as tf.Tensor4D, ctx), out0), probe)).dataSync()[0]);
          };
          const numericW = (at(5e-4) - at(-5e-4)) / 1e-3;
          w.assign(base);
          tf.dispose([value, grads[w.name], d, base]);
          expect(close(analyticW, numericW), `${w.name}: analytic ${analyticW} numeric ${numericW}`).toBe(true);
        }
        tf.dispose([probe, out0]);
        expect(tf.memory().numTensors).toBe(before);
        tf.dispose(x);
        store.dispose();
      });
    }
  });
}
