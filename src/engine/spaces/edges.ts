import type { CellEdge } from './types';

/** DARTS: node j takes every earlier state (2 inputs + j nodes): 2+3+4+5 = 14 edges for 4 nodes. */
export function allPreviousEdges(nodes: number): CellEdge[] {
  const edges: CellEdge[] = [];
  for (let to = 0; to < nodes; to++) for (let from = 0; from < to + 2; from++) edges.push({ from, to });
  return edges;
}

/** The reference networks (search and NetworkCIFAR) reduce at a third and two thirds of the depth. */
export function reductionsAtThirds(layers: number): number[] {
  return [Math.floor(layers / 3), Math.floor((2 * layers) / 3)];
}
