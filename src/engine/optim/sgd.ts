import * as tf from '@tensorflow/tfjs';
import { paramKey } from '../nn/params';
import { hostKernel, hostKernels, runHostKernel, type HostKernel } from '../ops/host_kernels';
import { Slots, type OptimizerState } from './state';

/**
 * torch's SGD update on every variable in one kernel: inputs w_1..w_n, g_1..g_n, then the momentum
 * buffers of the variables listed in attr `buffered` (in that order); outputs w'_1..w'_n,
 * buf'_1..buf'_n. One launch per step instead of one per variable (889 at the small config).
 */
const SGD_STEP: HostKernel = {
  name: 'NasStudioSgdStep',
  outputShapes: (shapes, attrs) => {
    const ws = shapes.slice(0, attrs.count as number);
    return [...ws, ...ws];
  },
  run: (inputs, outputs, _shapes, attrs) => {
    const [n, lr, momentum, weightDecay, scale] = [attrs.count, attrs.lr, attrs.momentum, attrs.weightDecay, attrs.gradScale] as number[];
    const buffered = new Map((attrs.buffered as number[]).map((v, k) => [v, inputs[2 * n + k]]));
    for (let v = 0; v < n; v++) {
      const [w, g, prev, next, buf] = [inputs[v], inputs[n + v], buffered.get(v), outputs[v], outputs[n + v]];
      for (let i = 0; i < w.length; i++) {
        const d = g[i] * scale + weightDecay * w[i];
        const b = prev ? momentum * prev[i] + d : d;
        buf[i] = b;
        next[i] = w[i] - lr * b;
      }
    }
  },
};

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
    if (hostKernels()) {
      const { next, buffers } = this.hostStep(vars, grads, lr, 1);
      tf.dispose(buffers);
      return next;
    }
    return tf.tidy(() => vars.map((v, i) => this.update(v, grads[i], lr).next));
  }

  /** Every variable's next value and momentum buffer from one SGD_STEP kernel. */
  private hostStep(vars: tf.Variable[], grads: tf.Tensor[], lr: number, gradScale: number): { next: tf.Tensor[]; buffers: tf.Tensor[] } {
    const { momentum, weightDecay } = this.opts;
    const prev = vars.map((v) => (momentum ? this.buffers.get(paramKey(v)) : undefined));
    const buffered = prev.flatMap((b, i) => (b ? [i] : []));
    const inputs = [...vars, ...grads, ...buffered.map((i) => prev[i] as tf.Tensor)];
    const outputs = runHostKernel(hostKernel(SGD_STEP), inputs, { count: vars.length, buffered, lr, momentum, weightDecay, gradScale });
    return { next: outputs.slice(0, vars.length), buffers: outputs.slice(vars.length) };
  }

  /** One step; `gradScale` multiplies every gradient first (global-norm clipping's coefficient). */
  apply(vars: tf.Variable[], grads: tf.Tensor[], lr: number, gradScale = 1): void {
    const { momentum } = this.opts;
    tf.tidy(() => {
      if (hostKernels()) {
        // One kernel for every variable instead of six per variable, with no scalar tensors to upload.
        const { next, buffers } = this.hostStep(vars, grads, lr, gradScale);
        vars.forEach((v, i) => {
          if (momentum) this.buffers.set(paramKey(v), buffers[i]);
          v.assign(next[i]);
        });
        return;
      }
      vars.forEach((v, i) => {
        const { buf, next } = this.update(v, gradScale === 1 ? grads[i] : tf.mul(grads[i], gradScale), lr);
        if (momentum) this.buffers.set(paramKey(v), buf);
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
