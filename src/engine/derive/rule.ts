import type { z } from 'zod';
import type { GenotypeEdge } from '../genotype';
import { DEFAULT_NODES } from './weights';

export interface DeriveContext {
  /** Op names in α column order. */
  primitives: readonly string[];
  /** Intermediate nodes per cell; 4 when omitted. */
  nodes?: number;
  /** Rule options; the rule validates them and fills defaults with its `optionsSchema`. */
  options?: unknown;
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
}

export interface ResolvedContext<O> {
  primitives: readonly string[];
  nodes: number;
  options: O;
}

interface RuleSpec<S extends z.ZodType> extends Omit<DeriveRule, 'optionsSchema' | 'derive'> {
  optionsSchema: S;
  derive(weights: readonly (readonly number[])[], ctx: ResolvedContext<z.output<S>>): GenotypeEdge[];
}

/** Lets a rule be written against its typed, defaulted options while the registry stays uniform. */
export function defineDeriveRule<S extends z.ZodType>(spec: RuleSpec<S>): DeriveRule {
  return {
    ...spec,
    derive: (weights, ctx) =>
      spec.derive(weights, {
        primitives: ctx.primitives,
        nodes: ctx.nodes ?? DEFAULT_NODES,
        options: spec.optionsSchema.parse(ctx.options ?? {}),
      }),
  };
}
