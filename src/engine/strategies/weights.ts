import * as tf from '@tensorflow/tfjs';
import { globalNorm } from '../optim';
import type { Supernet } from '../supernet';
import type { Batch } from './types';

/** Copies of the current values of `vars` (the caller disposes them). */
export function snapshot(vars: tf.Variable[]): tf.Tensor[] {
  return vars.map((v) => tf.clone(v));
}

export function assignAll(vars: tf.Variable[], values: tf.Tensor[]): void {
  vars.forEach((v, i) => v.assign(values[i]));
}

/** Sets every variable to base + scale · direction. */
export function assignShifted(vars: tf.Variable[], base: tf.Tensor[], direction: tf.Tensor[], scale: number): void {
  tf.tidy(() => vars.forEach((v, i) => v.assign(tf.add(base[i], tf.mul(direction[i], scale)))));
}

/** Gradients of the batch loss w.r.t. `vars` at the network's current weights, plus the loss. */
export function lossGrads(net: Supernet, batch: Batch, vars: tf.Variable[]): { loss: number; grads: tf.Tensor[] } {
  const { value, grads } = tf.variableGrads(() => net.loss(batch.x, batch.y, { training: true }).loss, vars);
  const loss = value.dataSync()[0];
  value.dispose();
  return { loss, grads: vars.map((v) => grads[v.name]) };
}

/**
 * Finite-difference mixed second derivative, the reference's _hessian_vector_product:
 * [∇_α L(w + R·v) − ∇_α L(w − R·v)] / 2R with R = r/‖v‖, which approximates ∇²_{α,w} L · v.
 * Weights are restored exactly afterwards (from a copy, not by subtracting back).
 */
export function mixedHessianVector(net: Supernet, batch: Batch, v: tf.Tensor[], r: number): tf.Tensor[] {
  const weights = net.weights();
  const alphas = net.alphaList();
  const base = snapshot(weights);
  const R = r / globalNorm(v);
  try {
    assignShifted(weights, base, v, R);
    const plus = lossGrads(net, batch, alphas).grads;
    assignShifted(weights, base, v, -R);
    const minus = lossGrads(net, batch, alphas).grads;
    const out = plus.map((p, i) => tf.tidy(() => tf.div(tf.sub(p, minus[i]), 2 * R)));
    tf.dispose([...plus, ...minus]);
    return out;
  } finally {
    assignAll(weights, base);
    tf.dispose(base);
  }
}
