import { z } from 'zod';
import { FIRST_NODE, compactCell } from '../genotype';
import { defineDeriveRule } from './rule';
import { bestOp, checkWeights } from './weights';

const edge = z.tuple([z.number().int().nonnegative(), z.number().int().min(FIRST_NODE)]);

/** Each node fed by the two states right before it: 0,1 → 2; 1,2 → 3; ... */
export function precedingPairEdges(nodes: number): [from: number, to: number][] {
  return Array.from({ length: nodes }, (_, j) => j + FIRST_NODE).flatMap((to): [number, number][] => [
    [to - 2, to],
    [to - 1, to],
  ]);
}

/**
 * For spaces whose topology is fixed (Amended-DARTS S1/S2): only ops are searched, so each given
 * edge keeps its argmax non-'none' op. Weight row i belongs to `edges[i]`, since such a space
 * has α for its fixed edges only. Without `edges`, each node takes the two states before it
 * (an assumption; pass the space's own list).
 */
export const fixedEdgeArgmax = defineDeriveRule({
  id: 'fixed-edge-argmax',
  title: 'Fixed edges, argmax op',
  description: "Keeps every edge of a fixed topology, each with its best non-'none' op.",
  normalization: 'softmax',
  optionsSchema: z.object({ edges: z.array(edge).min(1).optional() }),
  derive(weights, { primitives, nodes, options }) {
    const edges = options.edges ?? precedingPairEdges(nodes);
    for (const [from, to] of edges) {
      if (from >= to || to >= FIRST_NODE + nodes) throw new RangeError(`edge ${from} → ${to} does not fit a ${nodes}-node cell`);
    }
    checkWeights(weights, primitives, edges.length);
    const kept = edges.map(([from, to], i) => ({ op: primitives[bestOp(weights[i], primitives)], input: from, node: to }));
    // Keep nodes in order (edges within a node stay in the given order) so cells build front to back.
    return compactCell(kept.sort((a, b) => a.node - b.node));
  },
});
