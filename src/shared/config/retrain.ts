import { z } from 'zod';
import { genotypeJsonSchema } from '../search-events-schema';
import { backendPreference, FIELD_TITLES, threadCount } from './search';

/**
 * Retraining a genotype from scratch, with the reference defaults (quark0/darts train.py):
 * NetworkCIFAR at C=36, 20 cells, auxiliary head (weight 0.4), drop path 0.2 ramped linearly
 * over the epochs, SGD 0.025 (momentum 0.9, weight decay 3e-4) cosine-annealed to 0 over 600
 * epochs, batch 96, gradient clipping 5, crop + flip + cutout 16. Validation runs on the
 * dataset's test split, as train.py's infer() does.
 */
export const retrainConfigSchema = z
  .object({
    name: z.string().max(200).optional().meta({ title: FIELD_TITLES.name }),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(0).meta({ title: FIELD_TITLES.seed }),
    backend: backendPreference.default('auto').meta({ title: FIELD_TITLES.backend }),
    threads: threadCount,
    // Lazy: search-events-schema imports this folder's index, so a direct use would be a cycle.
    genotype: z.lazy(() => genotypeJsonSchema).meta({ title: 'Genotype' }),
    /** Where the genotype came from: the search run (id or folder) and its epoch, or a built-in name. */
    source: z
      .object({
        run: z.string().optional().meta({ title: 'Search run' }),
        epoch: z.number().int().min(0).optional().meta({ title: 'Epoch of the search' }),
        named: z.string().optional().meta({ title: 'Built-in genotype' }),
      })
      .prefault({}),
    data: z
      .object({
        dataset: z.string().min(1).default('cifar10').meta({ title: FIELD_TITLES.dataset }),
        options: z.record(z.string(), z.unknown()).default({}),
        batchSize: z.number().int().min(1).max(4096).default(96).meta({ title: FIELD_TITLES.batchSize }),
        augment: z
          .object({
            crop: z.boolean().default(true).meta({ title: FIELD_TITLES.crop }),
            cropPadding: z.number().int().min(0).max(16).default(4).meta({ title: FIELD_TITLES.cropPadding }),
            flip: z.boolean().default(true).meta({ title: FIELD_TITLES.flip }),
            cutout: z.boolean().default(true).meta({ title: FIELD_TITLES.cutout }),
            cutoutLength: z.number().int().min(1).max(64).default(16).meta({ title: FIELD_TITLES.cutoutLength }),
          })
          .prefault({}),
        heldOutPortion: z.number().gt(0).lt(1).default(0.1).meta({ title: 'Held-out share for validation' }).describe('Share of the training set held out for validation when the dataset has no test split'),
      })
      .prefault({}),
    model: z
      .object({
        channels: z.number().int().min(2).max(512).default(36).meta({ title: FIELD_TITLES.channels }),
        layers: z.number().int().min(1).max(64).default(20).meta({ title: FIELD_TITLES.layers }),
        auxiliary: z.boolean().default(true).meta({ title: 'Auxiliary head' }).describe('Auxiliary head after the second reduction (needs 32x32 images)'),
        auxiliaryWeight: z.number().min(0).max(10).default(0.4).meta({ title: 'Auxiliary loss weight' }),
        dropPathProb: z.number().min(0).lt(1).default(0.2).meta({ title: 'Drop-path rate (final)' }).describe('Reached at the last epoch: the rate ramps linearly from 0'),
      })
      .prefault({}),
    optimizer: z
      .object({
        lr: z.number().positive().max(10).default(0.025).meta({ title: 'Learning rate' }),
        lrMin: z.number().min(0).max(10).default(0).meta({ title: 'Minimum learning rate' }),
        momentum: z.number().min(0).max(1).default(0.9).meta({ title: FIELD_TITLES.momentum }),
        weightDecay: z.number().min(0).max(1).default(3e-4).meta({ title: 'Weight decay' }),
        gradClip: z.number().positive().default(5).meta({ title: FIELD_TITLES.gradClip }),
        schedule: z.string().min(1).default('cosine').meta({ title: FIELD_TITLES.schedule }).describe('Learning-rate schedule id from lr to lrMin (cosine; neca: natural exponential cosine annealing, AllegroNAS)'),
        scheduleOptions: z.record(z.string(), z.unknown()).default({}).meta({ title: FIELD_TITLES.scheduleOptions }).describe("The lr schedule's own options"),
        warmupEpochs: z.number().int().min(0).default(0).meta({ title: FIELD_TITLES.warmupEpochs }).describe('Epochs of linear lr warm-up before the schedule'),
      })
      .prefault({}),
    budget: z
      .object({
        epochs: z.number().int().min(1).max(10_000).default(600).meta({ title: FIELD_TITLES.epochs }),
        stepsPerEpoch: z.number().int().min(1).optional().meta({ title: FIELD_TITLES.stepsPerEpoch }).describe('Cap on steps per epoch (default: one pass over the training set)'),
        evalBatches: z.number().int().min(1).optional().meta({ title: FIELD_TITLES.evalBatches }).describe('Cap on validation batches per epoch (default: the whole split)'),
      })
      .prefault({}),
    checkpointEvery: z.number().int().min(0).default(1).meta({ title: FIELD_TITLES.checkpointEvery }).describe('Epochs between checkpoints (0: only the final one)'),
  })
  .strict();

