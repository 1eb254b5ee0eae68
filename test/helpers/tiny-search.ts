import type { SearchConfigInput } from '../../src/shared/config';

/** A search that finishes in seconds: 8x8 synthetic images, C=2, 3 cells, 2 epochs of 2 steps. */
export const TINY_SEARCH = {
  seed: 5,
  backend: 'wasm',
  data: {
    dataset: 'synthetic',
    options: { trainCount: 64, testCount: 16, height: 8, width: 8, channels: 1, numClasses: 3 },
    batchSize: 8,
  },
  model: { channels: 2, layers: 3 },
  budget: { epochs: 2, stepsPerEpoch: 2, evalBatches: 1 },
} satisfies SearchConfigInput;
