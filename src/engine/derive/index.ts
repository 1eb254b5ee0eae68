import { defaultConcat } from '../genotype';
import type { Genotype } from '../genotype';
import { dartsTop2 } from './darts-top2';
import { fixedEdgeArgmax } from './fixed-edge-argmax';
import type { DeriveContext, DeriveRule } from './rule';
import { sigmoidThreshold } from './sigmoid-threshold';
import { DEFAULT_NODES } from './weights';

/** A new rule is one module plus one line here. */
export const deriveRules: readonly DeriveRule[] = [dartsTop2, sigmoidThreshold, fixedEdgeArgmax];

export function getDeriveRule(id: string): DeriveRule {
  const rule = deriveRules.find((r) => r.id === id);
  if (!rule) throw new RangeError(`unknown derivation rule '${id}'; known: ${deriveRules.map((r) => r.id).join(', ')}`);
  return rule;
}

/** Both cells with one rule; every intermediate node is concatenated, as in the reference. */
export function deriveGenotype(
  rule: DeriveRule,
  weights: { normal: readonly (readonly number[])[]; reduce: readonly (readonly number[])[] },
  ctx: DeriveContext,
): Genotype {
  const concat = defaultConcat(ctx.nodes ?? DEFAULT_NODES);
  return {
    normal: rule.derive(weights.normal, ctx),
    normalConcat: concat,
    reduce: rule.derive(weights.reduce, ctx),
    reduceConcat: [...concat],
  };
}

export type { DeriveContext, DeriveRule, ResolvedContext } from './rule';
export { defineDeriveRule } from './rule';
export { dartsTop2 } from './darts-top2';
export { sigmoidThreshold } from './sigmoid-threshold';
export { fixedEdgeArgmax, precedingPairEdges } from './fixed-edge-argmax';
export { SKIP_OP, capSkipConnect } from './skip-cap';
export type { SkipCapResult } from './skip-cap';
export { countArchitectures } from './space-size';
export type { SpaceShape } from './space-size';
export {
  DARTS_PRIMITIVES,
  DEFAULT_NODES,
  NONE_OP,
  bestOp,
  checkWeights,
  dagEdgeCount,
  dagEdgeRow,
  sigmoidRows,
  softmaxRows,
} from './weights';
