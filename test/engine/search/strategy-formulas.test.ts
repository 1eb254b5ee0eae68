import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Sgd } from '../../../src/engine/optim';
import { getStrategy, type ArchModel, type ArchStepInput, type Batch } from '../../../src/engine/strategies';
import { hessianVector } from '../../../src/engine/strategies/weights';
import { useBackend } from '../../helpers/backend';

// Plain float64 linear algebra for the expected values.
type Vec = number[];
type Mat = number[][];
const mv = (m: Mat, v: Vec): Vec => m.map((row) => row.reduce((a, x, j) => a + x * v[j], 0));
const tmv = (m: Mat, v: Vec): Vec => m[0].map((_, j) => m.reduce((a, row, i) => a + row[j] * v[i], 0));
const add = (a: Vec, b: Vec): Vec => a.map((x, i) => x + b[i]);
const sub = (a: Vec, b: Vec): Vec => a.map((x, i) => x - b[i]);
const scale = (a: Vec, k: number): Vec => a.map((x) => x * k);

/**
 * A model whose Hessians are known exactly:
 *   L_train(w, α) = ½ wᵀAw + αᵀBw,   L_val(w, α) = ½‖w − w0‖² + dᵀα + αᵀEw,
 * so H = ∇²_w L_train = A, ∇²_{α,w} L_train = B, ∇_w L_val = w − w0 + Eᵀα, ∇_α L_val = d + Ew.
 * A batch whose x is 0 is a train batch, 1 a val batch.
 */
const A: Mat = [
  [2, 0.5, 0],
  [0.5, 1.5, 0.3],
  [0, 0.3, 1],
];
const B: Mat = [
  [0.7, -0.2, 0.4],
  [0.1, 0.9, -0.5],
];
const E: Mat = [
  [0.3, 0.2, -0.1],
  [-0.4, 0.1, 0.6],
];
const d: Vec = [0.05, -0.02];
const w0: Vec = [0.4, -0.3, 0.8];
const W: Vec = [1.0, -0.5, 0.25];
const ALPHA: Vec = [0.2, -0.1];

class Quadratic implements ArchModel {
  readonly w = tf.variable(tf.tensor1d(W));
  readonly a = tf.variable(tf.tensor1d(ALPHA));
  readonly params = { buffers: new Map<string, tf.Variable>() };
  weights() {
    return [this.w];
  }
  alphaList() {
    return [this.a];
  }
  loss(x: tf.Tensor4D) {
    return {
      loss: tf.tidy(() => {
        const [w, a] = [tf.reshape(this.w, [3, 1]), tf.reshape(this.a, [2, 1])];
        const quad = (m: Mat, l: tf.Tensor, r: tf.Tensor) => tf.sum(tf.mul(l, tf.matMul(tf.tensor2d(m), r)));
        const train = tf.add(tf.mul(quad(A, w, w), 0.5), quad(B, a, w));
        const val = tf.addN([tf.mul(tf.sum(tf.square(tf.sub(this.w, tf.tensor1d(w0)))), 0.5), tf.sum(tf.mul(this.a, tf.tensor1d(d))), quad(E, a, w)]);
        const s = tf.reshape(x, []);
        return tf.add(tf.mul(train, tf.sub(1, s)), tf.mul(val, s)) as tf.Scalar;
      }),
    };
  }
  dispose() {
    tf.dispose([this.w, this.a]);
  }
}

const batch = (isVal: number): Batch => ({ x: tf.fill([1, 1, 1, 1], isVal) as tf.Tensor4D, y: tf.tensor1d([0], 'int32') });

function step(id: string, options: Record<string, unknown>, lr = 0.1, epoch = 0): { grads: number[]; diagnostics?: Record<string, number> } {
  const net = new Quadratic();
  const input: ArchStepInput = { net, train: batch(0), val: batch(1), lr, weightOptimizer: new Sgd({ momentum: 0, weightDecay: 0 }), progress: { epoch, epochs: 50 } };
  const entry = getStrategy(id);
  const s = entry.create(entry.optionsSchema.parse(options));
  const out = s.archGradients(input);
  const grads = Array.from(out.grads[0].dataSync());
  tf.dispose([...out.grads, input.train.x, input.train.y, input.val.x, input.val.y]);
  // The strategy put the weights back.
  expect(Array.from(net.w.dataSync())).toEqual(Array.from(new Float32Array(W)));
  net.dispose();
  return { grads, diagnostics: s.diagnostics?.() };
}

const g1 = add(d, mv(E, W));
const vVal = add(sub(W, w0), tmv(E, ALPHA));

function expectClose(got: number[], want: number[], rel = 1e-3) {
  const s = Math.max(...want.map(Math.abs));
  got.forEach((g, i) => expect(Math.abs(g - want[i]) / s).toBeLessThan(rel));
}

