/**
 * Images stay uint8 NHWC in memory (a quarter of float32); they are normalized per batch.
 * Pixel (n, y, x, c) is at ((n * height + y) * width + x) * channels + c.
 */
export interface ImageSet {
  images: Uint8Array;
  labels: Int32Array;
  count: number;
  height: number;
  width: number;
  channels: number;
  numClasses: number;
  classNames?: string[];
}

export interface DatasetInfo {
  id: string;
  title: string;
  /** Where the data came from: a path, or a description for generated data. */
  source: string;
}

export interface LoadedDataset {
  train: ImageSet;
  test?: ImageSet;
  /** Per channel, on the [0, 1] pixel scale: normalized = (pixel / 255 - mean) / std. */
  mean: number[];
  std: number[];
  info: DatasetInfo;
}
