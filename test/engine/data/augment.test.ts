import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BatchLoader, type ImageSet } from '../../../src/engine/data';
import { augmentOptionsSchema, writeSample, type AugmentOptions } from '../../../src/engine/data/augment';
import { Rng } from '../../../src/engine/util/rng';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A 3x4 one-channel image holding 1..12 row by row, with an identity lut (byte v → v). */
const SHAPE = { height: 3, width: 4, channels: 1 };
const IMAGE = Uint8Array.from({ length: 12 }, (_, i) => i + 1);
const IDENTITY = Float32Array.from({ length: 256 }, (_, v) => v);

/** An Rng that answers int() and next() from scripted values, to pin the random draws. */
function scripted(ints: number[], floats: number[] = []): Rng {
  return { int: () => ints.shift()!, next: () => floats.shift()! } as unknown as Rng;
}

function augmented(options: AugmentOptions, rng: Rng): number[][] {
  const out = new Float32Array(12);
  writeSample(out, 0, IMAGE, 0, SHAPE, IDENTITY, augmentOptionsSchema.parse(options), rng);
  return [0, 1, 2].map((y) => Array.from(out.subarray(y * 4, y * 4 + 4)));
}

describe('augmentation geometry', () => {
  it('leaves the image alone with no augmentation', () => {
    expect(augmented({}, scripted([]))).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
      [9, 10, 11, 12],
    ]);
  });

  it('crops the zero-padded image: offsets 0 and 2p are the extreme shifts', () => {
    // Padding 1, crop at row 0, column 2 of the padded image: shifted down 1, left 1.
    expect(augmented({ crop: true, cropPadding: 1 }, scripted([0, 2]))).toEqual([
      [0, 0, 0, 0],
      [2, 3, 4, 0],
      [6, 7, 8, 0],
    ]);
    // Crop at the centre (p, p) is the original image.
    expect(augmented({ crop: true, cropPadding: 2 }, scripted([2, 2]))[1]).toEqual([5, 6, 7, 8]);
  });

  it('flips horizontally when the draw is below 0.5, after cropping', () => {
    expect(augmented({ flip: true }, scripted([], [0.49]))).toEqual([
      [4, 3, 2, 1],
      [8, 7, 6, 5],
      [12, 11, 10, 9],
    ]);
    expect(augmented({ flip: true }, scripted([], [0.5]))[0]).toEqual([1, 2, 3, 4]);
    expect(augmented({ crop: true, cropPadding: 1, flip: true }, scripted([1, 2], [0]))[0]).toEqual([0, 4, 3, 2]);
  });

  it('cuts out a length x length square around the drawn centre, clipped at the borders', () => {
    // Centre (1, 1), length 2: rows 0..1, columns 0..1.
    expect(augmented({ cutout: true, cutoutLength: 2 }, scripted([1, 1]))).toEqual([
      [0, 0, 3, 4],
      [0, 0, 7, 8],
      [9, 10, 11, 12],
    ]);
    // Centre (2, 3), length 3 (half 1): rows 1..2, columns 2..3, clipped at the bottom-right.
    expect(augmented({ cutout: true, cutoutLength: 3 }, scripted([2, 3]))).toEqual([
      [1, 2, 3, 4],
      [5, 6, 0, 0],
      [9, 10, 0, 0],
    ]);
  });
});

/** The reference pipeline written plainly: pad, crop, flip, to tensor, normalize, cutout. */
function reference(set: ImageSet, pad: number, length: number, mean: number[], std: number[], rng: Rng): number[] {
  const { height: h, width: w, channels: c } = set;
  const at = (y: number, x: number, k: number): number =>
    y >= 0 && y < h && x >= 0 && x < w ? set.images[(y * w + x) * c + k] : 0;
  const i = rng.int(2 * pad + 1);
  const j = rng.int(2 * pad + 1);
  const flip = rng.next() < 0.5;
  const cy = rng.int(h);
  const cx = rng.int(w);
  const half = Math.floor(length / 2);
  const out: number[] = [];
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let k = 0; k < c; k++) {
        const cropX = flip ? w - 1 - x : x;
        // DARTS Cutout: mask[clip(cy - L // 2) : clip(cy + L // 2), same for x] = 0.
        const cut = Math.abs(y - cy + 0.5) < half && Math.abs(x - cx + 0.5) < half;
        out.push(cut ? 0 : (at(y + i - pad, cropX + j - pad, k) / 255 - mean[k]) / std[k]);
      }
  return out;
}

describe('augmented batches', () => {
  it('match the reference pipeline draw for draw, padding with normalized zero', () => {
    const h = 5;
    const w = 6;
    const c = 2;
    const set: ImageSet = {
      images: Uint8Array.from({ length: h * w * c }, (_, i) => 200 + (i % 50)),
      labels: new Int32Array([0]),
      count: 1,
      height: h,
      width: w,
      channels: c,
      numClasses: 1,
    };
    const mean = [0.4, 0.6];
    const std = [0.2, 0.3];
    const l = new BatchLoader(set, {
      batchSize: 1,
      rng: new Rng(3),
      mean,
      std,
      shuffle: false,
      augment: { crop: true, cropPadding: 2, flip: true, cutout: true, cutoutLength: 2 },
    });
    const twin = new Rng(3);
    let padded = 0;
    for (let n = 0; n < 40; n++) {
      const { x, y } = l.next();
      const got = Array.from(x.dataSync());
      tf.dispose([x, y]);
      const expected = reference(set, 2, 2, mean, std, twin);
      got.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
      padded += got.filter((v, i) => Math.abs(v - (0 - mean[i % c]) / std[i % c]) < 1e-6).length;
    }
    expect(padded).toBeGreaterThan(0);
  });
});
