import type * as tf from '@tensorflow/tfjs';
import type { z } from 'zod';
import type { Batch } from '../strategies';
import type { Supernet, SupernetOptions, SupernetOutput } from '../supernet';

/**
 * A search-time regularizer. Each hook is optional; the search loop calls them in the config's
 * order. Options may be scheduled per epoch (config `schedules`), so the loop creates regularizers
 * afresh each epoch with that epoch's options.
 */
export interface Regularizer {
  /**
   * A penalty R(α) on the architecture parameters alone: its gradient is added to the strategy's
   * α gradient, i.e. α descends L_α + R (any strategy, since R does not depend on w).
   */
  archPenalty?(alphas: tf.Variable[]): tf.Scalar;
  /** Sets the network up for the epoch's steps (e.g. the skip-connect dropout rate); `epochs` in the run (stage). */
  beginEpoch?(net: Supernet, epoch: number, epochs: number): void;
  /**
   * A term added to the weight step's loss only (never to the α step's losses), from that step's
   * training forward pass, e.g. the auxiliary tower's weighted cross-entropy.
   */
  weightLoss?(out: SupernetOutput, labels: tf.Tensor1D): tf.Scalar;
  /**
   * Transforms a training-split batch (the w batch and the α batch) on the device; `seed` is
   * fixed per step and batch, so a run is reproducible. Returns new tensors (the caller disposes
   * the inputs) or the batch itself when there is nothing to do.
   */
  transformBatch?(batch: Batch, seed: number): Batch;
  /** Values for this epoch's diagnostics event, named `<regularizer>.<value>`; reading resets them. */
  diagnostics?(): Record<string, number>;
}

export interface RegularizerEntry<S extends z.ZodType = z.ZodType> {
  id: string;
  title: string;
  paper: string;
  optionsSchema: S;
  /** What the supernet must be built with when the config names this regularizer (e.g. an auxiliary tower). */
  supernet?: Pick<SupernetOptions, 'auxiliary'>;
  create(options: z.output<S>): Regularizer;
}
