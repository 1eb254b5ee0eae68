import * as tf from '@tensorflow/tfjs';
import { batchNormLayer, sequential, type Ctx, type Layer } from '../nn/layers';
import type { Scope } from '../nn/params';
import { getPrimitive, type PrimitiveOptions } from '../primitives';

/** Applies the edge's candidate ops and mixes them: Σ_o w_o · o(x), w = the edge's relaxed α row. */
export type MixedOp = (x: tf.Tensor4D, weights: tf.Scalar[], ctx: Ctx) => tf.Tensor4D;

export function mixedOp(scope: Scope, primitiveIds: readonly string[], channels: number, stride: number, opts: PrimitiveOptions): MixedOp {
  const ops: Array<{ column: number; layer: Layer }> = [];
  primitiveIds.forEach((id, column) => {
    const p = getPrimitive(id);
    const opScope = scope.child('_ops').child(column);
    const layer = p.create(opScope, channels, stride, opts);
    if (!layer) return;
    // Reference MixedOp: nn.Sequential(pool, BatchNorm2d(C, affine=False)); the BN is index 1.
    ops.push({ column, layer: p.bnInMixedOp ? sequential(layer, batchNormLayer(opScope.child(1), channels, false)) : layer });
  });
  return (x, weights, ctx) => tf.addN(ops.map(({ column, layer }) => tf.mul(layer(x, ctx), weights[column]))) as tf.Tensor4D;
}
