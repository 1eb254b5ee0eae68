import * as tf from '@tensorflow/tfjs';

/** How α becomes the mixing weights of an edge's candidate ops. */
export interface Relaxation {
  id: string;
  title: string;
  /** [edges, ops] α → [edges, ops] weights, differentiably. */
  weights(alpha: tf.Tensor2D): tf.Tensor2D;
  /** The same on host numbers (events, derivation). */
  hostWeights(alpha: number[][]): number[][];
}

const softmaxRow = (row: number[]) => {
  const m = Math.max(...row);
  const e = row.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};

/** DARTS: ops on an edge compete through a softmax. */
export const softmaxRelaxation: Relaxation = {
  id: 'softmax',
  title: 'Softmax (DARTS)',
  weights: (alpha) => tf.softmax(alpha),
  hostWeights: (alpha) => alpha.map(softmaxRow),
};

/** Fair DARTS: every op is switched on or off independently. */
export const sigmoidRelaxation: Relaxation = {
  id: 'sigmoid',
  title: 'Sigmoid (Fair DARTS)',
  weights: (alpha) => tf.sigmoid(alpha),
  hostWeights: (alpha) => alpha.map((r) => r.map((v) => 1 / (1 + Math.exp(-v)))),
};

export const relaxations: ReadonlyMap<string, Relaxation> = new Map([softmaxRelaxation, sigmoidRelaxation].map((r) => [r.id, r]));

export function getRelaxation(id: string): Relaxation {
  const r = relaxations.get(id);
  if (!r) throw new Error(`unknown relaxation '${id}' (known: ${[...relaxations.keys()].join(', ')})`);
  return r;
}
