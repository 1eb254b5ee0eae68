import * as tf from '@tensorflow/tfjs';
import type { Batch } from '../data';
import type { EvalCtx, EvalNetwork } from '../evaluate';
import { clipCoefficient, globalNorm, type Sgd } from '../optim';
import { correct, scoreBatches, type Score } from '../scoring';
import { variableGrads } from '../nn/backprop';
import { crossEntropy } from '../supernet';

export interface TrainStepResult {
  loss: number;
  auxLoss: number | null;
  acc: number;
  gradNorm: number;
}

/**
 * One step of train.py: loss = CE(logits) + auxWeight · CE(aux logits) when the head is on,
 * gradients of every weight (auxiliary head included), global-norm clipping, then SGD with
 * momentum and weight decay.
 */
export function trainStep(net: EvalNetwork, batch: Batch, opt: Sgd, o: { lr: number; clip: number; auxWeight: number; ctx: EvalCtx }): TrainStepResult {
  const weights = net.weights();
  let logits: tf.Tensor2D | undefined;
  let aux: tf.Scalar | undefined;
  const { value, grads } = variableGrads(() => {
    const r = net.forward(batch.x, o.ctx);
    logits = tf.keep(r.logits);
    const main = crossEntropy(r.logits, batch.y);
    if (!r.auxLogits) return main;
    aux = tf.keep(crossEntropy(r.auxLogits, batch.y));
    return tf.add(main, tf.mul(aux, o.auxWeight)) as tf.Scalar;
  }, weights);
  const raw = weights.map((w) => grads[w.name]);
  const norm = globalNorm(raw);
  opt.apply(weights, raw, o.lr, clipCoefficient(norm, o.clip));
  const loss = value.dataSync()[0];
  const auxLoss = aux ? aux.dataSync()[0] : null;
  const acc = correct(logits as tf.Tensor2D, batch.y) / batch.y.shape[0];
  tf.dispose([value, logits as tf.Tensor, ...(aux ? [aux] : []), ...raw]);
  return { loss, auxLoss, acc, gradNorm: norm };
}

/** Inference-mode loss and accuracy (running BN statistics, no auxiliary head, no drop path). */
export function evaluateNetwork(net: EvalNetwork, batches: Iterable<Batch>): Score {
  return scoreBatches(batches, (b) => {
    const { logits } = net.forward(b.x, { training: false });
    return { loss: crossEntropy(logits, b.y), logits };
  });
}
