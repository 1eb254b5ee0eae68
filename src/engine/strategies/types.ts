import type * as tf from '@tensorflow/tfjs';
import type { z } from 'zod';
import type { Sgd } from '../optim';
import type { Supernet } from '../supernet';

export interface Batch {
  x: tf.Tensor4D;
  y: tf.Tensor1D;
}

export interface ArchStepInput {
  net: Supernet;
  train: Batch;
  val: Batch;
  /** The weight learning rate of this epoch: ξ of the one-step unroll. */
  lr: number;
  /** The w optimizer (its state and update rule define the one-step unroll). */
  weightOptimizer: Sgd;
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
  create(options: z.output<S>): Strategy;
}

export interface Strategy {
  archGradients(input: ArchStepInput): ArchGradients;
}
