import * as tf from '@tensorflow/tfjs';
import type { Ctx, Layer } from '../nn/layers';
import { Rng } from '../util/rng';

/**
 * P-DARTS's operation-level dropout on skip_connect (chenxin061/pdarts model_search.py: an
 * nn.Dropout after every stride-1 Identity in a mixed op; the reduction edges' FactorizedReduce
 * is left alone). Inverted dropout: each element is zeroed with probability `rate` and the rest
 * scaled by 1/(1 − rate), in training-mode passes only (α and w steps alike, as the reference's
 * model.train()). The rate is shared by the whole network and may change between epochs; masks
 * come from a seeded stream, so a run is reproducible.
 */
export class SkipDropout {
  private current = 0;
  /** The mask stream (public so a checkpointed pass can replay it). */
  rng: Rng;

  constructor(private readonly seed: number) {
    this.rng = new Rng(seed);
  }

  /**
   * Restarts the mask stream for epoch `epoch`, from the network's seed: a search resumed at an
   * epoch boundary then draws the same masks as one that ran through.
   */
  restart(epoch: number): void {
    this.rng = new Rng((this.seed + Math.imul(epoch + 1, 0x9e3779b1)) >>> 0);
  }

  get rate(): number {
    return this.current;
  }

  set rate(p: number) {
    if (!(p >= 0 && p < 1)) throw new RangeError(`skip-connect dropout rate must be in [0, 1), got ${p}`);
    this.current = p;
  }

  /** Wraps the identity op of a mixed op. */
  wrap(layer: Layer): Layer {
    return (x: tf.Tensor4D, ctx: Ctx) => {
      const y = layer(x, ctx);
      if (!ctx.training || this.current === 0) return y;
      const p = this.current;
      const keep = tf.cast(tf.greaterEqual(tf.randomUniform(y.shape, 0, 1, 'float32', this.rng.nextUint32()), p), 'float32');
      return tf.mul(y, tf.mul(keep, 1 / (1 - p)));
    };
  }
}
