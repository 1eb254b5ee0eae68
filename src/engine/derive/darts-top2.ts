import { z } from 'zod';
import { FIRST_NODE, compactCell } from '../genotype';
import type { GenotypeEdge } from '../genotype';
import { defineDeriveRule } from './rule';
import { bestOp, checkWeights, dagEdgeCount, dagEdgeRow } from './weights';

/**
 * The DARTS rule, as `genotype()` in the reference model_search.py: each node keeps the k
 * incoming edges whose best non-none softmax weight is highest, each with that best op.
 *
 * Emission order follows the reference exactly: a node's edges come in the order of
 * `sorted(range(i + 2), key=lambda x: -max(...))[:k]`, i.e. by descending weight (not by input),
 * and Python's sort is stable, so on equal weights the earlier input comes first.
 */
export const dartsTop2 = defineDeriveRule({
  id: 'darts-top2',
  title: 'DARTS top-k edges per node',
  description: "Each node keeps its k strongest incoming edges (best non-'none' weight), each with its argmax op.",
  normalization: 'softmax',
  optionsSchema: z.object({ k: z.number().int().min(1).default(2) }),
  derive(weights, { primitives, nodes, options }) {
    checkWeights(weights, primitives, dagEdgeCount(nodes));
    const edges: GenotypeEdge[] = [];
    for (let node = FIRST_NODE; node < FIRST_NODE + nodes; node++) {
      const candidates = Array.from({ length: node }, (_, input) => {
        const row = weights[dagEdgeRow(node, input)];
        const k = bestOp(row, primitives);
        return { input, op: primitives[k], score: row[k] };
      });
      // Array.prototype.sort is stable, like Python's sorted.
      candidates.sort((a, b) => b.score - a.score);
      for (const { op, input } of candidates.slice(0, options.k)) edges.push({ op, input, node });
    }
    return compactCell(edges);
  },
});
