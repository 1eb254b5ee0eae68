import * as tf from '@tensorflow/tfjs';
import { customOp } from '../ops/custom_op';
import { hostKernel, runHostKernel, type HostKernel } from '../ops/host_kernels';

/** One op output of a node's incoming edges and where its weight sits in the relaxed α, [edges, ops]. */
export interface WeightedTerm {
  edge: number;
  column: number;
  y: tf.Tensor4D;
}

const flatIndex = (attrs: tf.NamedAttrMap) => attrs.index as number[];

/**
 * out = Σ_k w[index_k] · y_k; inputs: w (the relaxed α, flat), y_1..y_K. Four terms per pass over
 * `out` (their sum in float64), so `out` is read and written K/4 times instead of K.
 */
const MIX: HostKernel = {
  name: 'NasStudioMix',
  outputShapes: ([, y]) => [y],
  run: ([w, ...ys], [out], _shapes, attrs) => {
    const index = flatIndex(attrs);
    let k = 0;
    for (; k + 4 <= ys.length; k += 4) {
      const [y0, y1, y2, y3] = ys.slice(k, k + 4);
      const a0 = w[index[k]], a1 = w[index[k + 1]], a2 = w[index[k + 2]], a3 = w[index[k + 3]];
      if (k === 0) for (let i = 0; i < out.length; i++) out[i] = a0 * y0[i] + a1 * y1[i] + a2 * y2[i] + a3 * y3[i];
      else for (let i = 0; i < out.length; i++) out[i] += a0 * y0[i] + a1 * y1[i] + a2 * y2[i] + a3 * y3[i];
    }
    for (; k < ys.length; k++) {
      const [a, y] = [w[index[k]], ys[k]];
      if (k === 0) for (let i = 0; i < out.length; i++) out[i] = a * y[i];
      else for (let i = 0; i < out.length; i++) out[i] += a * y[i];
    }
  },
};

/** dL/dy_k = w[index] · dy; inputs: w, dy. */
const MIX_TERM_GRAD: HostKernel = {
  name: 'NasStudioMixTermGrad',
  outputShapes: ([, dy]) => [dy],
  run: ([w, dy], [out], _shapes, attrs) => {
    const a = w[attrs.at as number];
    for (let i = 0; i < out.length; i++) out[i] = a * dy[i];
  },
};

/** dL/dw: ⟨dy, y_k⟩ at index_k (summed where two terms share a weight), 0 elsewhere; inputs: w, dy, y_1..y_K. */
const MIX_WEIGHT_GRAD: HostKernel = {
  name: 'NasStudioMixWeightGrad',
  outputShapes: ([w]) => [w],
  run: ([, dy, ...ys], [out], _shapes, attrs) => {
    const index = flatIndex(attrs);
    out.fill(0);
    // Four dot products per pass over dy.
    let k = 0;
    for (; k + 4 <= ys.length; k += 4) {
      const [y0, y1, y2, y3] = ys.slice(k, k + 4);
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let i = 0; i < dy.length; i++) {
        const d = dy[i];
        s0 += d * y0[i];
        s1 += d * y1[i];
        s2 += d * y2[i];
        s3 += d * y3[i];
      }
      out[index[k]] += s0;
      out[index[k + 1]] += s1;
      out[index[k + 2]] += s2;
      out[index[k + 3]] += s3;
    }
    for (; k < ys.length; k++) {
      const y = ys[k];
      let dot = 0;
      for (let i = 0; i < dy.length; i++) dot += dy[i] * y[i];
      out[index[k]] += dot;
    }
  },
};

/**
 * Σ_k w[edge_k, column_k] · y_k as one host kernel, with one kernel per gradient: the mixing of a
 * whole node instead of a multiply per op and an addN per edge and per node. `weights` is the
 * relaxed α of the cell, [edges, ops]. Host-memory backends only (see ops/host_kernels).
 */
export function mixOnHost(weights: tf.Tensor2D, terms: readonly WeightedTerm[]): tf.Tensor4D {
  const columns = weights.shape[1];
  const index = terms.map((t) => t.edge * columns + t.column);
  const [mix, termGrad, weightGrad] = [hostKernel(MIX), hostKernel(MIX_TERM_GRAD), hostKernel(MIX_WEIGHT_GRAD)];
  const ys = terms.map((t) => t.y);
  return customOp(
    [weights, ...ys],
    () => runHostKernel(mix, [weights, ...ys], { index })[0],
    (dy, [w, ...saved]) => [
      () => runHostKernel(weightGrad, [w, dy, ...saved], { index })[0],
      ...index.map((at) => () => runHostKernel(termGrad, [w, dy], { at })[0]),
    ],
  ) as tf.Tensor4D;
}
