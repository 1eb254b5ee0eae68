import * as tf from '@tensorflow/tfjs';
import { getAttention, type Spatial } from '../attention';
import type { Ctx } from '../nn/layers';
import type { Scope } from '../nn/params';

/** Att-DARTS's second stage of an edge: Σ_a w_a · a(h), w = the edge's relaxed β row. */
export type MixedAttention = (h: tf.Tensor4D, weights: tf.Scalar[], ctx: Ctx) => tf.Tensor4D;

/** The reference's `second_layers` (chomin/Att-DARTS model_search.py, AttLocation.AFTER_EVERY). */
export function mixedAttention(scope: Scope, ids: readonly string[], channels: number, spatial: Spatial): MixedAttention {
  const modules = ids.map((id, k) => getAttention(id).create(scope.child('_attns').child(k), channels, spatial));
  return (h, weights, ctx) => tf.addN(modules.map((m, k) => tf.mul(m(h, ctx), weights[k]))) as tf.Tensor4D;
}
