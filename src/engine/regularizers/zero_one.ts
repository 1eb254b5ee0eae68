import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { EpochMeans } from '../strategies/weights';
import type { RegularizerEntry } from './types';

const options = z
  .object({
    weight: z.number().min(0).default(10).meta({ title: 'Zero-one loss weight' }).describe('w01 in L = CE + w01·L01 (FairDARTS code: aux_loss_weight 10)'),
    norm: z
      .enum(['l2', 'l1'])
      .default('l2')
      .meta({ title: 'Norm' }).describe("'l2': L01 = −mean((σ(α) − 0.5)²) (ConvSeparateLoss); 'l1': −mean|σ(α) − 0.5| (TriSeparateLoss)"),
  })
  .strict();

/**
 * Fair DARTS's zero-one loss, which pushes every σ(α) towards 0 or 1 (D3 Alg. 3 step 3; formula
 * and weight from xiaomi-automl/FairDARTS separate_loss.py): the mean runs over every α element of
 * every group (normal and reduce concatenated), always through the sigmoid as in that code.
 */
export const zeroOne: RegularizerEntry<typeof options> = {
  id: 'zero-one',
  title: 'Zero-one loss (Fair DARTS)',
  paper: 'Chu et al., Fair DARTS (ECCV 2020); D3 §2.3, Alg. 3',
  optionsSchema: options,
  create: ({ weight, norm }) => {
    const means = new EpochMeans();
    return {
      archPenalty: (alphas) => {
        const l01 = tf.tidy(() => {
          const d = tf.sub(tf.sigmoid(tf.concat(alphas.map((a) => tf.reshape(a, [-1])))), 0.5);
          return tf.neg(tf.mean(norm === 'l2' ? tf.square(d) : tf.abs(d))) as tf.Scalar;
        });
        means.add({ 'zero-one.l01': l01.dataSync()[0] });
        const out = tf.mul(l01, weight) as tf.Scalar;
        l01.dispose();
        return out;
      },
      diagnostics: () => means.flush(),
    };
  },
};
