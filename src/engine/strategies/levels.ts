import { z } from 'zod';
import type { StrategyEntry } from './types';
import { weightedArchGrads } from './weights';

/**
 * Single-level optimisation (DARTS §3.3's baseline, MS-DARTS): α descends the training loss on
 * the same train batch as w, ∇_α L_train(w, α). No val batch is used for α, so the step's
 * `valLoss` reports this α objective, L_train. With data.trainPortion 1, α and w train on the same
 * batches drawn from all the training data, as DARTS's single-level baseline does.
 */
export const singleLevel: StrategyEntry = {
  id: 'single-level',
  title: 'Single-level (α on the training loss)',
  paper: 'Liu et al. 2019 §3.3 (single-level baseline)',
  optionsSchema: z.object({}).strict(),
  trainOnly: true,
  create: () => ({
    archGradients: ({ net, train }) => {
      const { grads, losses } = weightedArchGrads(net, [{ batch: train, coef: 1 }]);
      return { grads, valLoss: losses[0] };
    },
  }),
};

const mixedOptions = z
  .object({
    lambda: z.number().min(0).default(1).meta({ title: 'Validation-gradient weight (λ)' }).describe('λ in ∇_α L_train + λ·∇_α L_val (MiLeNAS code default: 1)'),
  })
  .strict();

/** Mixed-level (MiLeNAS, He et al. CVPR 2020): α ← α − ℓ_α (∇_α L_train + λ · ∇_α L_val), first order. */
export const mixedLevel: StrategyEntry<typeof mixedOptions> = {
  id: 'mixed-level',
  title: 'Mixed-level (MiLeNAS)',
  paper: 'He et al., MiLeNAS (CVPR 2020), Eq. 7',
  optionsSchema: mixedOptions,
  create: ({ lambda }) => ({
    archGradients: ({ net, train, val }) => {
      const { grads, losses } = weightedArchGrads(net, [
        { batch: val, coef: lambda },
        { batch: train, coef: 1 },
      ]);
      return { grads, valLoss: losses[0] };
    },
  }),
};
