import { batchNormLayer, depthwiseLayer, relu, sequential, type Layer } from '../nn/layers';
import type { Scope } from '../nn/params';
import { pointwise } from './pointwise';
import type { Primitive, PrimitiveOptions } from './types';

/**
 * The reference's DilConv block, ReLU → depthwise k×k with dilation 2 → pointwise 1x1 → BN,
 * stacked `depth` times (1 in DARTS). Only the first block carries the stride. Names continue the
 * reference's `op.N` indices as one nn.Sequential would: op.1–op.3, then op.5–op.7, ...
 */
export function dilConvBlocks(scope: Scope, c: number, k: number, stride: number, opts: PrimitiveOptions, depth = 1): Layer {
  const op = scope.child('op');
  const layers: Layer[] = [];
  for (let b = 0; b < depth; b++) {
    const at = 4 * b;
    layers.push(
      relu,
      depthwiseLayer(op.child(at + 1), c, k, b === 0 ? stride : 1, k - 1, 2),
      pointwise(op.child(at + 2), c, c, opts.groups ?? 1),
      batchNormLayer(op.child(at + 3), c, opts.affine),
    );
  }
  return sequential(...layers);
}

const dilConv = (k: number): Primitive => ({
  id: `dil_conv_${k}x${k}`,
  title: `${k}x${k} dilated separable convolution (dilation 2)`,
  parameterFree: false,
  bnInMixedOp: false,
  create: (scope, c, stride, opts) => dilConvBlocks(scope, c, k, stride, opts),
});

export const dilConv3 = dilConv(3);
export const dilConv5 = dilConv(5);
