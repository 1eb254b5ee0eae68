import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { Rng } from '../util/rng';
import type { RegularizerEntry } from './types';

const options = z
  .object({
    flip: z.boolean().default(false).meta({ title: 'Random horizontal flip' }).describe('Horizontal flip with probability 0.5'),
    maxShift: z.number().min(0).default(0).meta({ title: 'Largest shift (px)' }).describe('Translation, uniform in ±maxShift pixels on each axis'),
    maxRotation: z.number().min(0).max(180).default(0).meta({ title: 'Largest rotation (degrees)' }).describe('Rotation, uniform in ±maxRotation degrees about the centre'),
    maxScale: z.number().min(0).lt(1).default(0).meta({ title: 'Largest scale change' }).describe('Scaling, uniform in 1 ± maxScale about the centre'),
    noiseStd: z.number().min(0).default(0).meta({ title: 'Gaussian noise (std)' }).describe('Additive Gaussian noise (on normalised pixels), standard deviation'),
  })
  .strict();

/**
 * AllegroNAS's auxiliary augmentation (CMC 2024 §3.5) names translation, rotation, scaling,
 * flipping and noise, and cites AutoAugment, but specifies no policy: each transform is an option
 * here, all off by default. Applied on the device to every training-split batch (w and α batches)
 * as one projective transform per image (bilinear, zero fill = the normalised mean), then noise.
 * Search-time Cutout, crop and flip are also available in data.augment (host side).
 */
export const augment: RegularizerEntry<typeof options> = {
  id: 'augment',
  title: 'Data augmentation policy (AllegroNAS)',
  paper: 'AllegroNAS (CMC 2024) §3.5',
  optionsSchema: options,
  create: (o) => ({
    transformBatch: (batch, seed) => {
      const geometric = o.flip || o.maxShift > 0 || o.maxRotation > 0 || o.maxScale > 0;
      if (!geometric && o.noiseStd === 0) return batch;
      const [n, h, w] = batch.x.shape;
      const rng = new Rng(seed);
      const uniform = (m: number) => (2 * rng.next() - 1) * m;
      const x = tf.tidy(() => {
        let out: tf.Tensor4D = batch.x;
        if (geometric) {
          const rows: number[] = [];
          const [cx, cy] = [(w - 1) / 2, (h - 1) / 2];
          for (let i = 0; i < n; i++) {
            const theta = (uniform(o.maxRotation) * Math.PI) / 180;
            const s = 1 + uniform(o.maxScale);
            const [tx, ty] = [uniform(o.maxShift), uniform(o.maxShift)];
            const flip = o.flip && rng.next() < 0.5;
            // Output pixel p → input pixel c + R(−θ)/s · (p − c − t); a flip first mirrors p's x to w − 1 − x.
            const [co, si] = [Math.cos(theta) / s, Math.sin(theta) / s];
            const a2 = cx - co * (cx + tx) - si * (cy + ty);
            const b2 = cy + si * (cx + tx) - co * (cy + ty);
            rows.push(...(flip ? [-co, si, a2 + co * (w - 1), si, co, b2 - si * (w - 1)] : [co, si, a2, -si, co, b2]), 0, 0);
          }
          out = tf.image.transform(out, tf.tensor2d(rows, [n, 8]), 'bilinear', 'constant', 0);
        }
        if (o.noiseStd > 0) out = tf.add(out, tf.randomNormal(out.shape, 0, o.noiseStd, 'float32', rng.nextUint32()));
        return out;
      });
      return { x, y: tf.clone(batch.y) };
    },
  }),
};
