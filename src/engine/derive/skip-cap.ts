import { withNodes } from '../genotype';
import type { GenotypeEdge } from '../genotype';
import { dagEdgeRow } from './weights';

export const SKIP_OP = 'skip_connect';

export interface SkipCapResult {
  edges: GenotypeEdge[];
  /** The weights the final derivation used: the input with the removed skips' weights at 0. */
  weights: number[][];
}

/**
 * P-DARTS's cap on skip-connects (chenxin061/pdarts train_search.py, `check_sk_number` and
 * `delete_min_sk_prob`), meant for the normal cell: while the derived cell keeps more than
 * `maxSkip` skip_connect edges, set the weakest kept skip's weight to 0 and derive again. A
 * re-derivation may pick another op or another edge for that node, so the cap is reached by
 * re-deciding, not by editing the genotype. Ties go to the earliest weight row, like np.argmin.
 *
 * `derive` maps full-DAG weights (softmax, as P-DARTS uses) to edges, e.g.
 * `(w) => dartsTop2.derive(w, { primitives })`.
 */
export function capSkipConnect(
  weights: readonly (readonly number[])[],
  primitives: readonly string[],
  derive: (weights: number[][]) => GenotypeEdge[],
  maxSkip = 2,
): SkipCapResult {
  const skip = primitives.indexOf(SKIP_OP);
  const w = weights.map((row) => [...row]);
  let edges = derive(w);
  for (;;) {
    const skipRows = withNodes(edges)
      .filter((e) => e.op === SKIP_OP)
      .map((e) => dagEdgeRow(e.node, e.input))
      .sort((a, b) => a - b);
    if (skipRows.length <= maxSkip) return { edges, weights: w };
    const weakest = skipRows.reduce((min, r) => (w[r][skip] < w[min][skip] ? r : min));
    // A skip kept at weight 0 cannot be outweighed further; stop rather than loop forever.
    if (w[weakest][skip] === 0) throw new RangeError(`cannot cap skip_connect at ${maxSkip}: row ${weakest} keeps it at weight 0`);
    w[weakest][skip] = 0;
    edges = derive(w);
  }
}
