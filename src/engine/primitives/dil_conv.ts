import { batchNormLayer, convLayer, depthwiseLayer, relu, sequential } from '../nn/layers';
import type { Primitive } from './types';

/** The reference's DilConv: ReLU, depthwise k×k with dilation 2, pointwise 1x1, BN. */
const dilConv = (k: number): Primitive => ({
  id: `dil_conv_${k}x${k}`,
  title: `${k}x${k} dilated separable convolution (dilation 2)`,
  parameterFree: false,
  bnInMixedOp: false,
  create: (scope, c, stride, opts) => {
    const op = scope.child('op');
    return sequential(
      relu,
      depthwiseLayer(op.child(1), c, k, stride, k - 1, 2),
      convLayer(op.child(2), { cin: c, cout: c, kernel: 1, groups: opts.groups ?? 1 }),
      batchNormLayer(op.child(3), c, opts.affine),
    );
  },
});

export const dilConv3 = dilConv(3);
export const dilConv5 = dilConv(5);
