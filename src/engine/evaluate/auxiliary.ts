import * as tf from '@tensorflow/tfjs';
import { batchNormLayer, convLayer, linear, relu, sequential, type Ctx } from '../nn/layers';
import type { Scope } from '../nn/params';
import type { Spatial } from '../attention';

/** Width of the auxiliary head's last conv, i.e. the features its classifier reads. */
const AUX_FEATURES = 768;

/**
 * The reference's AuxiliaryHeadCIFAR, meant for the 8x8 maps after the second reduction (32x32
 * input): ReLU, 5x5 average pool with stride 3 and no padding (→ 2x2), 1x1 conv to 128 + BN + ReLU,
 * 2x2 conv to 768 + BN + ReLU (→ 1x1), linear classifier. Parameter names follow its `features.N`.
 *
 * `mapSize` (the search's auxiliary tower, on any image size): the pool's stride t = ⌊(s − 1)/2⌋
 * and window s − t per axis, so an s×s map pools to 2x2 as well; for 8x8 that is the reference's
 * 5x5/stride 3. Omitted: the reference's pool, and 8x8 maps are required.
 */
/** Why the reference head (5x5 pool, stride 3, then a 2x2 conv) cannot read `map`-sized maps, or null: it needs 8 to 10 px a side. */
export function auxiliaryMapProblem(map: Spatial): string | null {
  const pooled = (s: number) => (s >= 5 ? Math.floor((s - 5) / 3) + 1 : 0);
  if (pooled(map.height) === 2 && pooled(map.width) === 2) return null;
  return `the auxiliary head reads the ${map.height}x${map.width} maps after the second reduction, but needs 8x8 (to 10x10) ones, as 32x32 images give`;
}

export function auxiliaryHeadCifar(scope: Scope, channels: number, classes: number, mapSize?: Spatial): (x: tf.Tensor4D, ctx: Ctx) => tf.Tensor2D {
  const f = scope.child('features');
  const pool = mapSize ? twoByTwoPool(mapSize) : { window: [5, 5] as [number, number], stride: [3, 3] as [number, number] };
  const features = sequential(
    relu,
    // No padding, so count_include_pad=False changes nothing and tfjs's 'valid' pool is exact.
    (x) => tf.avgPool(x, pool.window, pool.stride, 'valid'),
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

/** A valid average pool that takes an h×w map to 2x2 (see auxiliaryHeadCifar). */
function twoByTwoPool({ height, width }: Spatial): { window: [number, number]; stride: [number, number] } {
  if (height < 2 || width < 2) throw new Error(`the auxiliary head needs feature maps of at least 2x2; got ${height}x${width}`);
  const stride = (s: number) => Math.max(1, Math.floor((s - 1) / 2));
  const [th, tw] = [stride(height), stride(width)];
  return { window: [height - th, width - tw], stride: [th, tw] };
}
