// Where a cell edge's α lives: the row of an α matrix (rows = edges, columns = candidate ops) that
// weighs it, for the two layouts the search spaces use (src/engine/spaces/edges.ts).

/** An edge as far as its α row is concerned: input state and intermediate node (0-based). */
interface EdgeEnds {
  op: string;
  from: number;
  to: number;
}

/** A cell state as the reference names it: 0 = c_{k-2}, 1 = c_{k-1}, i ≥ 2 = intermediate node i − 2. */
export const stateName = (state: number): string => (state === 0 ? 'c_{k-2}' : state === 1 ? 'c_{k-1}' : String(state - 2));

/** Nodes n of a DARTS cell whose every node reads all earlier states: n(n+3)/2 edges (14 for 4). */
export function allPreviousNodes(edgeCount: number): number | null {
  for (let n = 1; n <= 16; n++) if ((n * (n + 3)) / 2 === edgeCount) return n;
  return null;
}

/** Row of α for the edge state `from` → node `to` in the all-previous layout (node j's rows start at Σ_{t<j}(t+2)). */
export const alphaRow = (to: number, from: number): number => (to * (to + 3)) / 2 + from;

/**
 * The α row of an edge, given the cell's node count: the all-previous layout (DARTS: node j's rows
 * start at Σ_{t<j}(t+2)), or Amended-DARTS's fixed chain (src/engine/spaces/edges.ts: node j reads
 * c_{k-2} then state j + 1, rows 2j and 2j + 1). Null when the rows fit neither or the edge is not in it.
 */
export function edgeAlphaRow(edge: EdgeEnds, rows: number, nodes: number): number | null {
  if (rows === (nodes * (nodes + 3)) / 2) return alphaRow(edge.to, edge.from);
  if (rows === 2 * nodes && edge.from === 0) return 2 * edge.to;
  if (rows === 2 * nodes && edge.from === edge.to + 1) return 2 * edge.to + 1;
  return null;
}

/** The α weight of an edge's chosen op; `nodes` defaults to what an all-previous layout of the α rows implies. */
export function edgeWeight(edge: EdgeEnds, weights: number[][] | undefined, primitives: string[] | undefined, nodes?: number): number | null {
  if (!weights || !primitives) return null;
  const n = nodes ?? allPreviousNodes(weights.length);
  if (n === null) return null;
  const r = edgeAlphaRow(edge, weights.length, n);
  const row = r === null ? undefined : weights[r];
  const col = primitives.indexOf(edge.op);
  return row && col >= 0 && typeof row[col] === 'number' ? row[col] : null;
}

/**
 * A label per α row: "c_{k-1} → 2" where the rows are, given the cell's node count, Amended-DARTS's
 * fixed chain (node j: c_{k-2}, then state j + 1), or else fit the all-previous layout (DARTS);
 * "edge i" otherwise.
 */
export function alphaRowLabels(rows: number, nodes?: number): string[] {
  const labels: string[] = [];
  const allPrevious = allPreviousNodes(rows);
  if (nodes !== undefined && rows === 2 * nodes && allPrevious !== nodes) {
    for (let to = 0; to < nodes; to++) labels.push(`${stateName(0)} → ${to}`, `${stateName(to + 1)} → ${to}`);
  } else if (allPrevious !== null) {
    for (let to = 0; to < allPrevious; to++) for (let from = 0; from < to + 2; from++) labels.push(`${stateName(from)} → ${to}`);
  } else for (let i = 0; i < rows; i++) labels.push(`edge ${i}`);
  return labels;
}
