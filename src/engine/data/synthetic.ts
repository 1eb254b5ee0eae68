import { Rng } from '../util/rng';
import type { ImageSet } from './types';

export interface SyntheticOptions {
  trainCount: number;
  testCount: number;
  height: number;
  width: number;
  channels: number;
  numClasses: number;
  /** Standard deviation of the Gaussian pixel noise, on the [0, 1] scale. */
  noise: number;
  seed: number;
}

/** Each class's prototype is a coarse GRID x GRID pattern: smooth enough to survive crops and flips. */
const GRID = 4;

/**
 * Learnable generated data: every image is its class's prototype plus Gaussian noise, so a
 * small model beats chance quickly. Train and test share the prototypes, not the noise.
 */
export function makeSynthetic(o: SyntheticOptions): { train: ImageSet; test: ImageSet } {
  const rng = new Rng(o.seed);
  const cells = GRID * GRID * o.channels;
  const prototypes = Float64Array.from({ length: o.numClasses * cells }, () => 0.15 + 0.7 * rng.next());
  const make = (count: number): ImageSet => {
    const labels = Int32Array.from({ length: count }, (_, i) => i % o.numClasses);
    rng.shuffle(labels);
    const images = new Uint8Array(count * o.height * o.width * o.channels);
    let d = 0;
    for (let n = 0; n < count; n++) {
      const proto = labels[n] * cells;
      for (let y = 0; y < o.height; y++) {
        const gy = Math.floor((y * GRID) / o.height);
        for (let x = 0; x < o.width; x++) {
          const cell = proto + (gy * GRID + Math.floor((x * GRID) / o.width)) * o.channels;
          for (let c = 0; c < o.channels; c++) {
            const v = Math.round(255 * (prototypes[cell + c] + o.noise * rng.normal()));
            images[d++] = Math.min(255, Math.max(0, v));
          }
        }
      }
    }
    const { height, width, channels, numClasses } = o;
    return { images, labels, count, height, width, channels, numClasses };
  };
  return { train: make(o.trainCount), test: make(o.testCount) };
}
