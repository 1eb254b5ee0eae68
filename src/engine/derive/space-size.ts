import type { CellType } from '../genotype';
import type { SearchSpace } from '../spaces/types';
import type { DeriveRule } from './rule';
import { NONE_OP } from './weights';

/** What a rule needs to count one cell's derivable architectures. */
export interface CellCountInput {
  /** Incoming edges of each intermediate node (DARTS: 2, 3, 4, 5; a fixed 8-edge cell: 2 each). */
  incoming: readonly number[];
  /** Ops a derived edge can take: the space's primitives without 'none'. */
  ops: readonly string[];
  cell: CellType;
  /** Attention modules a derived edge also picks from (Att-DARTS); none when omitted. */
  attentions?: readonly string[];
}

export function binomial(n: number, k: number): bigint {
  if (k < 0 || k > n) return 0n;
  let result = 1n;
  for (let i = 0; i < k; i++) result = (result * BigInt(n - i)) / BigInt(i + 1);
  return result;
}

/** Architectures of one node that keeps min(k, n) of its n edges, each with one of `ops` ops. */
export function topKNodeCount(n: number, k: number, ops: number): bigint {
  const kept = Math.min(k, n);
  return binomial(n, kept) * BigInt(ops) ** BigInt(kept);
}

/** The cell types of a `layers`-cell network, one per α group: [normal, reduce] when shared, else one per cell. */
export function alphaGroupCells(space: SearchSpace, layers: number): CellType[] {
  const reductions = new Set(space.reductionCells(layers));
  const cells = Array.from({ length: layers }, (_, i): CellType => (reductions.has(i) ? 'reduce' : 'normal'));
  return space.alphaSharing === 'per-cell' ? cells : [...new Set(cells)];
}

/**
 * How many architectures a space can derive with a rule, exactly: the product over α groups of
 * the rule's count for one cell. Reference values: DARTS (14 edges, 7 ops, top-2, 2 groups)
 * (1·3·6·10·7^8)² ≈ 1.08e18; Amended-DARTS S1 (8 fixed edges) 7^16 ≈ 3.3e13; S2 (2 ops, 20
 * cells each its own α) 2^160 ≈ 1.46e48. Null when the rule has no count.
 */
export function countArchitectures(space: SearchSpace, rule: DeriveRule, { layers, options }: { layers: number; options?: unknown }): bigint | null {
  const count = rule.countCell;
  if (!count) return null;
  const edges = space.edges(space.nodes);
  const incoming = Array.from({ length: space.nodes }, (_, j) => edges.filter((e) => e.to === j).length);
  const ops = space.primitives.filter((p) => p !== NONE_OP);
  return alphaGroupCells(space, layers).reduce((total, cell) => total * count({ incoming, ops, cell, attentions: space.attentions }, options), 1n);
}
