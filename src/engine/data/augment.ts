import { z } from 'zod';
import type { Rng } from '../util/rng';

/** The DARTS CIFAR training transforms, each off unless asked for. */
export const augmentOptionsSchema = z.object({
  /** Random crop of the image zero-padded by cropPadding on each side (torchvision RandomCrop). */
  crop: z.boolean().default(false),
  cropPadding: z.number().int().min(0).default(4),
  /** Horizontal flip with probability 0.5. */
  flip: z.boolean().default(false),
  /** Zero a cutoutLength square (clipped at the borders) of the normalized image, as DARTS's Cutout. */
  cutout: z.boolean().default(false),
  cutoutLength: z.number().int().positive().default(16),
});

export type AugmentOptions = z.input<typeof augmentOptionsSchema>;
export type Augment = z.output<typeof augmentOptionsSchema>;

export interface ImageShape {
  height: number;
  width: number;
  channels: number;
}

/**
 * Writes one uint8 HWC image into out at offset, normalized through lut (channel * 256 + byte
 * → value) and augmented in the reference order: crop, flip, then cutout. Padding is byte 0
 * normalized, as the reference pads before normalizing. Random draws, in order: crop row
 * offset, crop column offset, flip, cutout centre row, cutout centre column.
 */
export function writeSample(
  out: Float32Array,
  offset: number,
  src: Uint8Array,
  srcOffset: number,
  { height: h, width: w, channels: c }: ImageShape,
  lut: Float32Array,
  aug: Augment,
  rng: Rng,
): void {
  let dy = 0;
  let dx = 0;
  if (aug.crop) {
    const p = aug.cropPadding;
    dy = rng.int(2 * p + 1) - p;
    dx = rng.int(2 * p + 1) - p;
  }
  const flip = aug.flip && rng.next() < 0.5;
  let o = offset;
  for (let y = 0; y < h; y++) {
    const sy = y + dy;
    for (let x = 0; x < w; x++) {
      const sx = (flip ? w - 1 - x : x) + dx;
      const inside = sy >= 0 && sy < h && sx >= 0 && sx < w;
      const s = srcOffset + (sy * w + sx) * c;
      for (let k = 0; k < c; k++) out[o++] = lut[k * 256 + (inside ? src[s + k] : 0)];
    }
  }
  if (aug.cutout) {
    const cy = rng.int(h);
    const cx = rng.int(w);
    const half = Math.floor(aug.cutoutLength / 2);
    const x0 = Math.max(cx - half, 0);
    const x1 = Math.min(cx + half, w);
    for (let y = Math.max(cy - half, 0); y < Math.min(cy + half, h); y++) {
      out.fill(0, offset + (y * w + x0) * c, offset + (y * w + x1) * c);
    }
  }
}
