import { checkInputShape } from './input-shape';
import { createHash } from 'node:crypto';
import type { SearchConfig } from '../../shared/config';
import type { RunMetadata } from '../../shared/search-events';
import { initBackend } from '../backend';
import { BatchLoader, splitTrainVal } from '../data';
import { resize } from '../data/imageset';
import { countArchitectures, type DeriveRule } from '../derive';
import { Adam, Sgd } from '../optim';
import { getRegularizer } from '../regularizers';
import type { Schedule } from '../schedules';
import { Supernet, type SupernetOptions } from '../supernet';
import { useCheckpointing } from '../supernet/activation-memory';
import { Rng } from '../util/rng';
import { assignVariables, hostVariables, type CheckpointState } from './checkpoint';
import { resolvePlugins, type EpochPlugins } from './plugins';

/** Everything one search holds: the network, its optimizers, data loaders and plug-ins. */
export interface Session {
  config: SearchConfig;
  net: Supernet;
  /** The strategy, regularizers and scheduled values of an epoch. */
  epochPlugins(epoch: number): EpochPlugins;
  schedule: Schedule;
  derivation: DeriveRule;
  weightOptimizer: Sgd;
  archOptimizer: Adam;
  trainLoader: BatchLoader;
  valLoader: BatchLoader;
  evalLoader: BatchLoader;
  stepsPerEpoch: number;
  meta: RunMetadata;
  dispose(): void;
}

/** What must match between a checkpoint and the run resuming from it (the budget may change). */
export function configHash(c: SearchConfig): string {
  const { data, model, strategy, seed, weightOptimizer, archOptimizer, regularizers, schedules, stepOrder } = c;
  return createHash('sha256')
    .update(JSON.stringify({ data, model, strategy, seed, weightOptimizer, archOptimizer, regularizers, schedules, stepOrder }))
    .digest('hex')
    .slice(0, 16);
}

/**
 * `supernet`: construction overrides from a stage orchestrator (P-DARTS's kept ops per edge); the
 * config's regularizers add what they need built (the auxiliary tower).
 */
export async function createSession(config: SearchConfig, supernet: Pick<SupernetOptions, 'candidates'> = {}): Promise<Session> {
  // Resolve every plug-in first, so that a bad id fails before any heavy work.
  const { dataset, space, relaxation, schedule, derivation, epoch: epochPlugins } = resolvePlugins(config);

  const backend = await initBackend(config.backend, { threads: config.threads });
  const data = await dataset.load(dataset.optionsSchema.parse(config.data.options));
  const train = config.data.resize ? resize(data.train, config.data.resize) : data.train;
  checkInputShape({ source: data.info.source, size: { height: train.height, width: train.width }, reductionCells: space.reductionCells(config.model.layers) });
  const split = splitTrainVal(train, config.data.trainPortion);
  const rng = new Rng(config.seed);
  const kept = supernet.candidates && Math.max(...Object.values(supernet.candidates).flatMap((edges) => edges.map((cols) => cols.length)));
  const shape = { space, channels: config.model.channels, layers: config.model.layers, batch: config.data.batchSize, height: train.height, width: train.width, opsPerEdge: kept };
  const checkpointing = useCheckpointing(config.checkpoint, shape, backend.name);
  const net = new Supernet({
    checkpoint: checkpointing,
    space,
    relaxation,
    channels: config.model.channels,
    layers: config.model.layers,
    classes: train.numClasses,
    inputChannels: train.channels,
    alphaInitStd: config.model.alphaInitStd,
    groups: config.model.groups,
    seed: rng.nextUint32(),
    inputSize: { height: train.height, width: train.width },
    ...Object.assign({}, ...config.regularizers.map((r) => getRegularizer(r.id).supernet)),
    ...supernet,
  });
  const loaderBase = { batchSize: config.data.batchSize, mean: data.mean, std: data.std };
  // The reference draws α batches from the val split with the training transform.
  const trainLoader = new BatchLoader(train, { ...loaderBase, rng: rng.fork(), indices: split.train, augment: config.data.augment });
  const valLoader = new BatchLoader(train, { ...loaderBase, rng: rng.fork(), indices: split.val, augment: config.data.augment });
  const evalLoader = new BatchLoader(train, { ...loaderBase, rng: rng.fork(), indices: split.val, shuffle: false });
  const stepsPerEpoch = Math.min(trainLoader.batchesPerEpoch, config.budget.stepsPerEpoch ?? Infinity);
  const weightOptimizer = new Sgd({ momentum: config.weightOptimizer.momentum, weightDecay: config.weightOptimizer.weightDecay });
  const archOptimizer = new Adam(config.archOptimizer);
  const alphaGroups: RunMetadata['alphaGroups'] = {};
  for (const [g, a] of net.alphas) alphaGroups[g] = a.shape as [number, number];
  const meta: RunMetadata = {
    backend,
    params: net.params.count(),
    alphaGroups,
    architectures: countArchitectures(space, derivation, { layers: net.cellGroups.length, options: config.derivation.options })?.toString() ?? null,
    primitives: [...space.primitives],
    ...(space.attentions && { attentions: [...space.attentions] }),
    stepsPerEpoch,
    checkpointing,
    trainExamples: split.train.length,
    valExamples: split.val.length,
    dataset: { ...data.info, height: train.height, width: train.width, channels: train.channels, classes: train.numClasses },
  };
  return {
    config,
    net,
    epochPlugins,
    schedule,
    derivation,
    weightOptimizer,
    archOptimizer,
    trainLoader,
    valLoader,
    evalLoader,
    stepsPerEpoch,
    meta,
    dispose() {
      net.dispose();
      weightOptimizer.dispose();
      archOptimizer.dispose();
    },
  };
}

export function captureState(s: Session, epoch: number): CheckpointState {
  return {
    epoch,
    configHash: configHash(s.config),
    weights: hostVariables(s.net.params.weights),
    buffers: hostVariables(s.net.params.buffers),
    alphas: hostVariables(s.net.alphas),
    weightOptimizer: s.weightOptimizer.getState(),
    archOptimizer: s.archOptimizer.getState(),
    trainLoader: s.trainLoader.getState(),
    valLoader: s.valLoader.getState(),
  };
}

export function restoreState(s: Session, c: CheckpointState): void {
  if (c.configHash !== configHash(s.config)) throw new Error('checkpoint was written by a run with a different configuration');
  assignVariables(s.net.params.weights, c.weights, 'weight');
  assignVariables(s.net.params.buffers, c.buffers, 'buffer');
  assignVariables(s.net.alphas, c.alphas, 'α group');
  s.weightOptimizer.setState(c.weightOptimizer);
  s.archOptimizer.setState(c.archOptimizer);
  s.trainLoader.setState(c.trainLoader);
  s.valLoader.setState(c.valLoader);
}
