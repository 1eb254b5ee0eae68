import { z } from 'zod';
import { searchConfigSchema } from './config';
import { GENOTYPE_LIMITS } from './genotype-limits';

// The engine's event stream as zod schemas: events cross process boundaries (worker → host) and
// the network (host → browser), so each side can check what it receives. The TS types in
// search-events.ts are inferred from these: one definition.

// A diverging search reports NaN or Infinity losses: still data to record, so metrics accept them
// (z.number() would not).
export const metric = z.custom<number>((v) => typeof v === 'number', 'expected a number');
/**
 * When a metric was recorded: Unix milliseconds at the end of its step or epoch (Compare's time
 * axes). Optional: streams recorded before NAS Studio stamped metrics have none.
 */
const recordedAt = z.number().int().optional();
const matrix = z.array(z.array(metric));

/*
 * A derived cell pair in the reference's JSON shape (what the CLI prints and the store keeps):
 *   {"normal": [["sep_conv_3x3", 0], ...], "normal_concat": [2, 3, 4, 5], "reduce": ..., "reduce_concat": ...}
 * An edge is [op, input], or [op, input, node] in a cell that needs explicit nodes (the second
 * element is always the input, unlike FairDARTS's Python tuples). An Att-DARTS edge appends its
 * attention module, [op, input, attention] as the Att-DARTS reference's tuples, or
 * [op, input, node, attention]: a string third element is an attention, a number a node. A genotype with one architecture
 * per cell adds "cells": [{"reduce": false, "edges": [...], "concat": [2, 3, 4, 5]}, ...] in network
 * order; "normal"/"reduce" then hold its first normal and first reduction cell.
 */
const index = z.number().int().nonnegative().max(GENOTYPE_LIMITS.maxState);
const name = z.string().max(GENOTYPE_LIMITS.name);
const genotypeEdge = z.union([
  z.tuple([name, index]),
  z.tuple([name, index, index]),
  z.tuple([name, index, name]),
  z.tuple([name, index, index, name]),
]);
const edges = z.array(genotypeEdge).max(GENOTYPE_LIMITS.edges);
const concat = z.array(index).max(GENOTYPE_LIMITS.concat);

export const genotypeJsonSchema = z.strictObject({
  normal: edges,
  normal_concat: concat,
  reduce: edges,
  reduce_concat: concat,
  /** Every cell in network order, when each cell has its own architecture (Amended-DARTS S2, α per cell). */
  cells: z.array(z.strictObject({ reduce: z.boolean(), edges, concat })).max(GENOTYPE_LIMITS.cells).optional(),
  /** How the searched space built its conv ops, when not at their defaults (Allegro widths and depths, group convolution). */
  op_options: z
    .strictObject({
      groups: z.number().int().min(1).max(64).optional(),
      midMultiplier: z.number().int().min(1).max(8).optional(),
      extraDepth: z.number().int().min(0).max(4).optional(),
    })
    .optional(),
});

/** The TF.js backend a run got. */
// threads: absent in runs recorded before the wasm backend ran on several threads.
export const backendInfoSchema = z.object({ name: z.string(), provider: z.string(), gpu: z.boolean(), tfjsVersion: z.string(), threads: z.number().int().min(1).optional() });

/** The data a run trains on, as loaded. */
export const datasetInfoSchema = z.object({
  id: z.string(),
  title: z.string(),
  source: z.string(),
  height: z.number().int(),
  width: z.number().int(),
  channels: z.number().int(),
  classes: z.number().int(),
  classNames: z.array(z.string()).optional(),
});

/** What every training step reports, search or retraining. */
export const stepFields = {
  type: z.literal('step'),
  epoch: z.number().int(),
  step: z.number().int(),
  stepsPerEpoch: z.number().int(),
  trainLoss: metric,
  trainAcc: metric,
  lr: metric,
  gradNorm: metric,
  /** Seconds spent in the w step. */
  weightTime: metric,
  time: recordedAt,
};

export const runMetadataSchema = z.object({
  backend: backendInfoSchema,
  /** Trainable weights of the supernet, α excluded (a random search: of its largest sampled network). */
  params: z.number().int(),
  alphaGroups: z.record(z.string(), z.tuple([z.number().int(), z.number().int()])),
  /** Architectures the space can derive with the run's rule, exact in decimal (null: the rule has no count). */
  architectures: z.string().nullable().optional(),
  primitives: z.array(z.string()),
  /** Att-DARTS: the attention modules, the column names of the β groups ('<α group>_attention'). */
  attentions: z.array(z.string()).optional(),
  stepsPerEpoch: z.number().int(),
  /** Whether cell nodes recompute their interior during backprop (config `checkpoint`); absent in runs from before it existed. */
  checkpointing: z.boolean().optional(),
  trainExamples: z.number().int(),
  valExamples: z.number().int(),
  dataset: datasetInfoSchema,
});

export const searchEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start'), config: searchConfigSchema, meta: runMetadataSchema, resumedFromEpoch: z.number().int().nullable() }),
  z.object({
    ...stepFields,
    /** L_val where the α gradient was taken. */
    valLoss: metric,
    archLr: metric,
    /** Seconds spent in the α step. */
    archTime: metric,
  }),
  z.object({
    type: z.literal('epoch'),
    epoch: z.number().int(),
    epochs: z.number().int(),
    trainLoss: metric,
    trainAcc: metric,
    /** Validation split, evaluated in inference mode (running BN statistics), as the reference's infer(). */
    valLoss: metric,
    valAcc: metric,
    lr: metric,
    seconds: metric,
    time: recordedAt,
  }),
  z.object({ type: z.literal('alpha'), epoch: z.number().int(), raw: z.record(z.string(), matrix), weights: z.record(z.string(), matrix) }),
  z.object({ type: z.literal('genotype'), epoch: z.number().int(), genotype: genotypeJsonSchema }),
  /** Per-epoch named scalars: collapse indicators, gradient norms, scheduled values (src/engine/search/diagnostics.ts). */
  z.object({ type: z.literal('diagnostics'), epoch: z.number().int(), values: z.record(z.string(), metric) }),
  z.object({ type: z.literal('checkpoint'), epoch: z.number().int(), path: z.string() }),
  z.object({ type: z.literal('done'), epochs: z.number().int(), genotype: genotypeJsonSchema, seconds: metric }),
  z.object({ type: z.literal('cancelled'), epoch: z.number().int(), step: z.number().int() }),
  /**
   * A progressive (P-DARTS) search starts a stage; the epochs of all events count across stages
   * (stage s covers epochs firstEpoch … firstEpoch + epochs − 1).
   */
  z.object({
    type: z.literal('stage'),
    /** 0-based. */
    stage: z.number().int(),
    stages: z.number().int(),
    cells: z.number().int(),
    channels: z.number().int(),
    firstEpoch: z.number().int(),
    epochs: z.number().int(),
    /** Ops each edge searches in this stage (P-DARTS: 8, 5, 3). */
    opsPerEdge: z.number().int(),
    /** Initial skip-connect dropout rate of the stage (it decays within the stage). */
    skipDropout: metric,
    /** Per α group, per edge, the ops searched. */
    candidates: z.record(z.string(), z.array(z.array(z.string()))),
  }),
]);
