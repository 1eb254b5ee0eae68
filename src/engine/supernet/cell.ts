import * as tf from '@tensorflow/tfjs';
import { factorizedReduce, reluConvBn, type Ctx, type Layer } from '../nn/layers';
import type { Scope } from '../nn/params';
import type { SearchSpace } from '../spaces';
import { mixedOp, type MixedOp } from './mixed_op';

export interface CellShape {
  cPrevPrev: number;
  cPrev: number;
  channels: number;
  reduction: boolean;
  reductionPrev: boolean;
  groups?: number;
}

/** [edge][op] scalar weights of one cell, the relaxed α unstacked once per forward. */
export type EdgeWeights = tf.Scalar[][];

/**
 * A search cell (reference model_search.py Cell): inputs preprocessed to C channels, every edge a
 * mixed op, each node the sum of its incoming edges, output the concat of the last `multiplier` states.
 */
export function searchCell(scope: Scope, space: SearchSpace, shape: CellShape) {
  const { channels: c, reduction } = shape;
  const pre0: Layer = shape.reductionPrev
    ? factorizedReduce(scope.child('preprocess0'), shape.cPrevPrev, c, false)
    : reluConvBn(scope.child('preprocess0'), { cin: shape.cPrevPrev, cout: c, kernel: 1 }, false);
  const pre1 = reluConvBn(scope.child('preprocess1'), { cin: shape.cPrev, cout: c, kernel: 1 }, false);
  const edges = space.edges(space.nodes);
  const ops: MixedOp[] = edges.map((e, i) =>
    mixedOp(scope.child('_ops').child(i), space.primitives, c, reduction && e.from < 2 ? 2 : 1, { ...space.opOptions, affine: false, groups: shape.groups }),
  );
  return (s0: tf.Tensor4D, s1: tf.Tensor4D, weights: EdgeWeights, ctx: Ctx): tf.Tensor4D => {
    const states = [pre0(s0, ctx), pre1(s1, ctx)];
    for (let node = 0; node < space.nodes; node++) {
      const terms: tf.Tensor4D[] = [];
      edges.forEach((e, i) => {
        if (e.to === node) terms.push(ops[i](states[e.from], weights[i], ctx));
      });
      states.push(terms.length === 1 ? terms[0] : (tf.addN(terms) as tf.Tensor4D));
    }
    return tf.concat(states.slice(-space.multiplier), 3);
  };
}
