import * as tf from '@tensorflow/tfjs';
import { factorizedReduce, reluConvBn, type Ctx, type Layer } from '../nn/layers';
import type { Scope } from '../nn/params';
import type { Spatial } from '../attention';
import type { SearchSpace } from '../spaces';
import { mixedAttention, type MixedAttention } from './mixed_attention';
import { mixOnHost, type WeightedTerm } from './mix';
import { mixedOp } from './mixed_op';
import { hostKernels } from '../ops/host_kernels';
import { concatChannels } from '../ops';
import { withMemo } from '../nn/memo';
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
 * Runs `run(inputs)` as a unit whose interior may be recomputed during backprop instead of kept
 * (the network's activation checkpointing); `params` are the variables `run` reads.
 */
export type Segmenter = (run: (inputs: tf.Tensor[], recomputing: boolean) => tf.Tensor, inputs: tf.Tensor[], params: tf.Variable[]) => tf.Tensor;

const unstackRows = (relaxed: tf.Tensor2D): EdgeWeights => tf.unstack(relaxed).map((row) => tf.unstack(row) as tf.Scalar[]);

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
  // Each edge's mixed op, then its attention modules: parameters are drawn in creation order.
  const built = edges.map((e, i) => {
    const edgeScope = scope.child('_ops').child(i);
    const ops = mixedOp(edgeScope, space.primitives, c, reduction && e.from < 2 ? 2 : 1, { ...space.opOptions, affine: false, groups: shape.groups }, {
      columns: shape.candidates?.[i],
      skipDropout: shape.skipDropout,
    });
    return { ops, attention: attentions && mixedAttention(edgeScope, attentions, c, shape.spatial as Spatial) };
  });
  const mixed = built.map((b) => b.ops);
  const attend = attentions && built.map((b) => b.attention as MixedAttention);
  const incoming = Array.from({ length: space.nodes }, (_, node) => edges.flatMap((e, i) => (e.to === node ? [i] : [])));

  /**
   * The straightforward formulation: each edge mixes its own ops with scalar weights, each node
   * adds its edges. Backends without host kernels run it, and it is the fast path's test oracle.
   */
  const perEdge = (states: tf.Tensor4D[], node: number, weights: EdgeWeights, ctx: Ctx, betas?: EdgeWeights) => {
    const terms = incoming[node].map((i) => {
      const h = mixed[i](states[edges[i].from], weights[i], ctx);
      if (!attend) return h;
      if (!betas) throw new Error(`space ${space.id} has attention modules: the cell needs β weights`);
      return attend[i](h, betas[i], ctx);
    });
    return terms.length === 1 ? terms[0] : (tf.addN(terms) as tf.Tensor4D);
  };

  /** The fast formulation: a node's (or, before attention, an edge's) ops mixed in one host kernel. */
  const fused = (states: tf.Tensor4D[], node: number, relaxed: tf.Tensor2D, ctx: Ctx, betas?: EdgeWeights) => {
    const termsOf = (i: number): WeightedTerm[] => mixed[i].terms(states[edges[i].from], ctx).map(({ column, y }) => ({ edge: i, column, y }));
    if (!attend) return mixOnHost(relaxed, incoming[node].flatMap(termsOf));
    if (!betas) throw new Error(`space ${space.id} has attention modules: the cell needs β weights`);
    const outs = incoming[node].map((i) => attend[i](mixOnHost(relaxed, termsOf(i)), betas[i], ctx));
    return outs.length === 1 ? outs[0] : (tf.addN(outs) as tf.Tensor4D);
  };

  /** The scalars the per-edge formulation and the attention modules read: unstacked once per cell pass (or segment), not per node. */
  const scalars = (relaxed: tf.Tensor2D, beta?: tf.Tensor2D) => ({ weights: hostKernels() ? undefined : unstackRows(relaxed), betas: beta && unstackRows(beta) });
  const nodeOutput = (states: tf.Tensor4D[], node: number, relaxed: tf.Tensor2D, ctx: Ctx, { weights, betas }: ReturnType<typeof scalars>) =>
    weights ? perEdge(states, node, weights, ctx, betas) : fused(states, node, relaxed, ctx, betas);
  // A node checkpointed on its own reads the states its edges come from and its edges' parameters.
  const sources = incoming.map((ids) => [...new Set(ids.map((i) => edges[i].from))]);
  const nodeParams = incoming.map((ids) => ids.flatMap((i) => scope.child('_ops').child(i).weights()));

  /**
   * `relaxed`: the cell's mixing weights [edge, op]; `beta`: the relaxed β [edge, module], for a
   * space with attention modules. With `segment`, each node is one segment: the largest unit of a
   * cell whose intermediates must coexist is then a node's edges, not all 14.
   */
  return (s0: tf.Tensor4D, s1: tf.Tensor4D, relaxed: tf.Tensor2D, ctx: Ctx, beta?: tf.Tensor2D, segment?: Segmenter): tf.Tensor4D => {
    const states = [pre0(s0, ctx), pre1(s1, ctx)];
    const output = () => concatChannels(states.slice(-space.multiplier)) as tf.Tensor4D;
    if (!segment) {
      const perCell = scalars(relaxed, beta);
      for (let node = 0; node < space.nodes; node++) states.push(nodeOutput(states, node, relaxed, ctx, perCell));
      return output();
    }
    for (let node = 0; node < space.nodes; node++) {
      const from = sources[node];
      const run = (inputs: tf.Tensor[], recomputing: boolean) => {
        const local: tf.Tensor4D[] = [];
        from.forEach((s, k) => (local[s] = inputs[k] as tf.Tensor4D));
        const [w, b] = inputs.slice(from.length) as tf.Tensor2D[];
        // Its own memo, so that nothing of the node's interior outlives the segment.
        return withMemo(ctx.memo !== undefined, (memo) => nodeOutput(local, node, w, { ...ctx, memo, recomputing }, scalars(w, b)));
      };
      states.push(segment(run, [...from.map((s) => states[s]), relaxed, ...(beta ? [beta] : [])], nodeParams[node]) as tf.Tensor4D);
    }
    return output();
  };
}
