import * as tf from '@tensorflow/tfjs';

/** Optimizer state as host data: what a checkpoint stores. */
export interface OptimizerState {
  step: number;
  slots: Record<string, { shape: number[]; values: Float32Array }>;
}

/** Named per-variable slot tensors (momentum buffers, Adam moments), kept outside any tidy scope. */
export class Slots {
  private readonly map = new Map<string, tf.Tensor>();

  get(key: string): tf.Tensor | undefined {
    return this.map.get(key);
  }

  set(key: string, t: tf.Tensor): void {
    const old = this.map.get(key);
    this.map.set(key, tf.keep(t));
    if (old && old !== t) old.dispose();
  }

  toJSON(): OptimizerState['slots'] {
    const out: OptimizerState['slots'] = {};
    for (const [k, t] of this.map) out[k] = { shape: t.shape, values: t.dataSync() as Float32Array };
    return out;
  }

  load(slots: OptimizerState['slots']): void {
    this.dispose();
    for (const [k, s] of Object.entries(slots)) this.map.set(k, tf.keep(tf.tensor(s.values, s.shape)));
  }

  dispose(): void {
    for (const t of this.map.values()) t.dispose();
    this.map.clear();
  }
}
