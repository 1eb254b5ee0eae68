import { DatasetError } from './errors';
import type { ImageSet } from './types';

export function checkLabels(file: string, labels: Int32Array, numClasses: number): void {
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i];
    if (v < 0 || v >= numClasses) {
      throw new DatasetError(file, `label ${v} at index ${i} is out of range 0..${numClasses - 1}`);
    }
  }
}

/** The first n examples, copied so that the full arrays can be freed. */
export function takeFirst(set: ImageSet, n: number | undefined): ImageSet {
  if (n === undefined || n >= set.count) return set;
  const size = set.height * set.width * set.channels;
  return {
    ...set,
    images: set.images.slice(0, n * size),
    labels: set.labels.slice(0, n),
    count: n,
  };
}

/** Per-channel mean and (population) standard deviation on the [0, 1] pixel scale. */
export function channelStats(set: ImageSet): { mean: number[]; std: number[] } {
  const c = set.channels;
  const sum = new Float64Array(c);
  const sumSq = new Float64Array(c);
  const { images } = set;
  for (let i = 0; i < images.length; i++) {
    const v = images[i];
    sum[i % c] += v;
    sumSq[i % c] += v * v;
  }
  const n = images.length / c;
  const mean = Array.from(sum, (s) => s / n / 255);
  // A constant channel would divide by zero when normalizing; 1 leaves it merely centred.
  const std = Array.from(sumSq, (s, k) => Math.sqrt(Math.max(s / n / 65025 - mean[k] ** 2, 0)) || 1);
  return { mean, std };
}
