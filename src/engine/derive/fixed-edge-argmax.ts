import { z } from 'zod';
import { FIRST_NODE, compactCell } from '../genotype';
import { defineDeriveRule } from './rule';
import { bestOp, checkWeights, incomingEdges } from './weights';

/**
 * For spaces whose topology is fixed (Amended-DARTS S1/S2: "no edge removal"): only ops are
 * searched, so every edge of the space keeps its argmax non-'none' op. Edges are emitted node by
 * node, each node's by input state, so a two-input-per-node cell takes the reference layout.
 */
export const fixedEdgeArgmax = defineDeriveRule({
  id: 'fixed-edge-argmax',
  title: 'Fixed edges, argmax op',
  description: "Keeps every edge of the space's topology, each with its best non-'none' op.",
  normalization: 'softmax',
  optionsSchema: z.object({}),
  derive(weights, { primitives, nodes, edges }) {
    checkWeights(weights, primitives, edges.length);
    const kept = Array.from({ length: nodes }, (_, j) =>
      incomingEdges(edges, FIRST_NODE + j).map(({ input, row }) => ({ op: primitives[bestOp(weights[row], primitives)], input, node: FIRST_NODE + j })),
    ).flat();
    return compactCell(kept);
  },
  countCell: ({ incoming, ops }) => BigInt(ops.length) ** BigInt(incoming.reduce((a, b) => a + b, 0)),
});
