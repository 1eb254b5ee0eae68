import * as tf from '@tensorflow/tfjs';
import { factorizedReduce, reluConvBn, type Ctx, type Layer } from '../nn/layers';
import type { Scope } from '../nn/params';
import type { Spatial } from '../attention';
import type { SearchSpace } from '../spaces';
import { mixedAttention } from './mixed_attention';
import { mixedOp } from './mixed_op';
import type { SkipDropout } from './skip_dropout';

export interface CellShape {
  cPrevPrev: number;
  cPrev: number;
  channels: number;
  reduction: boolean;
  reductionPrev: boolean;
  groups?: number;
  /** Size of the cell's node states (the attention modules' feature maps). */
  spatial?: Spatial;
  /** Per edge, the α columns it keeps (P-DARTS); every primitive when omitted. */
  candidates?: readonly (readonly number[])[];
  skipDropout?: SkipDropout;
}

/** [edge][op] scalar weights of one cell, the relaxed α unstacked once per forward. */
export type EdgeWeights = tf.Scalar[][];

/**
 * A search cell (reference model_search.py Cell): inputs preprocessed to C channels, every edge a
 * mixed op, each node the sum of its incoming edges, output the concat of the last `multiplier` states.
 * A space with attention modules follows each mixed op with a mixed attention weighted by the
 * edge's β row (Att-DARTS, reference AttLocation.AFTER_EVERY).
 */
export function searchCell(scope: Scope, space: SearchSpace, shape: CellShape) {
  const { channels: c, reduction } = shape;
  const pre0: Layer = shape.reductionPrev
    ? factorizedReduce(scope.child('preprocess0'), shape.cPrevPrev, c, false)
    : reluConvBn(scope.child('preprocess0'), { cin: shape.cPrevPrev, cout: c, kernel: 1 }, false);
  const pre1 = reluConvBn(scope.child('preprocess1'), { cin: shape.cPrev, cout: c, kernel: 1 }, false);
  const edges = space.edges(space.nodes);
  const attentions = space.attentions;
  if (attentions && !shape.spatial) throw new Error(`space ${space.id} has attention modules: the cell needs its feature map size`);
  type Edge = (x: tf.Tensor4D, alpha: tf.Scalar[], beta: tf.Scalar[] | undefined, ctx: Ctx) => tf.Tensor4D;
  const ops: Edge[] = edges.map((e, i) => {
    const edgeScope = scope.child('_ops').child(i);
    const mixed = mixedOp(edgeScope, space.primitives, c, reduction && e.from < 2 ? 2 : 1, { ...space.opOptions, affine: false, groups: shape.groups }, {
      columns: shape.candidates?.[i],
      skipDropout: shape.skipDropout,
    });
    if (!attentions) return (x, alpha, _beta, ctx) => mixed(x, alpha, ctx);
    const attend = mixedAttention(edgeScope, attentions, c, shape.spatial as Spatial);
    return (x, alpha, beta, ctx) => {
      if (!beta) throw new Error(`space ${space.id} has attention modules: the cell needs β weights`);
      return attend(mixed(x, alpha, ctx), beta, ctx);
    };
  });
  /** `betas`: the relaxed β rows [edge][module], for a space with attention modules. */
  return (s0: tf.Tensor4D, s1: tf.Tensor4D, weights: EdgeWeights, ctx: Ctx, betas?: EdgeWeights): tf.Tensor4D => {
    const states = [pre0(s0, ctx), pre1(s1, ctx)];
    for (let node = 0; node < space.nodes; node++) {
      const terms: tf.Tensor4D[] = [];
      edges.forEach((e, i) => {
        if (e.to === node) terms.push(ops[i](states[e.from], weights[i], betas?.[i], ctx));
      });
      states.push(terms.length === 1 ? terms[0] : (tf.addN(terms) as tf.Tensor4D));
    }
    return tf.concat(states.slice(-space.multiplier), 3);
  };
}
