import * as tf from '@tensorflow/tfjs';
import { batchNormLayer, convLayer, type ConvSpec, type Ctx, type Layer } from '../nn/layers';
import type { Scope } from '../nn/params';

/**
 * Bottleneck width ⌊c / r⌋, as the reference modules compute it, but at least 1: a search network
 * at C = 4 or 8 would otherwise get a zero-width layer (PyTorch refuses those too).
 */
export const reduced = (c: number, r: number): number => Math.max(1, Math.floor(c / r));

/** PyTorch Linear on [N, fin]: weight (and bias) U(±1/√fin); weight layout [fin, fout]. */
export function dense(scope: Scope, fin: number, fout: number, bias: boolean): (x: tf.Tensor2D) => tf.Tensor2D {
  const w = scope.weight('weight', [fin, fout], { kind: 'uniform', fanIn: fin }) as tf.Tensor2D;
  const b = bias ? scope.weight('bias', [fout], { kind: 'uniform', fanIn: fin }) : undefined;
  return (x) => {
    const y: tf.Tensor2D = tf.matMul(x, w);
    return b ? tf.add<tf.Tensor2D>(y, b) : y;
  };
}

/** PyTorch Conv2d with its default bias (the op layer's convLayer is bias-free, as BN follows it there). */
export function biasedConv(scope: Scope, spec: ConvSpec): Layer {
  const conv = convLayer(scope, spec);
  const b = scope.weight('bias', [spec.cout], { kind: 'uniform', fanIn: spec.cin * spec.kernel * spec.kernel });
  return (x, ctx) => tf.add(conv(x, ctx), b);
}

/** BatchNorm1d(c) on [N, C] features, through the 2-D op on [N, 1, 1, C]. */
export function batchNorm1d(scope: Scope, c: number): (x: tf.Tensor2D, ctx: Ctx) => tf.Tensor2D {
  const bn = batchNormLayer(scope, c, true);
  return (x, ctx) => tf.reshape(bn(asChannelMap(x), ctx), x.shape) as tf.Tensor2D;
}

/** Mean over H and W: [N, H, W, C] → [N, C]. */
export const globalAvgPool = (x: tf.Tensor4D): tf.Tensor2D => tf.mean(x, [1, 2]);

/** Max over H and W: [N, H, W, C] → [N, C]. */
export const globalMaxPool = (x: tf.Tensor4D): tf.Tensor2D => tf.max(x, [1, 2]);

/** [N, C] → [N, 1, 1, C], to scale every position of a feature map per channel. */
export const asChannelMap = (v: tf.Tensor2D): tf.Tensor4D => tf.reshape(v, [v.shape[0], 1, 1, v.shape[1]]);
