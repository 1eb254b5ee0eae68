import * as tf from '@tensorflow/tfjs';
import { globalNorm } from '../optim';
import { variableGrads } from '../nn/activation-checkpoint';
import { hostKernel, hostKernels, runHostKernel, type HostKernel } from '../ops/host_kernels';
import type { ArchModel, Batch } from './types';

/** Copies of the current values of `vars` (the caller disposes them). */
export function snapshot(vars: tf.Variable[]): tf.Tensor[] {
  return vars.map((v) => tf.clone(v));
}

export function assignAll(vars: tf.Variable[], values: tf.Tensor[]): void {
  vars.forEach((v, i) => v.assign(values[i]));
}

/** base_i + scale · direction_i for every i in one kernel; inputs base_1..n, direction_1..n. */
const SHIFT: HostKernel = {
  name: 'NasStudioShift',
  outputShapes: (shapes, attrs) => shapes.slice(0, attrs.count as number),
  run: (inputs, outputs, _shapes, attrs) => {
    const [n, scale] = [attrs.count, attrs.scale] as number[];
    for (let v = 0; v < n; v++) {
      const [base, direction, out] = [inputs[v], inputs[n + v], outputs[v]];
      for (let i = 0; i < out.length; i++) out[i] = base[i] + scale * direction[i];
    }
  },
};

/** Sets every variable to base + scale · direction (one kernel for all where host kernels run: a 2nd-order step shifts all 889 weights twice). */
export function assignShifted(vars: tf.Variable[], base: tf.Tensor[], direction: tf.Tensor[], scale: number): void {
  tf.tidy(() => {
    if (hostKernels()) {
      const shifted = runHostKernel(hostKernel(SHIFT), [...base, ...direction], { count: vars.length, scale });
      vars.forEach((v, i) => v.assign(shifted[i]));
      return;
    }
    vars.forEach((v, i) => v.assign(tf.add(base[i], tf.mul(direction[i], scale))));
  });
}

/** Runs `f` and puts the BN running statistics back as they were (for probing passes). */
export function keepingBuffers<T>(net: ArchModel, f: () => T): T {
  const buffers = [...net.params.buffers.values()];
  const saved = snapshot(buffers);
  try {
    return f();
  } finally {
    assignAll(buffers, saved);
    tf.dispose(saved);
  }
}

/** Gradients of the batch loss w.r.t. `vars` at the network's current weights, plus the loss. */
export function lossGrads(net: ArchModel, batch: Batch, vars: tf.Variable[]): { loss: number; grads: tf.Tensor[] } {
  const { value, grads } = variableGrads(() => net.loss(batch.x, batch.y, { training: true }).loss, vars);
  const loss = value.dataSync()[0];
  value.dispose();
  // A variable off the loss's path (the supernet's auxiliary tower, which α steps never run) has no gradient: zero.
  return { loss, grads: vars.map((v) => grads[v.name] ?? tf.zerosLike(v)) };
}

/**
 * Central finite difference of ∇_of L along a weight direction v:
 * [∇_of L(w + R·v) − ∇_of L(w − R·v)] / 2R with R = r/‖v‖, which approximates ∇_w(∇_of L)ᵀ·v.
 * Weights are restored exactly afterwards (from a copy, not by subtracting back). A zero v
 * gives zeros.
 */
function weightDirectionalDerivative(net: ArchModel, batch: Batch, v: tf.Tensor[], r: number, of: tf.Variable[]): tf.Tensor[] {
  const norm = globalNorm(v);
  if (norm === 0) return of.map((x) => tf.zerosLike(x));
  const weights = net.weights();
  const base = snapshot(weights);
  const R = r / norm;
  try {
    assignShifted(weights, base, v, R);
    const plus = lossGrads(net, batch, of).grads;
    assignShifted(weights, base, v, -R);
    const minus = lossGrads(net, batch, of).grads;
    const out = plus.map((p, i) => tf.tidy(() => tf.div(tf.sub(p, minus[i]), 2 * R)));
    tf.dispose([...plus, ...minus]);
    return out;
  } finally {
    assignAll(weights, base);
    tf.dispose(base);
  }
}

/**
 * The reference's _hessian_vector_product: ∇²_{α,w} L · v ≈ [∇_α L(w + R·v) − ∇_α L(w − R·v)] / 2R,
 * R = r/‖v‖. Aligned with `net.alphaList()`.
 */
export function mixedHessianVector(net: ArchModel, batch: Batch, v: tf.Tensor[], r: number): tf.Tensor[] {
  return weightDirectionalDerivative(net, batch, v, r, net.alphaList());
}

/** H·v = ∇²_w L · v ≈ [∇_w L(w + R·v) − ∇_w L(w − R·v)] / 2R, R = r/‖v‖. Aligned with `net.weights()`. */
export function hessianVector(net: ArchModel, batch: Batch, v: tf.Tensor[], r: number): tf.Tensor[] {
  return weightDirectionalDerivative(net, batch, v, r, net.weights());
}

/** Σ_k c_k · ∇_α L_k(w, α) at the current weights, one pass per term; the loss of each term. */
export function weightedArchGrads(net: ArchModel, terms: Array<{ batch: Batch; coef: number }>): { grads: tf.Tensor[]; losses: number[] } {
  const alphas = net.alphaList();
  let sum: tf.Tensor[] | null = null;
  const losses: number[] = [];
  for (const { batch, coef } of terms) {
    const { loss, grads } = lossGrads(net, batch, alphas);
    losses.push(loss);
    const scaled = coef === 1 ? grads : grads.map((g) => tf.mul(g, coef));
    if (scaled !== grads) tf.dispose(grads);
    const prev: tf.Tensor[] | null = sum;
    sum = prev ? scaled.map((g, i) => tf.add(prev[i], g)) : scaled;
    if (prev) tf.dispose([...prev, ...scaled]);
  }
  return { grads: sum ?? alphas.map((a) => tf.zerosLike(a)), losses };
}

/** Running means of named per-step values over an epoch; `flush` returns them and starts over. */
export class EpochMeans {
  private sums = new Map<string, { sum: number; n: number }>();

  add(values: Record<string, number>): void {
    for (const [k, v] of Object.entries(values)) {
      if (!Number.isFinite(v)) continue;
      const s = this.sums.get(k) ?? { sum: 0, n: 0 };
      s.sum += v;
      s.n += 1;
      this.sums.set(k, s);
    }
  }

  flush(): Record<string, number> {
    const out = Object.fromEntries([...this.sums].map(([k, s]) => [k, s.sum / s.n]));
    this.sums = new Map();
    return out;
  }
}

/** ‖a‖, ‖b‖ and cos(a, b) over all elements (cos is NaN when either is zero). */
export function normsAndCosine(a: tf.Tensor[], b: tf.Tensor[]): { normA: number; normB: number; cos: number } {
  const normA = globalNorm(a);
  const normB = globalNorm(b);
  const dot = tf.tidy(() => tf.addN(a.map((t, i) => tf.sum(tf.mul(t, b[i])))).dataSync()[0]);
  return { normA, normB, cos: normA > 0 && normB > 0 ? dot / (normA * normB) : NaN };
}
