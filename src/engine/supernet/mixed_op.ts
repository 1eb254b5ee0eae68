import * as tf from '@tensorflow/tfjs';
import { dropPath, type EvalCtx } from '../evaluate/drop-path';
import { batchNormLayer, sequential, type Layer } from '../nn/layers';
import type { Scope } from '../nn/params';
import { getPrimitive, type PrimitiveOptions } from '../primitives';
import type { SkipDropout } from './skip_dropout';

/**
 * Applies the edge's candidate ops and mixes them: Σ_o w_o · o(x), w = the edge's relaxed α row.
 * With drop path in the context (the 'drop-path' regularizer's weight steps), each op's output is
 * dropped as that op's branch would be in the evaluation network: independently per op, per
 * example, never an Identity (an op that returns its input, as the evaluation cell tests).
 */
export interface MixedOp {
  (x: tf.Tensor4D, weights: tf.Scalar[], ctx: EvalCtx): tf.Tensor4D;
  /** Each kept op's output before mixing, with its α column (for a cell that mixes many edges at once). */
  terms(x: tf.Tensor4D, ctx: EvalCtx): MixTerm[];
}

export interface MixTerm {
  column: number;
  y: tf.Tensor4D;
}

export interface MixedOpChoices {
  /**
   * α columns (primitive indices) the edge still has, all when omitted. P-DARTS prunes ops between
   * stages; a pruned op is not built, and its α column is masked to weight 0 by the network.
   */
  columns?: readonly number[];
  /** P-DARTS's dropout after the stride-1 skip_connect. */
  skipDropout?: SkipDropout;
}

export function mixedOp(scope: Scope, primitiveIds: readonly string[], channels: number, stride: number, opts: PrimitiveOptions, choices: MixedOpChoices = {}): MixedOp {
  const ops: Array<{ column: number; layer: Layer }> = [];
  const kept = new Set(choices.columns ?? primitiveIds.keys());
  primitiveIds.forEach((id, column) => {
    if (!kept.has(column)) return;
    const p = getPrimitive(id);
    const opScope = scope.child('_ops').child(column);
    let layer = p.create(opScope, channels, stride, opts);
    if (!layer) return;
    // Reference MixedOp: nn.Sequential(pool, BatchNorm2d(C, affine=False)); the BN is index 1.
    if (p.bnInMixedOp) layer = sequential(layer, batchNormLayer(opScope.child(1), channels, false));
    layer = withDropPath(layer);
    if (id === 'skip_connect' && stride === 1 && choices.skipDropout) layer = choices.skipDropout.wrap(layer);
    ops.push({ column, layer });
  });
  if (ops.length === 0) throw new Error(`an edge keeps no op that produces output (${[...kept].map((k) => primitiveIds[k]).join(', ')})`);
  const terms = (x: tf.Tensor4D, ctx: EvalCtx): MixTerm[] => ops.map(({ column, layer }) => ({ column, y: layer(x, ctx) }));
  const mix = (x: tf.Tensor4D, weights: tf.Scalar[], ctx: EvalCtx) => tf.addN(terms(x, ctx).map(({ column, y }) => tf.mul(y, weights[column]))) as tf.Tensor4D;
  return Object.assign(mix, { terms });
}

/** Drop path after the op (before P-DARTS's skip dropout), skipped when the op returns its input. */
function withDropPath(layer: Layer): Layer {
  return (x: tf.Tensor4D, ctx: EvalCtx) => {
    const h = layer(x, ctx);
    return h === x ? h : dropPath(h, ctx);
  };
}
