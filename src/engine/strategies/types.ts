import type * as tf from '@tensorflow/tfjs';
import type { z } from 'zod';
import type { Sgd } from '../optim';
import type { Ctx } from '../nn/layers';

export interface Batch {
  x: tf.Tensor4D;
  y: tf.Tensor1D;
}

/**
 * What a strategy differentiates: the supernet, or any model with weights, α and a batch loss
 * (the tests use a quadratic whose Hessians are known exactly).
 */
export interface ArchModel {
  weights(): tf.Variable[];
  alphaList(): tf.Variable[];
  loss(x: tf.Tensor4D, labels: tf.Tensor1D, ctx: Ctx): { loss: tf.Scalar };
  /** State that a training-mode forward changes (BN running statistics). */
  readonly params: { readonly buffers: ReadonlyMap<string, tf.Variable> };
}

export interface ArchStepInput {
  net: ArchModel;
  train: Batch;
  val: Batch;
  /** The weight learning rate of this epoch: ξ of the one-step unroll. */
  lr: number;
  /** The w optimizer (its state and update rule define the one-step unroll). */
  weightOptimizer: Pick<Sgd, 'lookahead'>;
  /** Where the search stands: for strategies whose coefficients move with the epoch (χ). */
  progress: { epoch: number; epochs: number };
}

export interface ArchGradients {
  /** Aligned with `net.alphaList()`; the caller disposes them. */
  grads: tf.Tensor[];
  /** L_val at the point where the α gradient was taken (w, or w' when unrolled). */
  valLoss: number;
}

/** How the α gradient is formed. Entries are registry items with a validated options schema. */
export interface StrategyEntry<S extends z.ZodType = z.ZodType> {
  id: string;
  title: string;
  paper: string;
  optionsSchema: S;
  /** α descends the training loss on the w batch and never reads a val batch, so a search may give all the data to training (data.trainPortion 1). */
  trainOnly?: true;
  create(options: z.output<S>): Strategy;
}

export interface Strategy {
  archGradients(input: ArchStepInput): ArchGradients;
  /**
   * Values for this epoch's diagnostics event (e.g. means over its steps of gradient norms),
   * named `<strategy>.<value>`; reading them starts the next epoch's accumulation.
   */
  diagnostics?(): Record<string, number>;
}
