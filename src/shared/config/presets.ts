import type { SearchConfigInput } from './search';

export interface Preset {
  id: string;
  title: string;
  description: string;
  config: SearchConfigInput;
}

const cifar10 = {
  dataset: 'cifar10',
  batchSize: 64,
  augment: { crop: true, flip: true },
} as const;

/** Paper settings. Each loads a complete configuration that the user can then adjust. */
export const presets: readonly Preset[] = [
  {
    id: 'darts-first-order',
    title: 'DARTS (first order), CIFAR-10',
    description: 'train_search.py defaults: C=16, 8 layers, batch 64, 50 epochs, SGD 0.025→0.001 cosine, Adam 3e-4 for α. Needs the CIFAR-10 binary files (data.options.root).',
    config: { data: cifar10, strategy: { id: 'first-order' }, model: { channels: 16, layers: 8 }, budget: { epochs: 50 } },
  },
  {
    id: 'darts-second-order',
    title: 'DARTS (second order), CIFAR-10',
    description: 'train_search.py --unrolled: as the first-order preset, with the one-step unrolled α gradient.',
    config: { data: cifar10, strategy: { id: 'second-order' }, model: { channels: 16, layers: 8 }, budget: { epochs: 50 } },
  },
  {
    id: 'quick',
    title: 'Quick demo, MNIST',
    description: 'A short first-order search on MNIST (C=4, 5 layers, batch 16, 2 epochs of 12 steps): a few minutes on two CPU cores with the wasm backend.',
    config: {
      data: { dataset: 'mnist', options: { limit: 2000 }, batchSize: 16 },
      model: { channels: 4, layers: 5 },
      strategy: { id: 'first-order' },
      weightOptimizer: { lr: 0.05, lrMin: 0.001 },
      archOptimizer: { lr: 3e-3 },
      budget: { epochs: 2, stepsPerEpoch: 12, evalBatches: 8 },
    },
  },
];

export function getPreset(id: string): Preset {
  const p = presets.find((x) => x.id === id);
  if (!p) throw new Error(`unknown preset '${id}' (known: ${presets.map((x) => x.id).join(', ')})`);
  return p;
}
