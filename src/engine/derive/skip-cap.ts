import { z } from 'zod';
import { FIRST_NODE, withNodes } from '../genotype';
import type { GenotypeEdge } from '../genotype';
import { withArgmaxAttention } from './att-darts';
import { topEdges } from './darts-top2';
import { binomial, topKNodeCount } from './space-size';
import { defineDeriveRule, type ResolvedContext } from './rule';

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
 * `derive` maps weights (softmax, as P-DARTS uses; rows in the order of `edges`) to kept edges.
 */
export function capSkipConnect(
  weights: readonly (readonly number[])[],
  { primitives, edges: cellEdges }: Pick<ResolvedContext<unknown>, 'primitives' | 'edges'>,
  derive: (weights: number[][]) => GenotypeEdge[],
  maxSkip = 2,
): SkipCapResult {
  const skip = primitives.indexOf(SKIP_OP);
  const rowOf = (input: number, node: number) => cellEdges.findIndex((e) => e.from === input && e.to + FIRST_NODE === node);
  const w = weights.map((row) => [...row]);
  let edges = derive(w);
  for (;;) {
    const skipRows = withNodes(edges)
      .filter((e) => e.op === SKIP_OP)
      .map((e) => rowOf(e.input, e.node))
      .sort((a, b) => a - b);
    if (skipRows.length <= maxSkip) return { edges, weights: w };
    const weakest = skipRows.reduce((min, r) => (w[r][skip] < w[min][skip] ? r : min));
    // A skip kept at weight 0 cannot be outweighed further; stop rather than loop forever.
    if (w[weakest][skip] === 0) throw new RangeError(`cannot cap skip_connect at ${maxSkip}: row ${weakest} keeps it at weight 0`);
    w[weakest][skip] = 0;
    edges = derive(w);
  }
}

/**
 * P-DARTS's final derivation: DARTS top-k, then the skip cap on normal cells only (the reference
 * caps the normal genotype; reduction cells are derived as in DARTS). M = 2 is the published
 * P-DARTS setting; D2 says only that P-DARTS "assumed a fixed number of skip-connect operators".
 */
export const pdartsSkipCap = defineDeriveRule({
  id: 'pdarts-skip-cap',
  title: 'DARTS top-k with a skip-connect cap (P-DARTS)',
  description: 'DARTS top-k, then the normal cell keeps at most M skip_connects: the weakest is dropped and the cell re-derived.',
  normalization: 'softmax',
  optionsSchema: z.object({
    k: z.number().int().min(1).default(2).meta({ title: 'Edges kept per node' }).describe('Incoming edges kept per node (DARTS: 2)'),
    maxSkip: z.number().int().min(0).default(2).meta({ title: 'Most skip-connects in the normal cell' }).describe('Most skip_connects kept in a normal cell (P-DARTS: M = 2)'),
  }),
  derive(weights, ctx) {
    const derive = (w: number[][]) => topEdges(w, ctx, ctx.options.k);
    const edges = ctx.cell !== 'normal' ? derive(weights.map((row) => [...row])) : capSkipConnect(weights, ctx, derive, ctx.options.maxSkip).edges;
    // In an attention space (P-DARTS over Att-DARTS cells) each kept edge also takes its argmax module.
    return withArgmaxAttention(edges, weights.length, ctx);
  },
  // Normal cells: the top-k cells with at most maxSkip skip edges (each is derived as is, and no
  // cell above the cap is ever returned), counted by skips per node. Reduction cells: as DARTS.
  countCell: ({ incoming, ops, cell }, { k, maxSkip }) => {
    if (cell !== 'normal' || !ops.includes(SKIP_OP)) return incoming.reduce((n, edges) => n * topKNodeCount(edges, k, ops.length), 1n);
    const others = BigInt(ops.length - 1);
    // bySkips[s]: partial cells with s skip edges so far.
    let bySkips = [1n];
    for (const n of incoming) {
      const kept = Math.min(k, n);
      const next: bigint[] = Array.from({ length: bySkips.length + kept }, () => 0n);
      bySkips.forEach((ways, s) => {
        for (let t = 0; t <= kept; t++) next[s + t] += ways * binomial(n, kept) * binomial(kept, t) * others ** BigInt(kept - t);
      });
      bySkips = next;
    }
    return bySkips.slice(0, maxSkip + 1).reduce((a, b) => a + b, 0n);
  },
});
