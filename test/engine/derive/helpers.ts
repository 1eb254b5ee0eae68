import { DARTS_PRIMITIVES, dagEdgeCount, dagEdgeRow } from '../../../src/engine/derive';
import { withNodes } from '../../../src/engine/genotype';
import type { GenotypeEdge } from '../../../src/engine/genotype';

export const P = DARTS_PRIMITIVES;
export const col = (op: string) => P.indexOf(op);

/** Full-DAG weight rows, every entry `fill`. */
export function flatWeights(nodes = 4, fill = 0.01): number[][] {
  return Array.from({ length: dagEdgeCount(nodes) }, () => P.map(() => fill));
}

/** Sets weights[row of node ← input][op] = value. */
export function setWeight(w: number[][], node: number, input: number, op: string, value: number): void {
  w[dagEdgeRow(node, input)][col(op)] = value;
}

/**
 * Weights from which darts-top2 derives `cell` exactly, edge order included: a node's first
 * listed edge gets the higher weight. 'none' is made the largest entry everywhere, to be ignored.
 */
export function weightsFor(cell: GenotypeEdge[], nodes = 4): number[][] {
  const w = flatWeights(nodes);
  for (const row of w) row[col('none')] = 0.9;
  withNodes(cell).forEach((e, i) => setWeight(w, e.node, e.input, e.op, i % 2 === 0 ? 0.6 : 0.5));
  return w;
}
