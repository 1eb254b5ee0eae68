import * as tf from '@tensorflow/tfjs';
import { clipByGlobalNorm, type Sgd } from '../optim';
import type { Batch } from '../strategies';
import type { Supernet } from '../supernet';

function correct(logits: tf.Tensor2D, labels: tf.Tensor1D): number {
  return tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), tf.cast(labels, 'int32')), 'float32')).dataSync()[0]);
}

/** One SGD step on the weights (α untouched): loss, clip to the global norm, momentum update. */
export function weightStep(net: Supernet, batch: Batch, opt: Sgd, lr: number, clip: number): { loss: number; acc: number; gradNorm: number } {
  const weights = net.weights();
  let logits: tf.Tensor2D | undefined;
  const { value, grads } = tf.variableGrads(() => {
    const r = net.loss(batch.x, batch.y, { training: true });
    logits = tf.keep(r.logits);
    return r.loss;
  }, weights);
  const raw = weights.map((w) => grads[w.name]);
  const { grads: clipped, norm } = clipByGlobalNorm(raw, clip);
  opt.apply(weights, clipped, lr);
  const loss = value.dataSync()[0];
  const acc = correct(logits as tf.Tensor2D, batch.y) / batch.y.shape[0];
  tf.dispose([value, logits as tf.Tensor, ...raw, ...(clipped === raw ? [] : clipped)]);
  return { loss, acc, gradNorm: norm };
}

/** Inference-mode loss and accuracy over batches (running BN statistics, no α or w update). */
export function evaluate(net: Supernet, batches: Iterable<Batch>): { loss: number; acc: number } {
  let loss = 0;
  let right = 0;
  let n = 0;
  for (const b of batches) {
    const k = b.y.shape[0];
    tf.tidy(() => {
      const { loss: l, logits } = net.loss(b.x, b.y, { training: false });
      loss += l.dataSync()[0] * k;
      right += correct(logits, b.y);
    });
    n += k;
    tf.dispose([b.x, b.y]);
  }
  return { loss: loss / n, acc: right / n };
}
