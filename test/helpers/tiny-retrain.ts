import { genotypeToJson, getNamedGenotype } from '../../src/engine/genotype';
import { parseRetrainConfig, type RetrainConfig, type RetrainConfigInput } from '../../src/shared/config';

/** A retraining that finishes in seconds: DARTS_V2 at C=4, 3 cells, 8x8 synthetic images, 2 epochs of 2 steps. */
export function tinyRetrain(over: Partial<RetrainConfigInput> = {}): RetrainConfig {
  return parseRetrainConfig({
    seed: 3,
    backend: 'wasm',
    genotype: genotypeToJson(getNamedGenotype('DARTS_V2')),
    data: {
      dataset: 'synthetic',
      options: { trainCount: 48, testCount: 16, height: 8, width: 8, channels: 1, numClasses: 3 },
      batchSize: 8,
      augment: { crop: true, cropPadding: 1, flip: true, cutout: true, cutoutLength: 2 },
    },
    model: { channels: 4, layers: 3, auxiliary: false, dropPathProb: 0.2 },
    budget: { epochs: 2, stepsPerEpoch: 2, evalBatches: 1 },
    ...over,
  });
}

/** The CLI's tiny retrain config file: synthetic data, C=4, 3 cells, 2 epochs of 2 steps; no genotype (the command adds it). */
export const TINY_RETRAIN_FILE = {
  backend: 'wasm',
  data: { dataset: 'synthetic', options: { trainCount: 48, testCount: 16, height: 8, width: 8, channels: 1, numClasses: 3 }, batchSize: 8, augment: { cutoutLength: 2 } },
  model: { channels: 4, layers: 3, auxiliary: false },
  budget: { epochs: 2, stepsPerEpoch: 2, evalBatches: 1 },
} satisfies Partial<RetrainConfigInput>;
