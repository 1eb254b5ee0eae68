import * as tf from '@tensorflow/tfjs';
import type { RetrainConfig } from '../../shared/config';
import type { RetrainEvent } from '../../shared/retrain-events';
import { loadCheckpoint, saveCheckpoint, type CheckpointState } from '../search';
import { epochEvent, scoreEvalSplit } from '../scoring';
import { assignVariables, hostVariables } from '../search/checkpoint';
import { createRetrainSession, dropPathRng, retrainConfigHash, type RetrainSession } from './session';
import { evaluateNetwork, trainStep } from './steps';

export interface RetrainOptions {
  /** Checked between steps: an aborted run emits 'cancelled' and stops. */
  signal?: AbortSignal;
  /** Where epoch checkpoints go; the last epoch's is always written (it holds the trained model). */
  checkpointDir?: string;
  /** A checkpoint directory to continue from. */
  resumeFrom?: string;
}

const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A search checkpoint without α: the same files, so one reader serves both kinds of run. */
function captureRetrainState(s: RetrainSession, epoch: number): CheckpointState {
  return {
    epoch,
    configHash: retrainConfigHash(s.config),
    weights: hostVariables(s.net.params.weights),
    buffers: hostVariables(s.net.params.buffers),
    alphas: {},
    weightOptimizer: s.optimizer.getState(),
    archOptimizer: { step: 0, slots: {} },
    trainLoader: s.trainLoader.getState(),
    valLoader: s.evalLoader.getState(),
  };
}

/** Copies a checkpoint's weights and BN statistics into a network of the same shape. */
export function loadNetworkState(net: RetrainSession['net'], c: Pick<CheckpointState, 'weights' | 'buffers'>): void {
  assignVariables(net.params.weights, c.weights, 'weight');
  assignVariables(net.params.buffers, c.buffers, 'buffer');
}

function restoreRetrainState(s: RetrainSession, c: CheckpointState): void {
  if (c.configHash !== retrainConfigHash(s.config)) throw new Error('checkpoint was written by a run with a different configuration');
  loadNetworkState(s.net, c);
  s.optimizer.setState(c.weightOptimizer);
  s.trainLoader.setState(c.trainLoader);
}

/**
 * Retrains a genotype from scratch (reference train.py): per epoch, drop path at
 * p · epoch/epochs, the lr from the schedule, one pass of SGD steps with the auxiliary loss,
 * then inference-mode validation; checkpoints at epoch boundaries. Emits the same kinds of
 * events as a search (start, step, epoch, checkpoint, done or cancelled).
 */
export async function* retrain(config: RetrainConfig, opts: RetrainOptions = {}): AsyncGenerator<RetrainEvent, void, void> {
  const s = await createRetrainSession(config);
  try {
    let startEpoch = 0;
    if (opts.resumeFrom) {
      const c = await loadCheckpoint(opts.resumeFrom);
      restoreRetrainState(s, c);
      startEpoch = c.epoch;
    }
    yield { type: 'start', config, meta: s.meta, resumedFromEpoch: opts.resumeFrom ? startEpoch : null };
    const { epochs, evalBatches } = config.budget;
    const o = config.optimizer;
    const evalStart = s.evalLoader.getState();
    const began = performance.now();
    let best = -Infinity;
    let last = { loss: NaN, acc: NaN };
    let checkpoint: string | null = null;
    for (let epoch = startEpoch; epoch < epochs; epoch++) {
      const epochBegan = performance.now();
      const lr = s.schedule(epoch);
      const dropPathProb = (config.model.dropPathProb * epoch) / epochs;
      const ctx = { training: true, dropPath: { prob: dropPathProb, rng: dropPathRng(config.seed, epoch) } };
      let lossSum = 0;
      let accSum = 0;
      for (let step = 0; step < s.stepsPerEpoch; step++) {
        if (opts.signal?.aborted) {
          yield { type: 'cancelled', epoch, step };
          return;
        }
        const batch = s.trainLoader.next();
        const t0 = performance.now();
        const r = trainStep(s.net, batch, s.optimizer, { lr, clip: o.gradClip, auxWeight: config.model.auxiliaryWeight, ctx });
        const weightTime = (performance.now() - t0) / 1000;
        tf.dispose([batch.x, batch.y]);
        lossSum += r.loss;
        accSum += r.acc;
        yield { type: 'step', epoch, step, stepsPerEpoch: s.stepsPerEpoch, trainLoss: r.loss, trainAcc: r.acc, auxLoss: r.auxLoss, lr, dropPathProb, gradNorm: r.gradNorm, weightTime, time: Date.now() };
        await breathe();
      }
      last = scoreEvalSplit(s.evalLoader, evalStart, evalBatches, (batches) => evaluateNetwork(s.net, batches));
      best = Math.max(best, last.acc);
      yield epochEvent({ epoch, epochs, lr, began: epochBegan, steps: s.stepsPerEpoch, lossSum, accSum, val: last });
      const every = config.checkpointEvery;
      if (opts.checkpointDir && ((every > 0 && (epoch + 1) % every === 0) || epoch + 1 === epochs)) {
        checkpoint = await saveCheckpoint(opts.checkpointDir, captureRetrainState(s, epoch + 1));
        yield { type: 'checkpoint', epoch, path: checkpoint };
      }
    }
    yield { type: 'done', epochs, genotype: config.genotype, seconds: (performance.now() - began) / 1000, valAcc: last.acc, bestValAcc: best, checkpoint };
  } finally {
    s.dispose();
  }
}
