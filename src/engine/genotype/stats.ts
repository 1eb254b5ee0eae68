import { CELL_TYPES, concatOf, withNodes } from './model';
import type { CellType, Genotype, GenotypeEdge } from './model';

/** How many edges of the cell use each op, e.g. `{ sep_conv_3x3: 5, skip_connect: 2, ... }`. */
export function opCounts(cell: readonly GenotypeEdge[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { op } of cell) counts[op] = (counts[op] ?? 0) + 1;
  return counts;
}

export function countOp(cell: readonly GenotypeEdge[], op: string): number {
  return cell.filter((e) => e.op === op).length;
}

export function genotypeOpCounts(g: Genotype): Record<CellType, Record<string, number>> {
  return { normal: opCounts(g.normal), reduce: opCounts(g.reduce) };
}

/**
 * A string identifying the architecture: equal for genotypes that build the same network. The
 * order of edges within a node and of the concat list do not matter (a node sums its inputs), so
 * darts-top2 swapping two kept edges' order between epochs is not a change.
 */
export function genotypeKey(g: Genotype): string {
  const cell = (edges: readonly GenotypeEdge[], concat: readonly number[]) => ({
    edges: withNodes(edges)
      .map((e) => `${e.node}<${e.input}:${e.op}${e.attention === undefined ? '' : `+${e.attention}`}`)
      .sort(),
    concat: [...concat].sort((a, b) => a - b),
  });
  const pair = CELL_TYPES.map((type) => cell(g[type], concatOf(g, type)));
  // A genotype with one architecture per cell is identified by its cells, in network order.
  return JSON.stringify(g.cells ? [pair, g.cells.map((c) => ({ reduce: c.reduce, ...cell(c.edges, c.concat) }))] : pair);
}

export function sameArchitecture(a: Genotype, b: Genotype): boolean {
  return genotypeKey(a) === genotypeKey(b);
}
