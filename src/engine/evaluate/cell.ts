import * as tf from '@tensorflow/tfjs';
import { getAttention, type Spatial } from '../attention';
import { FIRST_NODE, nodeCount, withNodes, type GenotypeEdge, type GenotypeOps } from '../genotype';
import { factorizedReduce, reluConvBn, type Layer } from '../nn/layers';
import { concatChannels } from '../ops';
import type { Scope } from '../nn/params';
import { getPrimitive } from '../primitives';
import { dropPath, type EvalCtx } from './drop-path';

export interface EvalCellShape {
  cPrevPrev: number;
  cPrev: number;
  channels: number;
  reduction: boolean;
  reductionPrev: boolean;
  /** Size of the cell's output maps: needed only by edges with an attention module. */
  spatial?: Spatial;
  /** How the searched space built its conv ops (the genotype's `ops`); defaults when absent. */
  ops?: GenotypeOps;
}

/**
 * An evaluation cell (reference model.py Cell): inputs preprocessed to C channels, each kept edge
 * one op with affine BN (stride 2 on a reduction cell's inputs 0/1), each node the sum of its
 * edges, output the concat of the `concat` states. Unlike a search cell, pools get no BN.
 *
 * The reference sums exactly two edges per node; summing however many a node has also builds
 * explicit-layout (FairDARTS-style) cells. An Att-DARTS edge applies its attention module to the
 * op's output (`_attns.<i>`), before drop path, so the whole branch is dropped together.
 */
export function evalCell(scope: Scope, edges: readonly GenotypeEdge[], concat: readonly number[], shape: EvalCellShape) {
  const { channels: c, reduction } = shape;
  const pre0: Layer = shape.reductionPrev
    ? factorizedReduce(scope.child('preprocess0'), shape.cPrevPrev, c, true)
    : reluConvBn(scope.child('preprocess0'), { cin: shape.cPrevPrev, cout: c, kernel: 1 }, true);
  const pre1 = reluConvBn(scope.child('preprocess1'), { cin: shape.cPrev, cout: c, kernel: 1 }, true);
  // Ops are named by their position in the genotype's edge list, as the reference's `_ops.<i>`.
  const ops = withNodes(edges).map((e, i) => {
    const layer = getPrimitive(e.op).create(scope.child('_ops').child(i), c, reduction && e.input < FIRST_NODE ? 2 : 1, { ...shape.ops, affine: true });
    if (!layer) throw new Error(`op '${e.op}' (edge ${i}) has no evaluation form: a derived cell never keeps it`);
    if (e.attention === undefined) return { ...e, layer };
    if (!shape.spatial) throw new Error(`edge ${i} has attention '${e.attention}': the network needs the input image size`);
    const attend = getAttention(e.attention).create(scope.child('_attns').child(i), c, shape.spatial);
    const attended: Layer = (x, ctx) => attend(layer(x, ctx), ctx);
    return { ...e, layer: attended };
  });
  const nodes = Array.from({ length: nodeCount(edges) }, (_, j) => ops.filter((e) => e.node === FIRST_NODE + j));
  const empty = nodes.findIndex((inputs) => inputs.length === 0);
  if (empty >= 0) throw new Error(`node ${FIRST_NODE + empty} has no incoming edge`);
  const unfed = concat.find((state) => state >= FIRST_NODE + nodes.length);
  if (unfed !== undefined) throw new Error(`the output concatenates state ${unfed}, which no edge feeds`);
  return (s0: tf.Tensor4D, s1: tf.Tensor4D, ctx: EvalCtx): tf.Tensor4D => {
    const states = [pre0(s0, ctx), pre1(s1, ctx)];
    for (const inputs of nodes) {
      const terms = inputs.map((e) => {
        const x = states[e.input];
        const h = e.layer(x, ctx);
        // The reference drops every op's output except Identity's: an op that returns its input is one.
        return h === x ? h : dropPath(h, ctx);
      });
      states.push(terms.length === 1 ? terms[0] : (tf.addN(terms) as tf.Tensor4D));
    }
    return concatChannels(concat.map((i) => states[i])) as tf.Tensor4D;
  };
}
