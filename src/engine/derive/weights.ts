/**
 * Architecture weights as plain numbers: one row per edge, one column per primitive (the α
 * column order). A full DARTS cell lists its edges node by node, each node's inputs in state
 * order: node 2 from states 0, 1; node 3 from 0, 1, 2; ... (14 rows for 4 nodes).
 */
import { FIRST_NODE } from '../genotype';
import { DARTS_OPS } from '../spaces/darts';
import type { CellEdge } from '../spaces/types';

/** The DARTS candidate set, in the reference α column order. */
export const DARTS_PRIMITIVES: readonly string[] = DARTS_OPS;

/** The zero op: it stands for a missing edge, so no rule ever keeps it. */
export const NONE_OP = 'none';

export const DEFAULT_NODES = 4;

export function softmaxRows(alpha: readonly (readonly number[])[]): number[][] {
  return alpha.map((row) => {
    const max = Math.max(...row);
    const exp = row.map((a) => Math.exp(a - max));
    const sum = exp.reduce((s, x) => s + x, 0);
    return exp.map((x) => x / sum);
  });
}

export function sigmoidRows(alpha: readonly (readonly number[])[]): number[][] {
  return alpha.map((row) => row.map((a) => 1 / (1 + Math.exp(-a))));
}

/** Rows of a full cell DAG with `nodes` intermediate nodes: 2 + 3 + ... + (nodes + 1). */
export function dagEdgeCount(nodes: number): number {
  return (nodes * (nodes + 3)) / 2;
}

/** Row of the edge from state `input` to state `node` (node ≥ 2) in a full cell DAG. */
export function dagEdgeRow(node: number, input: number): number {
  return dagEdgeCount(node - FIRST_NODE) + input;
}

/** The edges into state `node` (≥ 2) as (input state, weight row), by input state. */
export function incomingEdges(edges: readonly CellEdge[], node: number): { input: number; row: number }[] {
  return edges
    .map((e, row) => ({ input: e.from, row, node: e.to + FIRST_NODE }))
    .filter((e) => e.node === node)
    .map(({ input, row }) => ({ input, row }))
    .sort((a, b) => a.input - b.input);
}

/** Throws unless `weights` has `rows` rows of one finite number per primitive. */
export function checkWeights(weights: readonly (readonly number[])[], primitives: readonly string[], rows: number): void {
  if (weights.length !== rows) throw new RangeError(`expected ${rows} weight rows, got ${weights.length}`);
  weights.forEach((row, r) => {
    if (row.length !== primitives.length) {
      throw new RangeError(`weight row ${r} has ${row.length} entries for ${primitives.length} primitives`);
    }
    if (!row.every(Number.isFinite)) throw new RangeError(`weight row ${r} is not finite: [${row.join(', ')}]`);
  });
}

/**
 * Column of the largest weight, skipping 'none'. The first maximum wins, as in the reference
 * loop (`if k_best is None or W[j][k] > W[j][k_best]`).
 */
export function bestOp(row: readonly number[], primitives: readonly string[]): number {
  let best = -1;
  row.forEach((w, k) => {
    if (primitives[k] !== NONE_OP && (best < 0 || w > row[best])) best = k;
  });
  if (best < 0) throw new RangeError("no primitive other than 'none' to choose from");
  return best;
}
