import { defaultConcat } from '../genotype';
import type { CellGenotype, CellType, Genotype } from '../genotype';
import type { SearchSpace } from '../spaces/types';
import { attDarts } from './att-darts';
import { dartsTop2 } from './darts-top2';
import { fixedEdgeArgmax } from './fixed-edge-argmax';
import type { DeriveContext, DeriveRule } from './rule';
import { sigmoidThreshold } from './sigmoid-threshold';
import { pdartsSkipCap } from './skip-cap';
import { alphaGroupCells } from './space-size';
import { DEFAULT_NODES } from './weights';

/** A new rule is one module plus one line here. */
export const deriveRules: readonly DeriveRule[] = [dartsTop2, sigmoidThreshold, fixedEdgeArgmax, pdartsSkipCap, attDarts];

export function getDeriveRule(id: string): DeriveRule {
  const rule = deriveRules.find((r) => r.id === id);
  if (!rule) throw new RangeError(`unknown derivation rule '${id}'; known: ${deriveRules.map((r) => r.id).join(', ')}`);
  return rule;
}

type Rows = readonly (readonly number[])[];

/**
 * Both cells with one rule; every intermediate node is concatenated, as in the reference.
 * `attention`: an Att-DARTS space's β weights per cell type and its module names.
 */
export function deriveGenotype(
  rule: DeriveRule,
  weights: { normal: Rows; reduce: Rows },
  ctx: Omit<DeriveContext, 'cell' | 'attention'>,
  attention?: { modules: readonly string[]; normal: Rows; reduce: Rows },
): Genotype {
  const concat = defaultConcat(ctx.nodes ?? DEFAULT_NODES);
  const of = (cell: CellType) => ({ ...ctx, cell, ...(attention && { attention: { modules: attention.modules, weights: attention[cell] } }) });
  return {
    normal: rule.derive(weights.normal, of('normal')),
    normalConcat: concat,
    reduce: rule.derive(weights.reduce, of('reduce')),
    reduceConcat: [...concat],
  };
}

/**
 * The genotype of a searched network from its relaxed α (the supernet's mixing weights), one
 * matrix per α group as the supernet names them ('normal'/'reduce' when shared, 'cell<i>' when
 * each cell has its own). A per-cell space yields `cells`, every cell in network order, with
 * `normal`/`reduce` set to its first normal and first reduction cell.
 */
export function deriveArchitecture(
  rule: DeriveRule,
  weights: Readonly<Record<string, readonly (readonly number[])[]>>,
  { space, layers, options }: { space: SearchSpace; layers: number; options?: unknown },
  attention?: Parameters<typeof deriveGenotype>[3],
): Genotype {
  const ctx = { primitives: space.primitives, nodes: space.nodes, edges: space.edges(space.nodes), options };
  const alphaOf = (group: string) => {
    const w = weights[group];
    if (!w) throw new RangeError(`no α for group '${group}' (have: ${Object.keys(weights).join(', ')})`);
    return w;
  };
  if (space.alphaSharing === 'per-type') return deriveGenotype(rule, { normal: alphaOf('normal'), reduce: alphaOf('reduce') }, ctx, attention);
  const concat = defaultConcat(space.nodes);
  const cells: CellGenotype[] = alphaGroupCells(space, layers).map((cell: CellType, i) => ({
    reduce: cell === 'reduce',
    edges: rule.derive(alphaOf(`cell${i}`), { ...ctx, cell }),
    concat: [...concat],
  }));
  const first = (reduce: boolean) => {
    const c = cells.find((x) => x.reduce === reduce);
    if (!c) throw new RangeError(`a ${layers}-cell network has no ${reduce ? 'reduction' : 'normal'} cell`);
    return c;
  };
  const [normal, reduce] = [first(false), first(true)];
  return { normal: normal.edges, normalConcat: [...concat], reduce: reduce.edges, reduceConcat: [...concat], cells };
}

export type { AttentionWeights, DeriveContext, DeriveRule, ResolvedContext } from './rule';
export { defineDeriveRule } from './rule';
export { dartsTop2, topEdges } from './darts-top2';
export { attDarts } from './att-darts';
export { sigmoidThreshold } from './sigmoid-threshold';
export { fixedEdgeArgmax } from './fixed-edge-argmax';
export { SKIP_OP, capSkipConnect, pdartsSkipCap } from './skip-cap';
export type { SkipCapResult } from './skip-cap';
export { alphaGroupCells, binomial, countArchitectures } from './space-size';
export type { CellCountInput } from './space-size';
export {
  DARTS_PRIMITIVES,
  DEFAULT_NODES,
  NONE_OP,
  bestOp,
  checkWeights,
  dagEdgeCount,
  dagEdgeRow,
  incomingEdges,
  sigmoidRows,
  softmaxRows,
} from './weights';
