import { describe, expect, it } from 'vitest';
import { resize } from '../../../src/engine/data/imageset';
import type { ImageSet } from '../../../src/engine/data/types';

const set = (height: number, width: number, channels: number, pixel: (y: number, x: number, c: number) => number): ImageSet => {
  const images = new Uint8Array(height * width * channels);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) for (let c = 0; c < channels; c++) images[(y * width + x) * channels + c] = pixel(y, x, c);
  return { images, labels: Int32Array.from([3]), count: 1, height, width, channels, numClasses: 10 };
};

describe('resize (area average)', () => {
  it('halving averages each 2x2 block, per channel', () => {
    const out = resize(set(4, 4, 2, (y, x, c) => (c === 0 ? 10 * y + x : 100)), 2);
    expect([out.height, out.width, out.channels, out.count]).toEqual([2, 2, 2, 1]);
    // Block (0, 0) holds 0, 1, 10, 11: mean 5.5, rounded to 6; channel 1 is constant.
    expect(Array.from(out.images)).toEqual([6, 100, 8, 100, 26, 100, 28, 100]);
    expect(out.labels).toEqual(Int32Array.from([3]));
  });

  it('28x28 to 16x16 keeps a constant image constant and covers every input row and column', () => {
    expect(Array.from(new Set(resize(set(28, 28, 1, () => 77), 16).images))).toEqual([77]);
    // A single bright input row lights exactly the output rows whose box overlaps it.
    const row = resize(set(28, 28, 1, (y) => (y === 27 ? 255 : 0)), 16);
    const lit = Array.from({ length: 16 }, (_, y) => row.images[y * 16] > 0);
    expect(lit.indexOf(true)).toBe(15);
    expect(lit.filter(Boolean)).toHaveLength(1);
  });

  it('returns the set itself at its own size', () => {
    const s = set(8, 8, 1, () => 1);
    expect(resize(s, 8)).toBe(s);
  });
});
