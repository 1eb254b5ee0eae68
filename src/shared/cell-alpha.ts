// Where a cell edge's α lives: the row of an α matrix (rows = edges, columns = candidate ops) that
// weighs it, for the two layouts the search spaces use (src/engine/spaces/edges.ts).

/** An edge as far as its α row is concerned: input state and intermediate node (0-based). */
interface EdgeEnds {
  op: string;
  from: number;
  to: number;
}

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
