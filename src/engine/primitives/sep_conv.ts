import { batchNormLayer, depthwiseLayer, relu, sequential } from '../nn/layers';
import type { Scope } from '../nn/params';
import { pointwise } from './pointwise';
import type { Primitive, PrimitiveOptions } from './types';

/**
 * The reference's SepConv: (ReLU, depthwise k×k, pointwise 1x1, BN) twice; only the first
 * depthwise conv carries the stride. Parameter names follow the reference's `op.N` indices.
 * `mid` is the width between the two halves: C in the reference, wider in AllegroSepConv.
 */
export function sepConvBlock(scope: Scope, c: number, k: number, stride: number, opts: PrimitiveOptions, mid = c) {
  const op = scope.child('op');
  const pad = (k - 1) / 2;
  const groups = opts.groups ?? 1;
  return sequential(
    relu,
    depthwiseLayer(op.child(1), c, k, stride, pad),
    pointwise(op.child(2), c, mid, groups),
    batchNormLayer(op.child(3), mid, opts.affine),
    relu,
    depthwiseLayer(op.child(5), mid, k, 1, pad),
    pointwise(op.child(6), mid, c, groups),
    batchNormLayer(op.child(7), c, opts.affine),
  );
}

const sepConv = (k: number): Primitive => ({
  id: `sep_conv_${k}x${k}`,
  title: `${k}x${k} separable convolution`,
  parameterFree: false,
  bnInMixedOp: false,
  create: (scope, c, stride, opts) => sepConvBlock(scope, c, k, stride, opts),
});

export const sepConv3 = sepConv(3);
export const sepConv5 = sepConv(5);
