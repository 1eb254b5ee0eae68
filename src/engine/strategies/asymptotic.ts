import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { globalNorm } from '../optim';
import { linear } from '../schedules/linear';
import type { StrategyEntry } from './types';
import { unrolledArchGrads } from './unrolled';
import { EpochMeans, weightedArchGrads } from './weights';

const options = z
  .object({
    chiMax: z.number().min(0).default(0.1).meta({ title: 'Largest regularization weight (χ max)' }).describe('χ_max (paper: 0.1)'),
    chiMin: z.number().min(0).default(0).meta({ title: 'Smallest regularization weight (χ min)' }).describe('χ_min (paper: 0)'),
    rampEpochs: z.number().int().min(1).default(25).meta({ title: 'Ramp length (epochs)' }).describe('H, the epochs over which χ ramps (paper: 25)'),
    clamp: z.boolean().default(true).meta({ title: 'Hold χ after the ramp' }).describe('Hold χ once τ passes H (the paper does not say; default: hold)'),
    chiForm: z
      .enum(['literal', 'offset'])
      .default('literal')
      .meta({ title: 'χ formula' }).describe("'literal': χ = (χ_max − χ_min)/H·τ as printed (Eq. 6); 'offset': χ_min + (χ_max − χ_min)/H·τ (same when χ_min = 0)"),
    unrolled: z.boolean().default(true).meta({ title: 'Second-order (unrolled) gradient' }).describe('Second-order unrolled terms (paper Eq. 5); false: both at the current w (first order)'),
    r: z.number().positive().default(0.01).meta({ title: 'Finite-difference scale' }).describe('Finite-difference scale: σ = r/‖∇_w′ L‖ (paper: 0.01)'),
  })
  .strict();

/**
 * AllegroNAS asymptotic regularisation (CMC 2024 §3.3, Eq. 4–6):
 *   α ← α − ℓ_α (∇_α L_val(w*, α) + χ · ∇_α L_train(w*, α)),
 * each term the second-order unrolled gradient of Eq. 5 (its own σ_val, σ_train), with
 * χ = (χ_max − χ_min)/H · τ, τ the epoch counted from 0 (so χ = 0 in the first epoch and
 * 0.004·τ with the paper's values). At χ = 0 the χ term is skipped: second-order DARTS exactly.
 */
export const asymptotic: StrategyEntry<typeof options> = {
  id: 'asymptotic',
  title: 'AllegroNAS asymptotic regularisation',
  paper: 'AllegroNAS (CMC 2024, vol. 78 no. 2) §3.3, Eq. 4–6',
  optionsSchema: options,
  create: (o) => {
    const start = o.chiForm === 'offset' ? o.chiMin : 0;
    const chiAt = (epoch: number) => linear.value(epoch, o.rampEpochs, start, start + o.chiMax - o.chiMin, { extrapolate: !o.clamp });
    const means = new EpochMeans();
    return {
      archGradients: (input) => {
        const chi = chiAt(input.progress.epoch);
        let out: tf.Tensor[];
        let valLoss: number;
        let trainTerm = 0;
        if (!o.unrolled) {
          const terms = [{ batch: input.val, coef: 1 }, ...(chi ? [{ batch: input.train, coef: chi }] : [])];
          const r = weightedArchGrads(input.net, terms);
          [out, valLoss] = [r.grads, r.losses[0]];
        } else {
          const [val, train] = unrolledArchGrads(input, chi ? [input.val, input.train] : [input.val], o.r);
          valLoss = val.loss;
          out = val.grads;
          if (train) {
            trainTerm = chi * globalNorm(train.grads);
            out = val.grads.map((g, i) => tf.tidy(() => tf.add(g, tf.mul(train.grads[i], chi))));
            tf.dispose([...val.grads, ...train.grads]);
          }
        }
        means.add({ 'asymptotic.chi': chi, 'asymptotic.train_term_norm': trainTerm });
        return { grads: out, valLoss };
      },
      diagnostics: () => means.flush(),
    };
  },
};
