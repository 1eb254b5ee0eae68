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

/**
 * The images scaled to size × size by area averaging: each output pixel is the mean of the input
 * pixels its box overlaps (rounded). The set itself when it already has that size.
 */
export function resize(set: ImageSet, size: number): ImageSet {
  if (set.height === size && set.width === size) return set;
  const c = set.channels;
  const span = (i: number, from: number) => [Math.floor((i * from) / size), Math.max(Math.floor((i * from) / size) + 1, Math.ceil(((i + 1) * from) / size))];
  const rows = Array.from({ length: size }, (_, i) => span(i, set.height));
  const cols = Array.from({ length: size }, (_, i) => span(i, set.width));
  const images = new Uint8Array(set.count * size * size * c);
  for (let n = 0; n < set.count; n++)
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++)
        for (let ch = 0; ch < c; ch++) {
          let sum = 0;
          for (let i = rows[y][0]; i < rows[y][1]; i++) for (let j = cols[x][0]; j < cols[x][1]; j++) sum += set.images[((n * set.height + i) * set.width + j) * c + ch];
          images[((n * size + y) * size + x) * c + ch] = Math.round(sum / ((rows[y][1] - rows[y][0]) * (cols[x][1] - cols[x][0])));
        }
  return { ...set, images, height: size, width: size };
}
