import { edgeWeight } from '../../../shared/cell-alpha';
import { edgeOpLabel, type CellFigure } from '../../../shared/cell-figure';
import type { GenotypeJsonShape } from '../../../shared/search-events';

// Cell topology as the reference draws it (quark0/darts visualize.py): states 0 and 1 are the cell
// inputs c_{k-2} and c_{k-1}, state i ≥ 2 is intermediate node i − 2, and c_{k} concatenates the
// `concat` states.

export type CellKind = 'normal' | 'reduce';



export interface CellEdge {
  op: string;
  /** Input state (0, 1 = cell inputs; i ≥ 2 = node i − 2). */
  from: number;
  /** Intermediate node index, 0-based. */
  to: number;
  /** Att-DARTS: the attention module after the op. */
  attention?: string;
}

type RawEdge = [string, number, (number | string)?, string?];

/**
 * A cell's edges from its JSON edge list. Edges given as [op, input] belong to nodes in order, an
 * equal number per node (the reference's 2); [op, input, node] names its node explicitly; a string
 * after the input (or after the node) is an Att-DARTS attention module.
 */
export function parseCellEdges(raw: GenotypeJsonShape['normal'], concat: readonly number[]): CellEdge[] {
  const list = (raw as unknown as RawEdge[]).map((e) => ({ op: e[0], from: e[1], node: typeof e[2] === 'number' ? e[2] : undefined, attention: typeof e[2] === 'string' ? e[2] : e[3] }));
  const nodes = Math.max(1, concat.length ? Math.max(...concat) - 1 : 1, ...list.map((e) => (e.node === undefined ? 0 : e.node + 1)));
  const perNode = Math.max(1, Math.round(list.length / nodes));
  return list.map((e, i) => ({ op: e.op, from: e.from, to: e.node ?? Math.floor(i / perNode), ...(e.attention ? { attention: e.attention } : {}) }));
}

/** A genotype's edges for its normal or reduction cell. */
export const cellEdges = (genotype: GenotypeJsonShape, cell: CellKind): CellEdge[] => parseCellEdges(genotype[cell], genotype[`${cell}_concat`]);

/** Intermediate nodes of a cell: the highest concatenated state or the highest node an edge feeds. */
export const cellNodes = (edges: readonly CellEdge[], concat: readonly number[]): number => Math.max(1, concat.length ? Math.max(...concat) - 1 : 1, ...edges.map((e) => e.to + 1));

/** One cell of a genotype as drawn: its edges, what it is called, and the α group that weights them. */
export interface DrawnCell {
  /** Unique within the genotype: 'normal'/'reduce', or 'cell<i>' (network order, 0-based). */
  id: string;
  title: string;
  /** File name part for its exports. */
  fileStem: string;
  reduce: boolean;
  edges: CellEdge[];
  concat: number[];
  /** The α group of the cell's weights in an alpha snapshot. */
  alphaGroup: string;
}

/** Intermediate nodes per cell of a genotype (the most any of its cells has). */
export const genotypeNodes = (genotype: GenotypeJsonShape): number => Math.max(...drawnCells(genotype).map((c) => cellNodes(c.edges, c.concat)));

/** Whether the genotype has one architecture per cell (Amended-DARTS S2), not a normal/reduce pair. */
export const isPerCell = (genotype: GenotypeJsonShape): boolean => (genotype.cells?.length ?? 0) > 0;

/**
 * The cells to draw: every cell in network order when the genotype has `cells`, else its normal
 * and reduction cell. A per-cell supernet names cell i's α group 'cell<i>' (src/engine/supernet/
 * network.ts), a shared one 'normal'/'reduce'. Titles count from 1, as a reader counts cells.
 */
