import * as tf from '@tensorflow/tfjs';
import type { Ctx } from '../nn/layers';
import type { Rng } from '../util/rng';

/** The evaluation network's context: drop path is on when `dropPath.prob` > 0 in training. */
export interface EvalCtx extends Ctx {
  dropPath?: { prob: number; rng: Rng };
}

/**
 * The reference's drop_path (utils.py): each example's whole branch is zeroed with probability
 * p and kept ones are scaled by 1/(1 − p). Masks come from the host Rng, so a seeded run draws
 * the same masks on every backend (and a resumed run continues the same stream).
 */
export function dropPath(x: tf.Tensor4D, ctx: EvalCtx): tf.Tensor4D {
  const d = ctx.dropPath;
  if (!ctx.training || !d || d.prob <= 0) return x;
  const keep = 1 - d.prob;
  const n = x.shape[0];
  const mask = Float32Array.from({ length: n }, () => (d.rng.next() < keep ? 1 / keep : 0));
  return tf.mul(x, tf.tensor4d(mask, [n, 1, 1, 1]));
}
