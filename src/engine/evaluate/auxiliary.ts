import * as tf from '@tensorflow/tfjs';
import { batchNormLayer, convLayer, linear, relu, sequential, type Ctx } from '../nn/layers';
import type { Scope } from '../nn/params';

/** Width of the auxiliary head's last conv, i.e. the features its classifier reads. */
const AUX_FEATURES = 768;

/**
 * The reference's AuxiliaryHeadCIFAR, meant for the 8x8 maps after the second reduction (32x32
 * input): ReLU, 5x5 average pool with stride 3 and no padding (→ 2x2), 1x1 conv to 128 + BN + ReLU,
 * 2x2 conv to 768 + BN + ReLU (→ 1x1), linear classifier. Parameter names follow its `features.N`.
 */
export function auxiliaryHeadCifar(scope: Scope, channels: number, classes: number): (x: tf.Tensor4D, ctx: Ctx) => tf.Tensor2D {
  const f = scope.child('features');
  const features = sequential(
    relu,
    // No padding, so count_include_pad=False changes nothing and tfjs's 'valid' pool is exact.
    (x) => tf.avgPool(x, 5, 3, 'valid'),
    convLayer(f.child(2), { cin: channels, cout: 128, kernel: 1 }),
    batchNormLayer(f.child(3), 128, true),
    relu,
    convLayer(f.child(5), { cin: 128, cout: AUX_FEATURES, kernel: 2 }),
    batchNormLayer(f.child(6), AUX_FEATURES, true),
    relu,
  );
  const classifier = linear(scope.child('classifier'), AUX_FEATURES, classes);
  return (x, ctx) => {
    const h = features(x, ctx);
    if (h.shape[1] !== 1 || h.shape[2] !== 1) {
      throw new Error(`the auxiliary head expects 8x8 feature maps (32x32 images); got ${x.shape[1]}x${x.shape[2]}`);
    }
    return classifier(tf.reshape(h, [h.shape[0], AUX_FEATURES]));
  };
}
