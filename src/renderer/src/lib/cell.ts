import type { GenotypeJsonShape } from '../../../shared/search-events';

// Cell topology as the reference draws it (quark0/darts visualize.py): states 0 and 1 are the cell
// inputs c_{k-2} and c_{k-1}, state i ≥ 2 is intermediate node i − 2, and c_{k} concatenates the
// `concat` states.

export type CellKind = 'normal' | 'reduce';

export const stateName = (state: number): string => (state === 0 ? 'c_{k-2}' : state === 1 ? 'c_{k-1}' : String(state - 2));

/** Nodes n of a DARTS cell whose every node reads all earlier states: n(n+3)/2 edges (14 for 4). */
export function allPreviousNodes(edgeCount: number): number | null {
  for (let n = 1; n <= 16; n++) if ((n * (n + 3)) / 2 === edgeCount) return n;
  return null;
}

/** Row of α for the edge state `from` → node `to` in the all-previous layout (node j's rows start at Σ_{t<j}(t+2)). */
export const alphaRow = (to: number, from: number): number => (to * (to + 3)) / 2 + from;

/** A label per α row: "c_{k-1} → 2" for the all-previous layout, "edge i" for any other. */
export function alphaRowLabels(rows: number): string[] {
  const nodes = allPreviousNodes(rows);
  if (nodes === null) return Array.from({ length: rows }, (_, i) => `edge ${i}`);
  const labels: string[] = [];
  for (let to = 0; to < nodes; to++) for (let from = 0; from < to + 2; from++) labels.push(`${stateName(from)} → ${to}`);
  return labels;
}

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
 * A genotype's edges for one cell. Edges given as [op, input] belong to nodes in order, an equal
 * number per node (the reference's 2); [op, input, node] names its node explicitly; a string after
 * the input (or after the node) is an Att-DARTS attention module.
 */
export function cellEdges(genotype: GenotypeJsonShape, cell: CellKind): CellEdge[] {
  const list = (genotype[cell] as unknown as RawEdge[]).map((e) => ({ op: e[0], from: e[1], node: typeof e[2] === 'number' ? e[2] : undefined, attention: typeof e[2] === 'string' ? e[2] : e[3] }));
  const concat = genotype[`${cell}_concat`];
  const nodes = Math.max(1, concat.length ? Math.max(...concat) - 1 : 1, ...list.map((e) => (e.node === undefined ? 0 : e.node + 1)));
  const perNode = Math.max(1, Math.round(list.length / nodes));
  return list.map((e, i) => ({ op: e.op, from: e.from, to: e.node ?? Math.floor(i / perNode), ...(e.attention ? { attention: e.attention } : {}) }));
}

/** What an edge is labelled with: its op, and its attention module when it has one. */
export const edgeOpLabel = (e: CellEdge): string => (e.attention ? `${e.op} + ${e.attention}` : e.op);

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

/** The α weight of an edge's chosen op, when the α matrix is in the all-previous layout. */
export function edgeWeight(edge: CellEdge, weights: number[][] | undefined, primitives: string[] | undefined): number | null {
  if (!weights || !primitives) return null;
  if (allPreviousNodes(weights.length) === null) return null;
  const row = weights[alphaRow(edge.to, edge.from)];
  const col = primitives.indexOf(edge.op);
  return row && col >= 0 && typeof row[col] === 'number' ? row[col] : null;
}
