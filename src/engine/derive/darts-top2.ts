import { z } from 'zod';
import { FIRST_NODE, compactCell } from '../genotype';
import type { GenotypeEdge } from '../genotype';
import { defineDeriveRule, type ResolvedContext } from './rule';
import { topKNodeCount } from './space-size';
import { bestOp, checkWeights, incomingEdges } from './weights';

/** Each node's k strongest incoming edges, in the reference's emission order (see dartsTop2). */
export function topEdges(weights: readonly (readonly number[])[], { primitives, nodes, edges }: ResolvedContext<unknown>, k: number): GenotypeEdge[] {
  checkWeights(weights, primitives, edges.length);
  const kept: GenotypeEdge[] = [];
  for (let node = FIRST_NODE; node < FIRST_NODE + nodes; node++) {
    const candidates = incomingEdges(edges, node).map(({ input, row }) => {
      const best = bestOp(weights[row], primitives);
      return { input, op: primitives[best], score: weights[row][best] };
    });
    // Array.prototype.sort is stable, like Python's sorted.
    candidates.sort((a, b) => b.score - a.score);
    for (const { op, input } of candidates.slice(0, k)) kept.push({ op, input, node });
  }
  return compactCell(kept);
}

/**
 * The DARTS rule, as `genotype()` in the reference model_search.py: each node keeps the k
 * incoming edges whose best non-none softmax weight is highest, each with that best op.
 *
 * Emission order follows the reference exactly: a node's edges come in the order of
 * `sorted(range(i + 2), key=lambda x: -max(...))[:k]`, i.e. by descending weight (not by input),
 * and Python's sort is stable, so on equal weights the earlier input comes first. In a space with
 * fewer edges than the full DAG, a node chooses among the edges it has.
 */
export const dartsTop2 = defineDeriveRule({
  id: 'darts-top2',
  title: 'DARTS top-k edges per node',
  description: "Each node keeps its k strongest incoming edges (best non-'none' weight), each with its argmax op.",
  normalization: 'softmax',
  optionsSchema: z.object({ k: z.number().int().min(1).default(2).meta({ title: 'Edges kept per node' }).describe('Incoming edges kept per node (DARTS: 2)') }),
  derive: (weights, ctx) => topEdges(weights, ctx, ctx.options.k),
  countCell: ({ incoming, ops }, { k }) => incoming.reduce((n, edges) => n * topKNodeCount(edges, k, ops.length), 1n),
});
