import * as tf from '@tensorflow/tfjs';
import { paramKey } from '../nn/params';
import { Slots, type OptimizerState } from './state';

export interface SgdOptions {
  momentum: number;
  weightDecay: number;
}

/**
 * torch.optim.SGD semantics: d = g + wd·w; buf = μ·buf + d (buf = d on the first step);
 * w ← w − lr·buf. The learning rate is passed per step so that any schedule can drive it.
 */
export class Sgd {
  private readonly buffers = new Slots();
  private steps = 0;

  constructor(private readonly opts: SgdOptions) {}

  /** This step's momentum buffer and new weights for one variable (torch's update rule). */
  private update(v: tf.Variable, g: tf.Tensor, lr: number): { buf: tf.Tensor; next: tf.Tensor } {
    const { momentum, weightDecay } = this.opts;
    const d = weightDecay ? tf.add(g, tf.mul(v, weightDecay)) : g;
    const prev = this.buffers.get(paramKey(v));
    const buf = momentum && prev ? tf.add(tf.mul(prev, momentum), d) : d;
    return { buf, next: tf.sub(v, tf.mul(buf, lr)) };
  }

  /**
   * The weights one step would give, without taking it or touching the momentum buffers: the
   * reference's unrolled w' (architect.py _compute_unrolled_model). The caller disposes them.
   */
  lookahead(vars: tf.Variable[], grads: tf.Tensor[], lr: number): tf.Tensor[] {
    return tf.tidy(() => vars.map((v, i) => this.update(v, grads[i], lr).next));
  }

  apply(vars: tf.Variable[], grads: tf.Tensor[], lr: number): void {
    tf.tidy(() => {
      vars.forEach((v, i) => {
        const { buf, next } = this.update(v, grads[i], lr);
        if (this.opts.momentum) this.buffers.set(paramKey(v), buf);
        v.assign(next);
      });
    });
    this.steps++;
  }

  getState(): OptimizerState {
    return { step: this.steps, slots: this.buffers.toJSON() };
  }

  setState(s: OptimizerState): void {
    this.steps = s.step;
    this.buffers.load(s.slots);
  }

  dispose(): void {
    this.buffers.dispose();
  }
}
