import { parseSearchConfig, type SearchConfig, type SearchConfigInput } from '../../../src/shared/config';

/** A search small enough for unit tests: 8x8 synthetic images, C=2, 3 cells. */
export function tinyConfig(over: SearchConfigInput = {}): SearchConfig {
  return parseSearchConfig({
    seed: 5,
    backend: 'wasm',
    data: {
      dataset: 'synthetic',
      options: { trainCount: 64, testCount: 16, height: 8, width: 8, channels: 1, numClasses: 3 },
      batchSize: 8,
    },
    model: { channels: 2, layers: 3 },
    budget: { epochs: 2, stepsPerEpoch: 2, evalBatches: 1 },
    ...over,
  });
}
