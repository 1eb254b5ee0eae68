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

  /** The momentum buffer of a variable (zeros before the first step), for the unrolled α step. */
  momentumBuffer(v: tf.Variable): tf.Tensor | undefined {
    return this.buffers.get(paramKey(v));
  }

  apply(vars: tf.Variable[], grads: tf.Tensor[], lr: number): void {
    const { momentum, weightDecay } = this.opts;
    tf.tidy(() => {
      vars.forEach((v, i) => {
        const d = weightDecay ? tf.add(grads[i], tf.mul(v, weightDecay)) : grads[i];
        const prev = this.buffers.get(paramKey(v));
        const buf = momentum && prev ? tf.add(tf.mul(prev, momentum), d) : d;
        if (momentum) this.buffers.set(paramKey(v), buf);
        v.assign(tf.sub(v, tf.mul(buf, lr)));
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