describe('strategy formulas on a quadratic model (exact Hessians)', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('first order: ∇_α L_val = d + Ew', () => {
    expectClose(step('first-order', {}).grads, g1, 1e-6);
  });

  it('Amended: g1 + g2′ with g2′ = −η·B·A·∇_w L_val', () => {
    const eta = 0.1;
    const g2 = scale(mv(B, mv(A, vVal)), -eta);
    const { grads, diagnostics } = step('amended', { eta });
    expectClose(grads, add(g1, g2));
    const norm = (v: Vec) => Math.hypot(...v);
    expect(diagnostics?.['amended.g1_norm']).toBeCloseTo(norm(g1), 5);
    expect(diagnostics?.['amended.g2_norm']).toBeCloseTo(norm(g2), 4);
    const cos = g1.reduce((a, x, i) => a + x * g2[i], 0) / (norm(g1) * norm(g2));
    expect(diagnostics?.['amended.cos_g1_g2']).toBeCloseTo(cos, 3);
  });

  it('Amended with η = 0 gives the first-order gradient exactly', () => {
    expect(step('amended', { eta: 0 }).grads).toEqual(step('first-order', {}).grads);
  });

  it('second order: d + Ew′ − ξ·B·∇_w L_val(w′), w′ = w − ξ(Aw + Bᵀα)', () => {
    const xi = 0.1;
    const w1 = sub(W, scale(add(mv(A, W), tmv(B, ALPHA)), xi));
    const v1 = add(sub(w1, w0), tmv(E, ALPHA));
    expectClose(step('second-order', {}, xi).grads, sub(add(d, mv(E, w1)), scale(mv(B, v1), xi)));
  });

  it('AllegroNAS Eq. 5: unrolled val term + χ·unrolled train term, χ = 0.004·τ', () => {
    const xi = 0.1;
    const epoch = 5;
    const chi = 0.004 * epoch;
    const w1 = sub(W, scale(add(mv(A, W), tmv(B, ALPHA)), xi));
    const valTerm = sub(add(d, mv(E, w1)), scale(mv(B, add(sub(w1, w0), tmv(E, ALPHA))), xi));
    const trainTerm = sub(mv(B, w1), scale(mv(B, add(mv(A, w1), tmv(B, ALPHA))), xi));
    const { grads, diagnostics } = step('asymptotic', {}, xi, epoch);
    expectClose(grads, add(valTerm, scale(trainTerm, chi)));
    expect(diagnostics?.['asymptotic.chi']).toBeCloseTo(chi, 12);
    // First-order variant: both terms at the current w.
    expectClose(step('asymptotic', { unrolled: false }, xi, epoch).grads, add(g1, scale(mv(B, W), chi)), 1e-5);
  });

  it('the χ ramp holds χ_max past H unless told not to, and the offset form adds χ_min', () => {
    const chiAt = (options: Record<string, unknown>, epoch: number) => step('asymptotic', { unrolled: false, ...options }, 0.1, epoch).diagnostics?.['asymptotic.chi'];
    expect(chiAt({}, 40)).toBeCloseTo(0.1, 12);
    expect(chiAt({ clamp: false }, 40)).toBeCloseTo(0.16, 12);
    expect(chiAt({ chiMin: 0.02, chiForm: 'offset' }, 0)).toBeCloseTo(0.02, 12);
    expect(chiAt({ chiMin: 0.02 }, 25)).toBeCloseTo(0.08, 12);
  });

  it('single-level: ∇_α L_train = Bw; mixed-level: ∇_α L_train + λ·∇_α L_val', () => {
    expectClose(step('single-level', {}).grads, mv(B, W), 1e-6);
    expectClose(step('mixed-level', { lambda: 0.5 }).grads, add(mv(B, W), scale(g1, 0.5)), 1e-6);
  });
});

describe('finite-difference Hessian-vector product', () => {
  it('matches the exact H·v of a quartic, L = Σ_k c_k (m_k·w)⁴ / 12', async () => {
    await useBackend('cpu');
    const M: Mat = [
      [0.5, -1, 0.3],
      [1.2, 0.4, -0.7],
      [-0.3, 0.8, 1.1],
    ];
    const c = [1, 0.5, 2];
    const w = tf.variable(tf.tensor1d(W));
    const net: ArchModel = {
      weights: () => [w],
      alphaList: () => [],
      params: { buffers: new Map() },
      loss: () => {
        const loss = tf.tidy(() => tf.sum(tf.mul(tf.pow(tf.matMul(tf.tensor2d(M), tf.reshape(w, [3, 1])), 4), tf.div(tf.tensor2d(c, [3, 1]), 12))));
        return { loss: loss as tf.Scalar };
      },
    };
    const v = [0.3, -0.6, 0.9];
    // H = Σ_k c_k (m_k·w)² m_k m_kᵀ, so H·v = Σ_k c_k (m_k·w)² (m_k·v) m_k.
    const exact = M.reduce((acc, m, k) => add(acc, scale(m, c[k] * mv([m], W)[0] ** 2 * mv([m], v)[0])), [0, 0, 0]);
    const vt = [tf.tensor1d(v)];
    const [hv] = hessianVector(net, batch(0), vt, 0.01);
    expectClose(Array.from(hv.dataSync()), exact, 1e-3);
    tf.dispose([hv, ...vt, w]);
  });
});
