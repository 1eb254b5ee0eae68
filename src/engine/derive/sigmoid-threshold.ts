import { z } from 'zod';
import { FIRST_NODE, compactCell } from '../genotype';
import type { GenotypeEdge } from '../genotype';
import { defineDeriveRule } from './rule';
import { NONE_OP, bestOp, checkWeights, dagEdgeCount, dagEdgeRow } from './weights';

/**
 * Fair DARTS discretisation: ops switch on independently, so keep every op whose sigmoid weight
 * exceeds the threshold (paper: σ > 0.85). A node may end up with any number of inputs.
 *
 * `onePerEdge` keeps only each edge's argmax op, if it passes (the paper's "retain only one
 * operation at each edge"). `edgesPerNode` first narrows each node to its strongest edges, DARTS
 * style; with onePerEdge and edgesPerNode = 2 this is the reference code's default
 * `threshold_sparse` parse, which produced the published FairDARTS genotypes (that code tests
 * σ ≥ threshold; the difference is immaterial for real-valued weights).
 */
export const sigmoidThreshold = defineDeriveRule({
  id: 'sigmoid-threshold',
  title: 'Sigmoid threshold (Fair DARTS)',
  description: 'Keeps every op whose sigmoid weight exceeds the threshold, or only the best op per edge.',
  normalization: 'sigmoid',
  optionsSchema: z.object({
    threshold: z.number().min(0).max(1).default(0.85),
    onePerEdge: z.boolean().default(false),
    edgesPerNode: z.number().int().min(1).nullable().default(null),
  }),
  derive(weights, { primitives, nodes, options }) {
    checkWeights(weights, primitives, dagEdgeCount(nodes));
    const edges: GenotypeEdge[] = [];
    for (let node = FIRST_NODE; node < FIRST_NODE + nodes; node++) {
      let inputs = Array.from({ length: node }, (_, input) => input);
      if (options.edgesPerNode !== null) {
        const strength = (input: number) => {
          const row = weights[dagEdgeRow(node, input)];
          return row[bestOp(row, primitives)];
        };
        inputs = inputs.sort((a, b) => strength(b) - strength(a)).slice(0, options.edgesPerNode);
      }
      for (const input of inputs) {
        const row = weights[dagEdgeRow(node, input)];
        const ops = options.onePerEdge ? [bestOp(row, primitives)] : row.map((_, k) => k);
        for (const k of ops) {
          if (primitives[k] !== NONE_OP && row[k] > options.threshold) edges.push({ op: primitives[k], input, node });
        }
      }
    }
    return compactCell(edges);
  },
});