export function drawnCells(genotype: GenotypeJsonShape): DrawnCell[] {
  const cells = genotype.cells;
  if (cells?.length)
    return cells.map((c, i) => {
      const kind = c.reduce ? 'reduction' : 'normal';
      return { id: `cell${i}`, title: `Cell ${i + 1} of ${cells.length} (${kind})`, fileStem: `cell${i + 1}-of-${cells.length}-${kind}`, reduce: c.reduce, edges: parseCellEdges(c.edges, c.concat), concat: c.concat, alphaGroup: `cell${i}` };
    });
  return (['normal', 'reduce'] as const).map((cell) => ({
    id: cell,
    title: cell === 'normal' ? 'Normal cell' : 'Reduction cell',
    fileStem: cell,
    reduce: cell === 'reduce',
    edges: cellEdges(genotype, cell),
    concat: genotype[`${cell}_concat`],
    alphaGroup: cell,
  }));
}

/**
 * The cell of `other` to set beside `cell` when comparing genotypes: the same network position when
 * both have one architecture per cell, else the cell of the same type (a pair's normal or
 * reduction cell; a per-cell genotype's first cell of that type, as its normal/reduce).
 */
export function matchingCell(cell: DrawnCell, other: DrawnCell[]): DrawnCell | null {
  return other.find((c) => c.id === cell.id) ?? other.find((c) => c.reduce === cell.reduce) ?? null;
}

export { alphaRow, alphaRowLabels, allPreviousNodes, edgeAlphaRow, edgeWeight } from '../../../shared/cell-alpha';

export const edgeKey = (e: CellEdge): string => `${e.to}:${e.from}:${edgeOpLabel(e)}`;

/**
 * Which edges of `a` also appear in `b` (same node, input and op), and the count shared: the
 * similarity the compare view reports.
 */
export function compareCells(a: CellEdge[], b: CellEdge[]): { shared: number; total: number; sameInA: boolean[] } {
  const keysB = new Map<string, number>();
  for (const e of b) keysB.set(edgeKey(e), (keysB.get(edgeKey(e)) ?? 0) + 1);
  const sameInA = a.map((e) => {
    const k = edgeKey(e);
    const left = keysB.get(k) ?? 0;
    if (left === 0) return false;
    keysB.set(k, left - 1);
    return true;
  });
  return { shared: sameInA.filter(Boolean).length, total: Math.max(a.length, b.length), sameInA };
}

/** What the genotype panel draws: a pair's two cells, or the picked one of a per-cell genotype (index clamped). */
export function shownCells(genotype: GenotypeJsonShape, picked: number): { cells: DrawnCell[]; shown: DrawnCell[]; picked: number | null } {
  const cells = drawnCells(genotype);
  if (!isPerCell(genotype)) return { cells, shown: cells, picked: null };
  const i = Math.max(0, Math.min(picked, cells.length - 1));
  return { cells, shown: [cells[i]], picked: i };
}

/**
 * Genotypes side by side: when any has one architecture per cell, the cells of the first such one
 * are the picker's choices and every genotype shows its matching cell (matchingCell); otherwise each
 * shows its pair. `shown[i]` is empty where genotype i is missing.
 */
export function comparedCells(genotypes: Array<GenotypeJsonShape | null>, picked: number): { choices: DrawnCell[] | null; picked: number | null; shown: DrawnCell[][] } {
  const perCell = genotypes.find((g): g is GenotypeJsonShape => g !== null && isPerCell(g));
  if (!perCell) return { choices: null, picked: null, shown: genotypes.map((g) => (g ? drawnCells(g) : [])) };
  const { cells: choices, shown, picked: i } = shownCells(perCell, picked);
  return {
    choices,
    picked: i,
    shown: genotypes.map((g) => {
      const match = g ? matchingCell(shown[0], drawnCells(g)) : null;
      return match ? [match] : [];
    }),
  };
}

/**
 * A drawn cell as the host's cell renderer takes it (drawCells): each edge with the α weight of its
 * op when this epoch's weights are given, and marked where `highlight` says.
 */
export function cellFigure(cell: DrawnCell, weights?: number[][], primitives?: string[], highlight?: readonly boolean[]): CellFigure {
  const nodes = cellNodes(cell.edges, cell.concat);
  return {
    concat: cell.concat,
    edges: cell.edges.map((e, i) => ({ ...e, weight: edgeWeight(e, weights, primitives, nodes), ...(highlight?.[i] ? { highlight: true } : {}) })),
  };
}
