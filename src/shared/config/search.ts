import { z } from 'zod';

/** A plug-in reference: a registry id plus options that the entry's own schema validates. */
const plugin = (defaultId: string) =>
  z
    .object({
      id: z.string().min(1).default(defaultId),
      options: z.record(z.string(), z.unknown()).default({}),
    })
    .prefault({});

/** A schedule driving one scalar option each epoch (engine registry src/engine/schedules). */
export const scheduledScalarSchema = z
  .object({
    id: z.string().min(1).default('linear'),
    from: z.number().describe('Value at epoch 0'),
    to: z.number().default(0).describe('Value at the end of the horizon'),
    epochs: z.number().int().min(1).optional().describe('Horizon in epochs (default: the whole search)'),
    warmupEpochs: z.number().int().min(0).default(0).describe('Epochs of linear warm-up from 0 before the schedule'),
    options: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();
export type ScheduledScalar = z.output<typeof scheduledScalarSchema>;

/** Plain-language names of the fields a search and a retraining config share (the wizard's and dialogs' labels). */
export const FIELD_TITLES = {
  name: 'Run name',
  seed: 'Random seed',
  backend: 'Compute backend',
  threads: 'CPU threads',
  dataset: 'Dataset',
  batchSize: 'Batch size',
  crop: 'Random crop',
  cropPadding: 'Crop padding (px)',
  flip: 'Random horizontal flip',
  cutout: 'Cutout',
  cutoutLength: 'Cutout size (px)',
  channels: 'Initial channels (C)',
  layers: 'Cells (layers)',
  momentum: 'Momentum',
  gradClip: 'Gradient clip (L2 norm)',
  schedule: 'Learning-rate schedule',
  scheduleOptions: 'Schedule options',
  warmupEpochs: 'Learning-rate warm-up epochs',
  epochs: 'Epochs',
  stepsPerEpoch: 'Steps per epoch (cap)',
  evalBatches: 'Validation batches per epoch (cap)',
  checkpointEvery: 'Checkpoint every (epochs)',
} as const;

export const backendPreference = z.enum(['auto', 'tensorflow', 'wasm', 'cpu']);
export type BackendPreference = z.infer<typeof backendPreference>;

/** Threads for the wasm backend's kernels: an execution setting, since results are the same at any count. */
export const threadCount = z
  .number()
  .int()
  .min(1)
  .max(256)
  .optional()
  .meta({ title: FIELD_TITLES.threads })
  .describe("Threads for the wasm backend's kernels (the results are the same at any count); every core when unset");

/** Activation checkpointing (src/engine/supernet/activation-memory.ts decides 'auto'). */
export const checkpointSetting = z.enum(['auto', 'on', 'off']);

/**
 * Everything a search needs, with the reference defaults (quark0/darts train_search.py).
 * Registry ids (dataset, space, relaxation, strategy, schedule, derivation) are checked against
 * the engine's registries when a run starts; their options by each entry's own schema.
 */
export const searchConfigSchema = z
  .object({
    name: z.string().max(200).optional().meta({ title: FIELD_TITLES.name }),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(2).meta({ title: FIELD_TITLES.seed }),
    backend: backendPreference.default('auto').meta({ title: FIELD_TITLES.backend }),
    threads: threadCount,
    checkpoint: checkpointSetting
      .default('auto')
      .meta({ title: 'Activation checkpointing' })
      .describe(
        "Keep only each cell node's inputs and recompute its edges during backprop, for far less memory at about one more forward pass per step. auto: on when the estimated activations exceed half the backend's memory (wasm: its 4 GiB heap; otherwise the machine's RAM)",
      ),
    data: z
      .object({
        dataset: z.string().min(1).default('mnist').meta({ title: FIELD_TITLES.dataset }),
        options: z.record(z.string(), z.unknown()).default({}),
        trainPortion: z
          .number()
          .gt(0)
          .max(1)
          .default(0.5)
          .meta({ title: 'Training share (w vs α split)' })
          .describe('Share of the training set used for w; the rest is the α (val) split. 1: no val split, all data for w and α (single-level only; val figures are then on training data)'),
        batchSize: z.number().int().min(1).max(4096).default(64).meta({ title: FIELD_TITLES.batchSize }),
        augment: z
          .object({
            crop: z.boolean().default(false).meta({ title: FIELD_TITLES.crop }),
            cropPadding: z.number().int().min(0).max(16).default(4).meta({ title: FIELD_TITLES.cropPadding }),
            flip: z.boolean().default(false).meta({ title: FIELD_TITLES.flip }),
            cutout: z.boolean().default(false).meta({ title: FIELD_TITLES.cutout }),
            cutoutLength: z.number().int().min(1).max(64).default(16).meta({ title: FIELD_TITLES.cutoutLength }),
          })
          .prefault({}),
        resize: z.number().int().min(2).max(1024).optional().meta({ title: 'Resize to (px)' }).describe('Scale the images to this height and width (area average) before searching; the full size when unset'),
      })
      .prefault({}),
    model: z
      .object({
        space: z.string().min(1).default('darts').meta({ title: 'Search space' }),
        spaceOptions: z.record(z.string(), z.unknown()).default({}).meta({ title: 'Search-space options' }).describe("The search space's own options (its registry entry's schema)"),
        relaxation: z.string().min(1).default('softmax').meta({ title: 'Relaxation' }),
        channels: z.number().int().min(2).max(512).default(16).meta({ title: FIELD_TITLES.channels }),
        layers: z.number().int().min(1).max(64).default(8).meta({ title: FIELD_TITLES.layers }),
        alphaInitStd: z.number().min(0).max(10).default(1e-3).meta({ title: 'α initial spread (std)' }).describe('α starts as std·N(0,1); the reference uses 1e-3, the papers state α = 0'),
        groups: z
          .number()
          .int()
          .min(1)
          .max(64)
          .default(1)
          .meta({ title: 'Conv groups' })
          .describe("Group count of the conv ops' pointwise 1x1 convs (AllegroNAS group convolution; 1 = standard); must divide C"),
      })
      // Widths are C, 2C, 4C (and m·C inside AllegroSepConv): dividing C is enough.
      .refine((m) => m.channels % m.groups === 0, { path: ['groups'], message: 'the group count must divide model.channels' })
      .prefault({}),
    strategy: plugin('first-order'),
    weightOptimizer: z
      .object({
        lr: z.number().positive().max(10).default(0.025).meta({ title: 'Weight learning rate' }),
        lrMin: z.number().min(0).max(10).default(0.001).meta({ title: 'Minimum weight learning rate' }),
        momentum: z.number().min(0).max(1).default(0.9).meta({ title: FIELD_TITLES.momentum }),
        weightDecay: z.number().min(0).max(1).default(3e-4).meta({ title: 'Weight decay' }),
        gradClip: z.number().positive().default(5).meta({ title: FIELD_TITLES.gradClip }),
        schedule: z.string().min(1).default('cosine').meta({ title: FIELD_TITLES.schedule }).describe('Learning-rate schedule id, from lr to lrMin over the search'),
        scheduleOptions: z.record(z.string(), z.unknown()).default({}).meta({ title: FIELD_TITLES.scheduleOptions }).describe("The lr schedule's own options"),
        warmupEpochs: z.number().int().min(0).default(0).meta({ title: FIELD_TITLES.warmupEpochs }).describe('Epochs of linear lr warm-up before the schedule'),
      })
      .prefault({}),
    archOptimizer: z
      .object({
        lr: z.number().positive().max(10).default(3e-4).meta({ title: 'Architecture learning rate' }),
        beta1: z.number().min(0).max(1).default(0.5).meta({ title: 'Adam β1' }),
        beta2: z.number().min(0).max(1).default(0.999).meta({ title: 'Adam β2' }),
        weightDecay: z.number().min(0).max(1).default(1e-3).meta({ title: 'Architecture weight decay' }),
        gradClip: z
          .number()
          .positive()
          .optional()
          .meta({ title: 'α gradient clip (L2 norm)' })
          .describe('Clip the α gradient to this global L2 norm before each α step (P-DARTS code: 5; DARTS: none)'),
      })
      .prefault({}),
    budget: z
      .object({
        epochs: z.number().int().min(1).max(10_000).default(50).meta({ title: FIELD_TITLES.epochs }),
        stepsPerEpoch: z.number().int().min(1).optional().meta({ title: FIELD_TITLES.stepsPerEpoch }).describe('Cap on steps per epoch (default: one pass over the train split)'),
        evalBatches: z.number().int().min(1).optional().meta({ title: FIELD_TITLES.evalBatches }).describe('Cap on validation batches per epoch (default: the whole val split)'),
      })
      .prefault({}),
    regularizers: z
      .array(z.object({ id: z.string().min(1), options: z.record(z.string(), z.unknown()).default({}) }))
      .default([])
      .meta({ title: 'Regularizers' })
      .describe('Search-time regularizers (engine registry src/engine/regularizers), applied in order'),
    schedules: z
      .record(z.string(), scheduledScalarSchema)
      .default({})
      .meta({ title: 'Option schedules' })
      .describe("Per-epoch schedules for scalar options, keyed by path, e.g. 'strategy.options.eta' or 'regularizers.op-dropout.options.rate'"),
    stepOrder: z
      .enum(['alpha-first', 'weights-first'])
      .default('alpha-first')
      .meta({ title: 'Update order per step' })
      .describe('Per step: α update then w update (DARTS code), or w then α (D3 Alg. 1)'),
    progressive: z
      .object({
        cells: z.array(z.number().int().min(1).max(64)).min(1).default([5, 11, 17]).meta({ title: 'Cells per stage' }).describe('Cells of the search network in each stage (P-DARTS: 5, 11, 17)'),
        channels: z.array(z.number().int().min(2).max(512)).optional().meta({ title: 'Channels per stage' }).describe('Base channels per stage (default: model.channels in every stage)'),
        keep: z.array(z.number().int().min(1)).default([5, 3, 1]).meta({ title: 'Ops kept per edge after each stage' }).describe('Ops per edge kept after each stage, by α (P-DARTS: 8 → 5 → 3 → 1)'),
        skipDropout: z
          .array(z.number().min(0).lt(1))
          .default([0, 0.3, 0.6])
          .meta({ title: 'Skip-connect dropout per stage' })
          .describe("Initial skip-connect dropout per stage (D3: 0, 0.3, 0.6; the code's CIFAR-10 README: 0.1, 0.4, 0.7)"),
        warmupEpochs: z.number().int().min(0).default(2).meta({ title: 'Warm-up epochs per stage' }).describe('Weight-only epochs at the start of every stage (D3: 2; the code: 10)'),
        maxSkip: z.number().int().min(0).default(2).meta({ title: 'Most skip-connects in the normal cell' }).describe('Most skip_connects in the final normal cell (P-DARTS: M = 2)'),
      })
      .refine((p) => p.keep.length === p.cells.length && p.skipDropout.length === p.cells.length && (p.channels?.length ?? p.cells.length) === p.cells.length, {
        message: 'cells, keep, skipDropout (and channels) need one entry per stage',
      })
      .optional()
      .meta({ title: 'Progressive search (P-DARTS)' })
      .describe('P-DARTS progressive search: stages of budget.epochs epochs each (absent: one search)'),
    randomSearch: z
      .object({
        samples: z.number().int().min(1).max(1000).default(20).meta({ title: 'Sampled architectures' }).describe('Architectures sampled from the space (seed 002: 20)'),
        keep: z.number().int().min(1).default(2).meta({ title: 'Architectures kept' }).describe('Best samples by val accuracy kept for retraining (seed 002: 2)'),
      })
      .refine((r) => r.keep <= r.samples, { path: ['keep'], message: 'cannot keep more samples than are drawn' })
      .optional()
      .meta({ title: 'Random-search baseline' })
      .describe('Random-search baseline (seed 002): sample architectures, train each for budget.epochs, keep the best (absent: a gradient search)'),
    derivation: plugin('darts-top2'),
    checkpointEvery: z.number().int().min(0).default(1).meta({ title: FIELD_TITLES.checkpointEvery }).describe('Epochs between checkpoints (0: none)'),
  })
  .strict();

export type SearchConfig = z.output<typeof searchConfigSchema>;
export type SearchConfigInput = z.input<typeof searchConfigSchema>;

/** What a run's "epochs" count: a random search's are its sampled networks (retrainings and gradient searches: epochs). */
export const epochUnit = (c: object): 'epoch' | 'sample' => ('randomSearch' in c && c.randomSearch ? 'sample' : 'epoch');

/** Epochs the whole search runs: budget.epochs, once per stage of a progressive (P-DARTS) search; a random search's are its samples. */
export function totalEpochs(c: SearchConfig): number {
  if (c.randomSearch) return c.randomSearch.samples;
  return c.budget.epochs * (c.progressive?.cells.length ?? 1);
}

export function parseSearchConfig(input: unknown): SearchConfig {
  return searchConfigSchema.parse(input);
}
