import * as tf from '@tensorflow/tfjs';
import type { SearchConfig } from '../../shared/config';
import type { GenotypeJsonShape, SearchEvent } from '../../shared/search-events';
import { deriveArchitecture } from '../derive';
import { genotypeToJson, type Genotype } from '../genotype';
import { epochEvent, scoreEvalSplit } from '../scoring';
import { attentionWeights } from '../supernet';
import { withSearchedOps } from './derivation';
import { loadCheckpoint, saveCheckpoint } from './checkpoint';
import { alphaDiagnostics, genotypeDiagnostics } from './diagnostics';
import { captureState, createSession, restoreState, type Session } from './session';
import type { StageHooks } from './stage';
import { archStep, evaluate, transformBatch, weightStep } from './steps';

export interface SearchOptions {
  /** Checked between steps: an aborted search emits 'cancelled' and stops. */
  signal?: AbortSignal;
  /** Where epoch checkpoints go (none when omitted). */
  checkpointDir?: string;
  /** A checkpoint directory to continue from. */
  resumeFrom?: string;
  /** Set by a multi-stage orchestrator (search/progressive.ts) for one of its stages. */
  stage?: StageHooks;
}

/** Lets timers and I/O run between steps, since a step itself is synchronous work. */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

/** α of every group as host arrays, raw and relaxed: read from the device once per use. */
function alphaSnapshot(s: Session): { raw: Record<string, number[][]>; weights: Record<string, number[][]> } {
  const raw = s.net.alphaValues();
  return { raw, weights: s.net.relaxedValues(raw) };
}

/** The derived genotype: a normal/reduce pair, or with per-cell α one cell per supernet cell (`cells`). */
function genotypeOf(s: Session, weights: Record<string, number[][]>): Genotype {
  const space = s.net.options.space;
  const genotype = deriveArchitecture(s.derivation, weights, { space, layers: s.net.cellGroups.length, options: s.config.derivation.options }, attentionWeights(space, weights));
  return withSearchedOps(genotype, space, s.config.model.groups);
}

const json = (g: Genotype) => genotypeToJson(g) as GenotypeJsonShape;

const pick = <T>(record: Record<string, T>, keys: readonly string[]) => Object.fromEntries(Object.entries(record).filter(([k]) => keys.includes(k)));

/**
 * The bilevel search (reference train_search.py): for each step, one α update on a val batch,
 * then one w update on a train batch (or the other way round: config.stepOrder); after each
 * epoch, inference-mode validation, α snapshot, derived genotype, diagnostics and (optionally) a
 * checkpoint. The strategy and regularizers are created per epoch with that epoch's scheduled
 * option values. Pull-based: a consumer that stops pulling
 * pauses the search at a step boundary.
 */
export async function* search(config: SearchConfig, opts: SearchOptions = {}): AsyncGenerator<SearchEvent, void, void> {
  const s = await createSession(config, opts.stage?.supernet);
  try {
    let startEpoch = 0;
    if (opts.resumeFrom) {
      const c = await loadCheckpoint(opts.resumeFrom);
      restoreState(s, c);
      startEpoch = c.epoch;
    }
    yield { type: 'start', config, meta: s.meta, resumedFromEpoch: opts.resumeFrom ? startEpoch : null };
    const { epochs, evalBatches } = config.budget;
    const evalStart = s.evalLoader.getState();
    const began = performance.now();
    let previousGenotype: Genotype | null = null;
    for (let epoch = startEpoch; epoch < epochs; epoch++) {
      const epochBegan = performance.now();
      const lr = s.schedule(epoch);
      const plugins = s.epochPlugins(epoch);
      for (const r of plugins.regularizers) r.beginEpoch?.(s.net, epoch, epochs);
      const archOn = opts.stage?.beginEpoch?.(s.net, epoch, epochs).archStep ?? true;
      let lossSum = 0;
      let accSum = 0;
      for (let step = 0; step < s.stepsPerEpoch; step++) {
        if (opts.signal?.aborted) {
          yield { type: 'cancelled', epoch, step };
          return;
        }
        const stepSeed = [config.seed, epoch, step];
        const train = transformBatch(plugins.regularizers, s.trainLoader.next(), [...stepSeed, 0]);
        const val = transformBatch(plugins.regularizers, s.valLoader.next(), [...stepSeed, 1]);
        const progress = { epoch, epochs };
        const alphaUpdate = () => {
          // A weight-only warm-up epoch: no α step and so no L_val.
          if (!archOn) return { valLoss: NaN, seconds: 0 };
          const t = performance.now();
          const valLoss = archStep({ net: s.net, train, val, lr, weightOptimizer: s.weightOptimizer, progress }, plugins, s.archOptimizer);
          return { valLoss, seconds: (performance.now() - t) / 1000 };
        };
        const weightUpdate = () => {
          const t = performance.now();
          return { ...weightStep(s.net, train, s.weightOptimizer, lr, plugins.gradClip, plugins.regularizers), seconds: (performance.now() - t) / 1000 };
        };
        let arch: ReturnType<typeof alphaUpdate>;
        let w: ReturnType<typeof weightUpdate>;
        if (config.stepOrder === 'alpha-first') {
          arch = alphaUpdate();
          w = weightUpdate();
        } else {
          w = weightUpdate();
          arch = alphaUpdate();
        }
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
          archLr: plugins.archLr,
          gradNorm: w.gradNorm,
          archTime: arch.seconds,
          weightTime: w.seconds,
          time: Date.now(),
        };
        await breathe();
      }
      const val = scoreEvalSplit(s.evalLoader, evalStart, evalBatches, (batches) => evaluate(s.net, batches));
      yield epochEvent({ epoch, epochs, lr, began: epochBegan, steps: s.stepsPerEpoch, lossSum, accSum, val });
      const alpha = alphaSnapshot(s);
      yield { type: 'alpha', epoch, ...alpha };
      const derived = genotypeOf(s, alpha.weights);
      yield { type: 'genotype', epoch, genotype: json(derived) };
      const values: Record<string, number> = {
        lr,
        // Op α only: an attention space's β groups weigh modules, not primitives.
        ...alphaDiagnostics(pick(alpha.weights, s.net.cellGroups), s.net.options.space.primitives),
        ...genotypeDiagnostics(derived, previousGenotype),
        ...plugins.strategy.diagnostics?.(),
        ...Object.assign({}, ...plugins.regularizers.map((r) => r.diagnostics?.())),
        ...Object.fromEntries(Object.entries(plugins.scheduled).map(([path, v]) => [`schedule.${path}`, v])),
        // Live tensors once the epoch's reads are disposed: flat from epoch to epoch unless something leaks
        // (the soak test reads it through the diagnostics API; the worker process is otherwise opaque).
        'engine.tensors': tf.memory().numTensors,
      };
      previousGenotype = derived;
      yield { type: 'diagnostics', epoch, values };
      const every = config.checkpointEvery;
      if (opts.checkpointDir && every > 0 && ((epoch + 1) % every === 0 || epoch + 1 === epochs)) {
        yield { type: 'checkpoint', epoch, path: await saveCheckpoint(opts.checkpointDir, captureState(s, epoch + 1)) };
      }
    }
    yield { type: 'done', epochs, genotype: json(genotypeOf(s, alphaSnapshot(s).weights)), seconds: (performance.now() - began) / 1000 };
  } finally {
    s.dispose();
  }
}
