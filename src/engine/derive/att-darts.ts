import { z } from 'zod';
import { compactCell, withNodes, type GenotypeEdge } from '../genotype';
import { topEdges } from './darts-top2';
import { defineDeriveRule, type ResolvedContext } from './rule';
import { topKNodeCount } from './space-size';
import { incomingEdges } from './weights';

/**
 * Each kept edge takes its argmax attention module by β (the first maximum, as the reference's
 * loop; 'Identity' competes like any other module). Without β (a space with no attention) the
 * edges are returned as they are, so other rules can apply this unconditionally.
 */
export function withArgmaxAttention(edges: readonly GenotypeEdge[], rows: number, ctx: Pick<ResolvedContext<unknown>, 'attention' | 'edges'>): GenotypeEdge[] {
  const { attention } = ctx;
  if (!attention) return [...edges];
  if (attention.weights.length !== rows) throw new RangeError(`expected ${rows} β rows, got ${attention.weights.length}`);
  return compactCell(
    withNodes(edges).map((e) => {
      const { row } = incomingEdges(ctx.edges, e.node).find((x) => x.input === e.input) as { row: number };
      const beta = attention.weights[row];
      if (beta.length !== attention.modules.length) throw new RangeError(`β row ${row} has ${beta.length} entries for ${attention.modules.length} modules`);
      const best = beta.reduce((b, w, k) => (w > beta[b] ? k : b), 0);
      return { op: e.op, input: e.input, node: e.node, attention: attention.modules[best] };
    }),
  );
}

/**
 * Att-DARTS (chomin/Att-DARTS model_search.py genotype(), AttLocation.AFTER_EVERY): the DARTS
 * rule on α (each node keeps its k strongest edges by best non-'none' op weight, each with that
 * op), and each kept edge also takes its argmax attention module by β (withArgmaxAttention).
 * The genotype's edges carry the module as `attention` (JSON: [op, input, attention]).
 */
export const attDarts = defineDeriveRule({
  id: 'att-darts',
  title: 'Att-DARTS: DARTS top-k op plus argmax attention',
  description: "DARTS top-k edges with their argmax op, each followed by the edge's argmax attention module (β).",
  normalization: 'softmax',
  optionsSchema: z.object({ k: z.number().int().min(1).default(2).meta({ title: 'Edges kept per node' }).describe('Incoming edges kept per node (Att-DARTS: 2)') }),
  derive(weights, ctx) {
    if (!ctx.attention) throw new RangeError("the att-darts rule needs the cell's attention weights (β); is the space an attention space?");
    return withArgmaxAttention(topEdges(weights, ctx, ctx.options.k), weights.length, ctx);
  },
  // As DARTS top-k, with each kept edge choosing an (op, attention) pair.
  countCell: ({ incoming, ops, attentions }, { k }) => incoming.reduce((n, edges) => n * topKNodeCount(edges, k, ops.length * (attentions?.length ?? 1)), 1n),
});
