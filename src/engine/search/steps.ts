import * as tf from '@tensorflow/tfjs';
import { variableGrads as tapeGrads } from '../nn/backprop';
import { clipByGlobalNorm, clipCoefficient, globalNorm, type Adam, type Sgd } from '../optim';
import { variableGrads } from '../nn/activation-checkpoint';
import type { Regularizer } from '../regularizers';
import { correct, scoreBatches, type Score } from '../scoring';
import type { ArchStepInput, Batch } from '../strategies';
import { crossEntropy, type Supernet } from '../supernet';
import { Rng } from '../util/rng';
import type { EpochPlugins } from './plugins';

/**
 * One SGD step on the weights (α untouched): loss, clip to the global norm, momentum update. The
 * pass carries the network's drop path (prob 0 unless the 'drop-path' regularizer sets it), and
 * the regularizers' weight-step terms (the auxiliary tower's) are added to the loss. The returned
 * loss is the main cross-entropy alone, comparable with L_val and with runs without those terms.
 */
export function weightStep(
  net: Supernet,
  batch: Batch,
  opt: Sgd,
  lr: number,
  clip: number,
  regularizers: readonly Regularizer[] = [],
): { loss: number; acc: number; gradNorm: number } {
  const weights = net.weights();
  const extra = regularizers.filter((r) => r.weightLoss);
  let logits: tf.Tensor2D | undefined;
  let main: tf.Scalar | undefined;
  const { value, grads } = variableGrads(() => {
    const out = net.forwardWithAux(batch.x, { training: true, dropPath: net.dropPath });
    logits = tf.keep(out.logits);
    main = tf.keep(crossEntropy(out.logits, batch.y));
    return extra.length === 0 ? main : (tf.addN([main, ...extra.map((r) => r.weightLoss?.(out, batch.y) as tf.Scalar)]) as tf.Scalar);
  }, weights);
  // A weight off the loss's path (a tower that no weight-step term reads) has no gradient: zero.
  const raw = weights.map((w) => grads[w.name] ?? tf.zerosLike(w));
  // Clipped inside the update (one coefficient for all), as clip_grad_norm_ before step().
  const norm = globalNorm(raw);
  opt.apply(weights, raw, lr, clipCoefficient(norm, clip));
  const loss = (main as tf.Scalar).dataSync()[0];
  const acc = correct(logits as tf.Tensor2D, batch.y) / batch.y.shape[0];
  tf.dispose([value, main as tf.Tensor, logits as tf.Tensor, ...raw]);
  return { loss, acc, gradNorm: norm };
}

/** Inference-mode loss and accuracy over batches (running BN statistics, no α or w update). */
export function evaluate(net: Supernet, batches: Iterable<Batch>): Score {
  return scoreBatches(batches, (b) => net.loss(b.x, b.y, { training: false }));
}

/**
 * One α update: the strategy's gradient plus the gradient of every regularizer's α penalty, then
 * Adam at the epoch's arch learning rate. Returns L_val as the strategy reports it.
 */
export function archStep(input: ArchStepInput, { strategy, regularizers, archLr, archGradClip }: EpochPlugins, opt: Pick<Adam, 'apply'>): number {
  const alphas = input.net.alphaList();
  const arch = strategy.archGradients(input);
  let grads = arch.grads;
  const penalties = regularizers.filter((r) => r.archPenalty);
  if (penalties.length > 0) {
    const { value, grads: extra } = tapeGrads(() => tf.addN(penalties.map((r) => r.archPenalty?.(alphas) as tf.Scalar)) as tf.Scalar, alphas);
    grads = alphas.map((a, i) => tf.add(arch.grads[i], extra[a.name]));
    tf.dispose([value, ...arch.grads, ...Object.values(extra)]);
  }
  if (archGradClip !== undefined) {
    // P-DARTS: clip_grad_norm_(arch_parameters(), grad_clip) on the whole α gradient, then Adam
    // (whose weight decay comes after the clip, as in torch).
    const { grads: clipped } = clipByGlobalNorm(grads, archGradClip);
    if (clipped !== grads) tf.dispose(grads);
    grads = clipped;
  }
  opt.apply(alphas, grads, archLr);
  tf.dispose(grads);
  return arch.valLoss;
}

/**
 * Runs a training-split batch through the regularizers' batch transforms (data augmentation),
 * disposing what each replaces. `seedParts` (run seed, epoch, step, which batch) fix the random
 * draws, so a resumed run repeats them.
 */
export function transformBatch(regularizers: readonly Regularizer[], batch: Batch, seedParts: number[]): Batch {
  let out = batch;
  const rng = new Rng(seedParts.reduce((h, p) => Math.imul(h ^ p, 0x9e3779b1) >>> 0, 0x811c9dc5));
  for (const r of regularizers) {
    if (!r.transformBatch) continue;
    const next = r.transformBatch(out, rng.nextUint32());
    if (next !== out) tf.dispose([out.x, out.y]);
    out = next;
  }
  return out;
}
