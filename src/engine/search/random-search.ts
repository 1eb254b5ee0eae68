import type { SearchConfig } from '../../shared/config';
import type { GenotypeJsonShape, SearchEvent } from '../../shared/search-events';
import { initBackend } from '../backend';
import { BatchLoader, splitTrainVal } from '../data';
import { NONE_OP, incomingEdges } from '../derive';
import { EvalNetwork, graphParams, inferenceGraph } from '../evaluate';
import { FIRST_NODE, compactCell, defaultConcat, genotypeToJson, type Genotype, type GenotypeEdge } from '../genotype';
import { Sgd } from '../optim';
import { evaluateNetwork, trainStep } from '../retrain/steps';
import { epochEvent, scoreEvalSplit } from '../scoring';
import type { SearchSpace } from '../spaces';
import { Rng } from '../util/rng';
import { loadCheckpoint, saveCheckpoint, type CheckpointState } from './checkpoint';
import { withSearchedOps } from './derivation';
import { resolvePlugins } from './plugins';
import type { SearchOptions } from './search';
import { configHash } from './session';

/** Random search samples a cell pair shared by all cells: a space with an α per cell or attention modules has more to choose. */
function checkSampleable(space: SearchSpace): void {
  if (space.alphaSharing !== 'per-type') throw new Error(`random search samples one normal and one reduction cell; space ${space.id} has an α per cell`);
  if (space.attentions) throw new Error(`random search does not sample attention modules (space ${space.id})`);
}

/**
 * One architecture drawn uniformly from what the DARTS-style derivation can produce in `space`:
 * each node keeps 2 distinct incoming edges (all of them when it has fewer), each with an op
 * other than 'none' (seed 002 §4.1: "valid architectures").
 */
export function sampleArchitecture(space: SearchSpace, rng: Rng): Genotype {
  checkSampleable(space);
  const ops = space.primitives.filter((p) => p !== NONE_OP);
  const edges = space.edges(space.nodes);
  const cell = (): GenotypeEdge[] => {
    const kept: GenotypeEdge[] = [];
    for (let node = FIRST_NODE; node < FIRST_NODE + space.nodes; node++) {
      const inputs = incomingEdges(edges, node).map((e) => e.input);
      rng.shuffle(inputs);
      for (const input of inputs.slice(0, 2).sort((a, b) => a - b)) kept.push({ op: ops[rng.int(ops.length)], input, node });
    }
    return compactCell(kept);
  };
  const concat = defaultConcat(space.nodes);
  return { normal: cell(), normalConcat: concat, reduce: cell(), reduceConcat: [...concat] };
}

/**
 * What must match for a random search to resume: the search config's hash plus the sample count
 * and the per-sample training budget, which fix the samples and their scores. `keep` may change.
 */
function randomSearchHash(config: SearchConfig): string {
  const { epochs, stepsPerEpoch, evalBatches } = config.budget;
  return `${configHash(config)}:${config.randomSearch?.samples}:${epochs}:${stepsPerEpoch ?? ''}:${evalBatches}`;
}

const noOptimizer = { step: 0, slots: {} };

/**
 * Seed 002's random-search baseline (Amended-DARTS §4.1): `randomSearch.samples` architectures
 * drawn from the space, each trained briefly from scratch as an evaluation network
 * (budget.epochs epochs of at most budget.stepsPerEpoch steps on the train split, the weight
 * optimizer's lr schedule) and scored on the val split. The run's events are a search's: a
 * 'step' event per training step (no α step: its val loss is NaN), one 'epoch' and 'genotype'
 * event per sampled architecture (epoch i = sample i), so any of them can
 * be retrained by its epoch, then a 'diagnostics' event naming the `keep` best samples
 * (`random.best<k>` = their indices) and 'done' with the best one. With `checkpointDir` it
 * checkpoints after every sample: the scores so far and the train loader's position, no tensors
 * (the samples and their initial weights follow from the seed), so a resumed run trains the
 * remaining samples exactly as an uninterrupted one would.
 */
