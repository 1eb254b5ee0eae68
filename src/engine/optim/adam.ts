import * as tf from '@tensorflow/tfjs';
import { paramKey } from '../nn/params';
import { Slots, type OptimizerState } from './state';

export interface AdamOptions {
  lr: number;
  beta1: number;
  beta2: number;
  /** L2 added to the gradient, as torch.optim.Adam's weight_decay (not AdamW). */
  weightDecay: number;
  eps?: number;
}

/** torch.optim.Adam semantics, with bias correction. */
export class Adam {
  private readonly moments = new Slots();
  private steps = 0;

  constructor(private readonly opts: AdamOptions) {}

  apply(vars: tf.Variable[], grads: tf.Tensor[], lr = this.opts.lr): void {
    const { beta1, beta2, weightDecay, eps = 1e-8 } = this.opts;
    this.steps++;
    const c1 = 1 - beta1 ** this.steps;
    const c2 = 1 - beta2 ** this.steps;
    tf.tidy(() => {
      vars.forEach((v, i) => {
        const g = weightDecay ? tf.add(grads[i], tf.mul(v, weightDecay)) : grads[i];
        const m0 = this.moments.get(`${paramKey(v)}/m`) ?? tf.zerosLike(v);
        const v0 = this.moments.get(`${paramKey(v)}/v`) ?? tf.zerosLike(v);
        const m = tf.add(tf.mul(m0, beta1), tf.mul(g, 1 - beta1));
        const s = tf.add(tf.mul(v0, beta2), tf.mul(tf.square(g), 1 - beta2));
        this.moments.set(`${paramKey(v)}/m`, m);
        this.moments.set(`${paramKey(v)}/v`, s);
        const denom = tf.add(tf.div(tf.sqrt(s), Math.sqrt(c2)), eps);
        v.assign(tf.sub(v, tf.mul(tf.div(m, denom), lr / c1)));
      });
    });
  }

  getState(): OptimizerState {
    return { step: this.steps, slots: this.moments.toJSON() };
  }

  setState(s: OptimizerState): void {
    this.steps = s.step;
    this.moments.load(s.slots);
  }

  dispose(): void {
    this.moments.dispose();
  }
}