export type RetrainConfig = z.output<typeof retrainConfigSchema>;
export type RetrainConfigInput = z.input<typeof retrainConfigSchema>;

export function parseRetrainConfig(input: unknown): RetrainConfig {
  return retrainConfigSchema.parse(input);
}

export interface RetrainPreset {
  id: string;
  title: string;
  description: string;
  /** Everything but the genotype, which the user picks. */
  config: Omit<RetrainConfigInput, 'genotype'>;
}

export const retrainPresets: readonly RetrainPreset[] = [
  {
    id: 'darts-cifar10',
    title: 'DARTS evaluation, CIFAR-10',
    description: 'train.py defaults: C=36, 20 cells, 600 epochs, batch 96, SGD 0.025 cosine, cutout 16, drop path 0.2, auxiliary 0.4. Needs the CIFAR-10 binary files (data.options.root).',
    config: { data: { dataset: 'cifar10' } },
  },
  {
    id: 'pdarts-cifar10',
    title: 'P-DARTS / PC-DARTS evaluation, CIFAR-10',
    description: 'As the DARTS setting with drop path 0.3 and batch 128 (P-DARTS train_cifar.py).',
    config: { data: { dataset: 'cifar10', batchSize: 128 }, model: { dropPathProb: 0.3 } },
  },
  {
    id: 'darts-cifar100',
    title: 'DARTS evaluation, CIFAR-100',
    description: 'The DARTS setting on CIFAR-100 (a cell transferred from a CIFAR-10 search). Needs the CIFAR-100 binary files.',
    config: { data: { dataset: 'cifar100' } },
  },
  {
    id: 'cifar10-short',
    title: 'Short CIFAR-10 retraining',
    description: 'C=16, 8 cells, 20 epochs, batch 64, auxiliary head and drop path 0.2: a sanity check of a cell in hours, not days.',
    config: { data: { dataset: 'cifar10', batchSize: 64 }, model: { channels: 16, layers: 8 }, budget: { epochs: 20 } },
  },
  {
    id: 'quick',
    title: 'Quick demo, MNIST',
    description: 'C=4, 5 cells, 2 epochs of 12 steps, batch 32, no cutout or auxiliary head (28x28 images): minutes on two CPU cores with the wasm backend.',
    config: {
      data: { dataset: 'mnist', options: { limit: 2000 }, batchSize: 32, augment: { crop: false, flip: false, cutout: false } },
      model: { channels: 4, layers: 5, auxiliary: false, dropPathProb: 0.1 },
      optimizer: { lr: 0.05 },
      budget: { epochs: 2, stepsPerEpoch: 12, evalBatches: 8 },
    },
  },
];

export function getRetrainPreset(id: string): RetrainPreset {
  const p = retrainPresets.find((x) => x.id === id);
  if (!p) throw new Error(`unknown retrain preset '${id}' (known: ${retrainPresets.map((x) => x.id).join(', ')})`);
  return p;
}
