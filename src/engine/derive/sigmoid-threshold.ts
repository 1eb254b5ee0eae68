import { z } from 'zod';
import { FIRST_NODE, compactCell } from '../genotype';
import type { GenotypeEdge } from '../genotype';
import { defineDeriveRule } from './rule';
import { binomial } from './space-size';
import { NONE_OP, bestOp, checkWeights, incomingEdges } from './weights';

/**
 * Fair DARTS discretisation: ops switch on independently, so an op is kept when its sigmoid weight
 * reaches the threshold (σ ≥ 0.85, as the reference code tests it).
 *
 * `onePerEdge` keeps only each edge's argmax op (the first maximum), if it passes (the paper's
 * "retain only one operation at each edge"); without it every passing op is kept (the multi-op
 * reading). `edgesPerNode` first narrows each node to its strongest edges by their best op,
 * ties keeping the lower input, DARTS style. With onePerEdge and edgesPerNode = 2 this is the
 * reference's default `threshold_sparse` parse (xiaomi-automl/FairDARTS utils.parse, seed 003's
 * Algorithm 3), which produced the published FairDARTS genotypes.
 */
export const sigmoidThreshold = defineDeriveRule({
  id: 'sigmoid-threshold',
  title: 'Sigmoid threshold (Fair DARTS)',
  description: 'Keeps every op whose sigmoid weight reaches the threshold, or only the best op per edge.',
  normalization: 'sigmoid',
  optionsSchema: z.object({
    threshold: z.number().min(0).max(1).default(0.85).meta({ title: 'Keep threshold on σ(α)' }).describe('Keep an op when σ(α) ≥ this (Fair DARTS: 0.85)'),
    onePerEdge: z.boolean().default(false).meta({ title: 'At most one op per edge' }).describe("Keep at most each edge's best op (the paper's one-op-per-edge reading)"),
    edgesPerNode: z
      .number()
      .int()
      .min(1)
      .nullable()
      .default(null)
      .meta({ title: 'Edges kept per node' }).describe('First narrow each node to its k strongest edges (reference threshold_sparse: 2; none: all edges)'),
  }),
  derive(weights, { primitives, nodes, edges, options }) {
    checkWeights(weights, primitives, edges.length);
    const kept: GenotypeEdge[] = [];
    const strength = (row: number) => weights[row][bestOp(weights[row], primitives)];
    for (let node = FIRST_NODE; node < FIRST_NODE + nodes; node++) {
      let inputs = incomingEdges(edges, node);
      if (options.edgesPerNode !== null) inputs = inputs.sort((a, b) => strength(b.row) - strength(a.row)).slice(0, options.edgesPerNode);
      for (const { input, row } of inputs) {
        const w = weights[row];
        const ops = options.onePerEdge ? [bestOp(w, primitives)] : w.map((_, k) => k);
        for (const k of ops) {
          if (primitives[k] !== NONE_OP && w[k] >= options.threshold) kept.push({ op: primitives[k], input, node });
        }
      }
    }
    return compactCell(kept);
  },
  // A node keeps any s ≤ edgesPerNode of its n edges, each with a non-empty op set (one op with
  // onePerEdge). Assumes 0 < threshold < 1, so that every op can pass or fail.
  countCell: ({ incoming, ops }, { onePerEdge, edgesPerNode }) => {
    const perEdge = onePerEdge ? BigInt(ops.length) : 2n ** BigInt(ops.length) - 1n;
    const node = (n: number) => {
      let total = 0n;
      for (let s = 0; s <= Math.min(n, edgesPerNode ?? n); s++) total += binomial(n, s) * perEdge ** BigInt(s);
      return total;
    };
    return incoming.reduce((total, n) => total * node(n), 1n);
  },
});
