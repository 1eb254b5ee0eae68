import * as tf from '@tensorflow/tfjs';
import type { SearchEvent } from '../shared/search-events';
import type { Batch, BatchLoader, LoaderState } from './data';

/** How many rows of `logits` rank the label first. */
export function correct(logits: tf.Tensor2D, labels: tf.Tensor1D): number {
  return tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), tf.cast(labels, 'int32')), 'float32')).dataSync()[0]);
}

export interface Score {
  loss: number;
  acc: number;
}

/**
 * Inference-mode loss and accuracy over batches, each batch weighted by its size and disposed
 * after use. How a batch's mean loss and logits come about is the network's own (`lossAndLogits`,
 * called inside a tidy).
 */
export function scoreBatches(batches: Iterable<Batch>, lossAndLogits: (b: Batch) => { loss: tf.Scalar; logits: tf.Tensor2D }): Score {
  let loss = 0;
  let right = 0;
  let n = 0;
  for (const b of batches) {
    const k = b.y.shape[0];
    tf.tidy(() => {
      const r = lossAndLogits(b);
      loss += r.loss.dataSync()[0] * k;
      right += correct(r.logits, b.y);
    });
    n += k;
    tf.dispose([b.x, b.y]);
  }
  return { loss: loss / n, acc: right / n };
}

/**
 * The end-of-epoch evaluation of searches and retrainings: the eval split rewound to `start`, so
 * every epoch scores the same examples, at most `limit` batches of it (budget.evalBatches).
 */
export function scoreEvalSplit(loader: BatchLoader, start: LoaderState, limit: number | undefined, score: (batches: Iterable<Batch>) => Score): Score {
  loader.setState(start);
  const count = Math.min(limit ?? Infinity, loader.batchesPerEpoch);
  return score(Array.from({ length: count }, () => loader.next()));
}

export type EpochEvent = Extract<SearchEvent, { type: 'epoch' }>;

/** The 'epoch' event (a retraining's is the search's): the mean of the epoch's training steps and the eval split's score. */
export function epochEvent(o: { epoch: number; epochs: number; lr: number; began: number; steps: number; lossSum: number; accSum: number; val: Score }): EpochEvent {
  return {
    type: 'epoch',
    epoch: o.epoch,
    epochs: o.epochs,
    trainLoss: o.lossSum / o.steps,
    trainAcc: o.accSum / o.steps,
    valLoss: o.val.loss,
    valAcc: o.val.acc,
    lr: o.lr,
    seconds: (performance.now() - o.began) / 1000,
    time: Date.now(),
  };
}
