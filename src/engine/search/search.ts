import * as tf from '@tensorflow/tfjs';
import type { SearchConfig } from '../../shared/config';
import type { GenotypeJsonShape, SearchEvent } from '../../shared/search-events';
import { deriveArchitecture } from '../derive';
import { genotypeToJson } from '../genotype';
import { loadCheckpoint, saveCheckpoint } from './checkpoint';
import { captureState, createSession, restoreState, type Session } from './session';
import { evaluate, weightStep } from './steps';

export interface SearchOptions {
  /** Checked between steps: an aborted search emits 'cancelled' and stops. */
  signal?: AbortSignal;
  /** Where epoch checkpoints go (none when omitted). */
  checkpointDir?: string;
  /** A checkpoint directory to continue from. */
  resumeFrom?: string;
}

/** Lets timers and I/O run between steps, since a step itself is synchronous work. */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

/** α of every group as host arrays, raw and relaxed: read from the device once per use. */
function alphaSnapshot(s: Session): { raw: Record<string, number[][]>; weights: Record<string, number[][]> } {
  const raw = s.net.alphaValues();
  const weights = Object.fromEntries(Object.entries(raw).map(([g, a]) => [g, s.net.options.relaxation.hostWeights(a)]));
  return { raw, weights };
}

/** The derived genotype: a normal/reduce pair, or with per-cell α one cell per supernet cell (`cells`). */
function genotypeOf(s: Session, weights: Record<string, number[][]>): GenotypeJsonShape {
  const space = s.net.options.space;
  const g = deriveArchitecture(s.derivation, weights, { space, layers: s.net.cellGroups.length, options: s.config.derivation.options });
  return genotypeToJson(g) as GenotypeJsonShape;
}

/**
 * The bilevel search (reference train_search.py): for each step, one α update on a val batch,
 * then one w update on a train batch; after each epoch, inference-mode validation, α snapshot,
 * derived genotype and (optionally) a checkpoint. Pull-based: a consumer that stops pulling
 * pauses the search at a step boundary.
 */
export async function* search(config: SearchConfig, opts: SearchOptions = {}): AsyncGenerator<SearchEvent, void, void> {
  const s = await createSession(config);
  try {
    let startEpoch = 0;
    if (opts.resumeFrom) {
      const c = await loadCheckpoint(opts.resumeFrom);
      restoreState(s, c);
      startEpoch = c.epoch;
    }
    yield { type: 'start', config, meta: s.meta, resumedFromEpoch: opts.resumeFrom ? startEpoch : null };
    const { epochs, evalBatches } = config.budget;
    const wo = config.weightOptimizer;
    const evalStart = s.evalLoader.getState();
    const began = performance.now();
    for (let epoch = startEpoch; epoch < epochs; epoch++) {
      const epochBegan = performance.now();
      const lr = s.schedule(epoch);
      let lossSum = 0;
      let accSum = 0;
      for (let step = 0; step < s.stepsPerEpoch; step++) {
        if (opts.signal?.aborted) {
          yield { type: 'cancelled', epoch, step };
          return;
        }
        const train = s.trainLoader.next();
        const val = s.valLoader.next();
        const t0 = performance.now();
        const arch = s.strategy.archGradients({ net: s.net, train, val, lr, weightOptimizer: s.weightOptimizer });
        s.archOptimizer.apply(s.net.alphaList(), arch.grads);
        tf.dispose(arch.grads);
        const t1 = performance.now();
        const w = weightStep(s.net, train, s.weightOptimizer, lr, wo.gradClip);
        const t2 = performance.now();
        tf.dispose([train.x, train.y, val.x, val.y]);
        lossSum += w.loss;
        accSum += w.acc;
        yield {
          type: 'step',
          epoch,
          step,
          stepsPerEpoch: s.stepsPerEpoch,
          trainLoss: w.loss,
          trainAcc: w.acc,
          valLoss: arch.valLoss,
          lr,
          archLr: config.archOptimizer.lr,
          gradNorm: w.gradNorm,
          archTime: (t1 - t0) / 1000,
          weightTime: (t2 - t1) / 1000,
        };
        await breathe();
      }
      s.evalLoader.setState(evalStart);
      const evalCount = Math.min(evalBatches ?? Infinity, s.evalLoader.batchesPerEpoch);
      const ev = evaluate(s.net, Array.from({ length: evalCount }, () => s.evalLoader.next()));
      yield {
        type: 'epoch',
        epoch,
        epochs,
        trainLoss: lossSum / s.stepsPerEpoch,
        trainAcc: accSum / s.stepsPerEpoch,
        valLoss: ev.loss,
        valAcc: ev.acc,
        lr,
        seconds: (performance.now() - epochBegan) / 1000,
      };
      const alpha = alphaSnapshot(s);
      yield { type: 'alpha', epoch, ...alpha };
      yield { type: 'genotype', epoch, genotype: genotypeOf(s, alpha.weights) };
      const every = config.checkpointEvery;
      if (opts.checkpointDir && every > 0 && ((epoch + 1) % every === 0 || epoch + 1 === epochs)) {
        yield { type: 'checkpoint', epoch, path: await saveCheckpoint(opts.checkpointDir, captureState(s, epoch + 1)) };
      }
    }
    yield { type: 'done', epochs, genotype: genotypeOf(s, alphaSnapshot(s).weights), seconds: (performance.now() - began) / 1000 };
  } finally {
    s.dispose();
  }
}
