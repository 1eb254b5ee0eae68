import * as tf from '@tensorflow/tfjs';
import { customOp } from '../ops/custom_op';
import { hostKernel, runHostKernel, type HostKernel } from '../ops/host_kernels';
import { simd } from '../ops/simd/kernels';

/** One op output of a node's incoming edges and where its weight sits in the relaxed α, [edges, ops]. */
export interface WeightedTerm {
  edge: number;
  column: number;
  y: tf.Tensor4D;
}

const flatIndex = (attrs: tf.NamedAttrMap) => attrs.index as number[];

/** out = Σ_k w[index_k] · y_k; inputs: w (the relaxed α, flat), y_1..y_K. In wasm SIMD, four terms per pass over `out`. */
const MIX: HostKernel = {
  name: 'NasStudioMix',
  jsReads: [0],
  outputShapes: ([, y]) => [y],
  run: ([w, ...ys], [out], _shapes, attrs) => simd().mix(out, ys, flatIndex(attrs).map((i) => w[i])),
};

/** dL/dy_k = w[index] · dy; inputs: w, dy. */
const MIX_TERM_GRAD: HostKernel = {
  name: 'NasStudioMixTermGrad',
  jsReads: [0],
  outputShapes: ([, dy]) => [dy],
  run: ([w, dy], [out], _shapes, attrs) => simd().mix(out, [dy], [w[attrs.at as number]]),
};

/** dL/dw: ⟨dy, y_k⟩ at index_k (summed where two terms share a weight), 0 elsewhere; inputs: w, dy, y_1..y_K. */
const MIX_WEIGHT_GRAD: HostKernel = {
  name: 'NasStudioMixWeightGrad',
  jsReads: [],
  outputShapes: ([w]) => [w],
  run: ([, dy, ...ys], [out], _shapes, attrs) => simd().mixWeightGrad(out, dy, ys, flatIndex(attrs)),
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
