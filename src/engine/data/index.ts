export { datasets, getDataset, loadDataset, type DatasetEntry, type DatasetId, type DatasetSpec } from './registry';
export { splitTrainVal } from './split';
export { BatchLoader, type Batch, type LoaderOptions, type LoaderState } from './loader';
export { augmentOptionsSchema, type AugmentOptions } from './augment';
export { DatasetError } from './errors';
export type { DatasetInfo, ImageSet, LoadedDataset } from './types';
