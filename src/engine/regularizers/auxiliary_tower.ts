import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { EpochMeans } from '../strategies/weights';
import { crossEntropy } from '../supernet';
import type { RegularizerEntry } from './types';

const options = z
  .object({
    weight: z.number().min(0).default(0.4).meta({ title: 'Auxiliary loss weight' }).describe('Weight of the tower’s cross-entropy in the weight step’s loss (the reference’s auxiliary_weight 0.4)'),
  })
  .strict();

/**
 * An auxiliary tower on the supernet (Amended-DARTS "consistency", D2 §3.5): the evaluation
 * network's AuxiliaryHeadCIFAR after the second reduction cell (2/3 depth), its cross-entropy
 * times `weight` added to the weight step's loss, as the reference's train.py. It is not added to
 * L_val for α, nor to the L_train inside second-order/amended α gradients: the paper says only
 * that the tower is added to search, and the tower is a training aid of w (the evaluation never
 * uses it at inference), so α is judged on the main classifier alone.
 */
export const auxiliaryTower: RegularizerEntry<typeof options> = {
  id: 'auxiliary-tower',
  title: 'Auxiliary tower (search–evaluation consistency)',
  paper: 'Amended-DARTS (D2 §3.5); AuxiliaryHeadCIFAR from the DARTS reference (model.py, train.py)',
  optionsSchema: options,
  supernet: { auxiliary: true },
  create: ({ weight }) => {
    const means = new EpochMeans();
    return {
      weightLoss: (out, labels) => {
        if (!out.auxLogits) throw new Error('the auxiliary-tower regularizer needs a supernet built with its tower');
        const ce = crossEntropy(out.auxLogits, labels);
        means.add({ 'auxiliary-tower.loss': ce.dataSync()[0] });
        return tf.mul(ce, weight) as tf.Scalar;
      },
      diagnostics: () => means.flush(),
    };
  },
};
