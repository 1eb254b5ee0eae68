import type { z } from 'zod';
import type { CellType, GenotypeEdge } from '../genotype';
import { allPreviousEdges } from '../spaces/edges';
import type { CellEdge } from '../spaces/types';
import type { CellCountInput } from './space-size';
import { DEFAULT_NODES } from './weights';

export interface DeriveContext {
  /** Op names in α column order. */
  primitives: readonly string[];
  /** Intermediate nodes per cell; 4 when omitted. */
  nodes?: number;
  /** The cell's edges in weight-row order (the space's list); the full DARTS DAG when omitted. */
  edges?: readonly CellEdge[];
  /** The kind of cell derived ('normal' when omitted): the P-DARTS skip cap reads it. */
  cell?: CellType;
  /** Rule options; the rule validates them and fills defaults with its `optionsSchema`. */
  options?: unknown;
  /** Att-DARTS: the cell's attention weights (β, relaxed), rows as the α rows, columns `modules`. */
  attention?: AttentionWeights;
}

export interface AttentionWeights {
  modules: readonly string[];
  weights: readonly (readonly number[])[];
}

/** A rule turning one cell's weights into its kept edges (genotype model, either layout). */
export interface DeriveRule {
  id: string;
  title: string;
  description: string;
  optionsSchema: z.ZodType;
  /** Which normalisation of α the rule expects the caller to pass. */
  normalization: 'softmax' | 'sigmoid';
  derive(weights: readonly (readonly number[])[], ctx: DeriveContext): GenotypeEdge[];
  /** How many different cells the rule can derive (for the reported search-space size). */
  countCell?(cell: CellCountInput, options?: unknown): bigint;
}

export interface ResolvedContext<O> {
  primitives: readonly string[];
  nodes: number;
  edges: readonly CellEdge[];
  cell: CellType;
  options: O;
  attention?: AttentionWeights;
}

interface RuleSpec<S extends z.ZodType> extends Omit<DeriveRule, 'optionsSchema' | 'derive' | 'countCell'> {
  optionsSchema: S;
  derive(weights: readonly (readonly number[])[], ctx: ResolvedContext<z.output<S>>): GenotypeEdge[];
  countCell?(cell: CellCountInput, options: z.output<S>): bigint;
}

/** Lets a rule be written against its typed, defaulted options while the registry stays uniform. */
export function defineDeriveRule<S extends z.ZodType>(spec: RuleSpec<S>): DeriveRule {
  const { countCell } = spec;
  return {
    ...spec,
    countCell: countCell && ((cell, options) => countCell(cell, spec.optionsSchema.parse(options ?? {}))),
    derive: (weights, ctx) => {
      const nodes = ctx.nodes ?? DEFAULT_NODES;
      const edges = ctx.edges ?? allPreviousEdges(nodes);
      const bad = edges.find((e) => e.to < 0 || e.to >= nodes || e.from < 0 || e.from >= e.to + 2);
      if (bad) throw new RangeError(`edge ${bad.from} → node ${bad.to} does not fit a ${nodes}-node cell`);
      return spec.derive(weights, {
        primitives: ctx.primitives,
        nodes,
        edges,
        cell: ctx.cell ?? 'normal',
        options: spec.optionsSchema.parse(ctx.options ?? {}),
        attention: ctx.attention,
      });
    },
  };
}