export async function* randomSearch(config: SearchConfig, opts: SearchOptions = {}): AsyncGenerator<SearchEvent, void, void> {
  const r = config.randomSearch;
  if (!r) throw new Error('randomSearch needs config.randomSearch');
  const { dataset, space, schedule } = resolvePlugins(config);
  checkSampleable(space);
  const backend = await initBackend(config.backend, { threads: config.threads });
  const data = await dataset.load(dataset.optionsSchema.parse(config.data.options));
  const { train } = data;
  const split = splitTrainVal(train, config.data.trainPortion);
  const rng = new Rng(config.seed);
  const samples = Array.from({ length: r.samples }, () => withSearchedOps(sampleArchitecture(space, rng), space, config.model.groups));
  const netSeeds = Array.from({ length: r.samples }, () => rng.nextUint32());
  const loaderBase = { batchSize: config.data.batchSize, mean: data.mean, std: data.std };
  const trainLoader = new BatchLoader(train, { ...loaderBase, rng: rng.fork(), indices: split.train, augment: config.data.augment });
  const evalLoader = new BatchLoader(train, { ...loaderBase, rng: rng.fork(), indices: split.val, shuffle: false });
  const evalStart = evalLoader.getState();
  const stepsPerEpoch = Math.min(trainLoader.batchesPerEpoch, config.budget.stepsPerEpoch ?? Infinity);
  const stepsPerSample = stepsPerEpoch * config.budget.epochs;
  const hash = randomSearchHash(config);
  const scores: number[] = [];
  if (opts.resumeFrom) {
    const c = await loadCheckpoint(opts.resumeFrom);
    const done = c.hostState?.scores;
    if (c.configHash !== hash || !done || done.length !== c.epoch) throw new Error('checkpoint was not written by a random search with this configuration, sample count and training budget');
    trainLoader.setState(c.trainLoader);
    scores.push(...done);
  }
  const save = (samplesDone: number): CheckpointState => ({
    epoch: samplesDone,
    configHash: hash,
    weights: {},
    buffers: {},
    alphas: {},
    weightOptimizer: noOptimizer,
    archOptimizer: noOptimizer,
    trainLoader: trainLoader.getState(),
    valLoader: evalStart,
    hostState: { scores },
  });
  const shape = { channels: config.model.channels, layers: config.model.layers, classes: train.numClasses, inputChannels: train.channels, auxiliary: false, inputSize: { height: train.height, width: train.width } };
  const began = performance.now();
  yield {
    type: 'start',
    config,
    resumedFromEpoch: opts.resumeFrom ? scores.length : null,
    meta: {
      backend,
      params: Math.max(...samples.map((genotype) => graphParams(inferenceGraph({ ...shape, genotype, height: train.height, width: train.width })))),
      alphaGroups: {},
      architectures: null,
      primitives: [...space.primitives],
      stepsPerEpoch: stepsPerSample,
      trainExamples: split.train.length,
      valExamples: split.val.length,
      dataset: { ...data.info, height: train.height, width: train.width, channels: train.channels, classes: train.numClasses },
    },
  };
  for (let i = scores.length; i < samples.length; i++) {
    const genotype = samples[i];
    const sampleBegan = performance.now();
    const net = new EvalNetwork({ ...shape, genotype, seed: netSeeds[i] });
    const optimizer = new Sgd({ momentum: config.weightOptimizer.momentum, weightDecay: config.weightOptimizer.weightDecay });
    let [lossSum, accSum, steps] = [0, 0, 0];
    try {
      for (let epoch = 0; epoch < config.budget.epochs; epoch++) {
        for (let step = 0; step < stepsPerEpoch; step++) {
          if (opts.signal?.aborted) {
            yield { type: 'cancelled', epoch: i, step: steps };
            return;
          }
          const batch = trainLoader.next();
          const lr = schedule(epoch);
          const t = performance.now();
          const res = trainStep(net, batch, optimizer, { lr, clip: config.weightOptimizer.gradClip, auxWeight: 0, ctx: { training: true } });
          const weightTime = (performance.now() - t) / 1000;
          batch.x.dispose();
          batch.y.dispose();
          // A sample is one "epoch" of the run: its steps are numbered across its training epochs.
          yield { type: 'step', epoch: i, step: steps, stepsPerEpoch: stepsPerSample, trainLoss: res.loss, trainAcc: res.acc, valLoss: NaN, lr, archLr: NaN, gradNorm: res.gradNorm, archTime: 0, weightTime, time: Date.now() };
          [lossSum, accSum, steps] = [lossSum + res.loss, accSum + res.acc, steps + 1];
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
      }
      const val = scoreEvalSplit(evalLoader, evalStart, config.budget.evalBatches, (batches) => evaluateNetwork(net, batches));
      scores.push(val.acc);
      yield epochEvent({ epoch: i, epochs: r.samples, lr: schedule(config.budget.epochs - 1), began: sampleBegan, steps, lossSum, accSum, val });
      yield { type: 'genotype', epoch: i, genotype: genotypeToJson(genotype) as GenotypeJsonShape };
      if (opts.checkpointDir) yield { type: 'checkpoint', epoch: i, path: await saveCheckpoint(opts.checkpointDir, save(i + 1)) };
    } finally {
      net.dispose();
      optimizer.dispose();
    }
  }
  // The best `keep` by val accuracy, the earlier sample first on ties.
  const best = scores.map((acc, i) => ({ acc, i })).sort((a, b) => b.acc - a.acc || a.i - b.i).slice(0, r.keep);
  yield { type: 'diagnostics', epoch: r.samples - 1, values: Object.fromEntries(best.map((b, k) => [`random.best${k + 1}`, b.i])) };
  yield { type: 'done', epochs: r.samples, genotype: genotypeToJson(samples[best[0].i]) as GenotypeJsonShape, seconds: (performance.now() - began) / 1000 };
}
