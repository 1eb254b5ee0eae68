import type { CellEdge } from './types';

/** DARTS: node j takes every earlier state (2 inputs + j nodes): 2+3+4+5 = 14 edges for 4 nodes. */
export function allPreviousEdges(nodes: number): CellEdge[] {
  const edges: CellEdge[] = [];
  for (let to = 0; to < nodes; to++) for (let from = 0; from < to + 2; from++) edges.push({ from, to });
  return edges;
}

/**
 * Amended-DARTS's fixed topology (D2 §4.1.2): "each node i is connected to node i − 1 and the
 * least indexed node (denoted by c_{k−2})", 8 edges for 4 nodes. The first node's i − 1 is c_{k−1},
 * so it reads both cell inputs, as in DARTS. Each node's edges are listed by input state.
 */
export function fixedChainEdges(nodes: number): CellEdge[] {
  return Array.from({ length: nodes }, (_, to) => [
    { from: 0, to },
    { from: to + 1, to },
  ]).flat();
}

/** The reference networks (search and NetworkCIFAR) reduce at a third and two thirds of the depth. */
export function reductionsAtThirds(layers: number): number[] {
  return [Math.floor(layers / 3), Math.floor((2 * layers) / 3)];
}
