import { createHash } from 'node:crypto';
import type { RetrainConfig } from '../../shared/config';
import type { RetrainMetadata } from '../../shared/retrain-events';
import { initBackend } from '../backend';
import { BatchLoader, getDataset, splitTrainVal } from '../data';
import { EvalNetwork, graphMultiplyAdds, graphParams, inferenceGraph } from '../evaluate';
import { genotypeFromJson } from '../genotype';
import { Sgd } from '../optim';
import { createSchedule, getSchedule, type Schedule } from '../schedules';
import { checkInputShape } from '../search/input-shape';
import { at } from '../search/plugins';
import { reductionsAtThirds } from '../spaces';
import { Rng } from '../util/rng';

/** Everything one retraining holds. */
export interface RetrainSession {
  config: RetrainConfig;
  net: EvalNetwork;
  optimizer: Sgd;
  schedule: Schedule;
  trainLoader: BatchLoader;
  evalLoader: BatchLoader;
  stepsPerEpoch: number;
  meta: RetrainMetadata;
  dispose(): void;
}

/** What must match between a checkpoint and the run resuming from it (the budget may change). */
export function retrainConfigHash(c: RetrainConfig): string {
  const { genotype, data, model, seed, optimizer } = c;
  return createHash('sha256').update(JSON.stringify({ kind: 'retrain', genotype, data, model, seed, optimizer })).digest('hex').slice(0, 16);
}

/**
 * Drop-path masks of epoch `e` come from their own stream seeded by (seed, e): a run resumed at
 * an epoch boundary draws exactly the masks the uninterrupted run would have.
 */
export function dropPathRng(seed: number, epoch: number): Rng {
  return new Rng((Math.imul(seed + 1, 0x9e3779b1) + epoch) >>> 0);
}

/** Cheap checks that name the config field at fault, before any data loads. */
export function resolveRetrainPlugins(c: RetrainConfig) {
  // Failures name the config field at fault, as the search's resolvePlugins does (the UI shows them next to it).
  const dataset = at(['data', 'dataset'], () => getDataset(c.data.dataset));
  const datasetOptions = at(['data', 'options'], () => dataset.optionsSchema.parse(c.data.options));
  const o = c.optimizer;
  at(['optimizer', 'schedule'], () => getSchedule(o.schedule));
  const schedule = at(['optimizer', 'scheduleOptions'], () => createSchedule({ id: o.schedule, from: o.lr, to: o.lrMin, warmupEpochs: o.warmupEpochs, options: o.scheduleOptions }, c.budget.epochs));
  return { dataset, datasetOptions, schedule, genotype: genotypeFromJson(c.genotype) };
}

export async function createRetrainSession(config: RetrainConfig): Promise<RetrainSession> {
  const { dataset, datasetOptions, schedule, genotype } = resolveRetrainPlugins(config);
  const backend = await initBackend(config.backend, { threads: config.threads });
  const data = await dataset.load(datasetOptions);
  const { train } = data;
  // train.py trains on the whole training set and reports accuracy on the test split.
  const heldOut = data.test ? null : splitTrainVal(train, 1 - config.data.heldOutPortion);
  const evalSet = data.test ?? train;
  const rng = new Rng(config.seed);
  const { channels, layers, auxiliary } = config.model;
  checkInputShape({ source: data.info.source, size: { height: train.height, width: train.width }, reductionCells: reductionsAtThirds(layers), auxiliary });
  const netOptions = { genotype, channels, layers, classes: train.numClasses, inputChannels: train.channels, auxiliary, inputSize: { height: train.height, width: train.width } };
  const net = new EvalNetwork({ ...netOptions, seed: rng.nextUint32() });
  const loaderBase = { batchSize: config.data.batchSize, mean: data.mean, std: data.std };
  const trainLoader = new BatchLoader(train, { ...loaderBase, rng: rng.fork(), indices: heldOut?.train, augment: config.data.augment });
  const evalLoader = new BatchLoader(evalSet, { ...loaderBase, rng: rng.fork(), indices: heldOut?.val, shuffle: false });
  const stepsPerEpoch = Math.min(trainLoader.batchesPerEpoch, config.budget.stepsPerEpoch ?? Infinity);
  const graph = inferenceGraph({ ...netOptions, height: train.height, width: train.width });
  const meta: RetrainMetadata = {
    kind: 'retrain',
    backend,
    params: graphParams(graph),
    trainedParams: net.params.count(),
    multiplyAdds: graphMultiplyAdds(graph),
    stepsPerEpoch,
    trainExamples: heldOut ? heldOut.train.length : train.count,
    valExamples: heldOut ? heldOut.val.length : evalSet.count,
    valSource: heldOut ? 'held-out' : 'test',
    dataset: {
      ...data.info,
      height: train.height,
      width: train.width,
      channels: train.channels,
      classes: train.numClasses,
      ...(train.classNames && { classNames: train.classNames }),
    },
    preprocessing: { mean: data.mean, std: data.std },
  };
  const optimizer = new Sgd({ momentum: config.optimizer.momentum, weightDecay: config.optimizer.weightDecay });
  return {
    config,
    net,
    optimizer,
    schedule,
    trainLoader,
    evalLoader,
    stepsPerEpoch,
    meta,
    dispose() {
      net.dispose();
      optimizer.dispose();
    },
  };
}
