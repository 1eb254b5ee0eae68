import { describe, expect, it } from 'vitest';
import { deriveArchitecture, getDeriveRule, sigmoidRows, sigmoidThreshold } from '../../../src/engine/derive';
import { withNodes } from '../../../src/engine/genotype';
import { FAIR_DARTS_OPS, getSearchSpace } from '../../../src/engine/spaces';
import { Rng } from '../../../src/engine/util/rng';
import { getPreset, parseSearchConfig } from '../../../src/shared/config';

const OPS = FAIR_DARTS_OPS;
const col = (op: (typeof OPS)[number]) => OPS.indexOf(op);
const STEPS = 4;

/**
 * The reference parse written out independently, step for step as FairDARTS utils.parse with
 * parse_method 'threshold_sparse': per node, its 2 edges by their largest weight (a stable sort,
 * so ties keep the lower input), then each edge's first maximum if it is ≥ the threshold.
 * Returns (op, node, input) triples as the reference does.
 */
function referenceThresholdSparse(weights: number[][], threshold: number): [string, number, number][] {
  const gene: [string, number, number][] = [];
  let start = 0;
  let n = 2;
  for (let i = 0; i < STEPS; i++) {
    const W = weights.slice(start, start + n);
    const edges = [...Array(i + 2).keys()].sort((a, b) => Math.max(...W[b]) - Math.max(...W[a])).slice(0, 2);
    for (const j of edges) {
      let kBest = -1;
      for (let k = 0; k < W[j].length; k++) if (kBest < 0 || W[j][k] > W[j][kBest]) kBest = k;
      if (W[j][kBest] >= threshold) gene.push([OPS[kBest], i + 2, j]);
    }
    start += n;
    n += 1;
  }
  return gene;
}

/** 14 rows × 7 ops, all `fill`. */
const flat = (fill = 0.1) => Array.from({ length: 14 }, () => OPS.map(() => fill));
const row = (node: number, input: number) => ((node - 2) * (node + 1)) / 2 + input;

const preset = parseSearchConfig(getPreset('fair-darts').config);
const space = getSearchSpace(preset.model.space, preset.model.spaceOptions);
const rule = getDeriveRule(preset.derivation.id);
const ours = (w: number[][]) =>
  withNodes(rule.derive(w, { primitives: space.primitives, nodes: space.nodes, edges: space.edges(space.nodes), options: preset.derivation.options })).map(
    (e) => [e.op, e.node, e.input] as [string, number, number],
  );

describe('fair-darts preset: the reference threshold_sparse parse', () => {
  it('searches the 7 FairDARTS ops, no none, with the sigmoid rule at 0.85, one op per edge, 2 edges per node', () => {
    expect(space.primitives).toEqual(['max_pool_3x3', 'avg_pool_3x3', 'skip_connect', 'sep_conv_3x3', 'sep_conv_5x5', 'dil_conv_3x3', 'dil_conv_5x5']);
    expect(preset.model.relaxation).toBe('sigmoid');
    expect(preset.derivation).toEqual({ id: 'sigmoid-threshold', options: { threshold: 0.85, edgesPerNode: 2, onePerEdge: true } });
  });

  it('two ops above the threshold on one edge: only the argmax is kept', () => {
    const w = flat();
    w[row(2, 0)][col('skip_connect')] = 0.95;
    w[row(2, 0)][col('sep_conv_3x3')] = 0.9;
    w[row(2, 1)][col('dil_conv_3x3')] = 0.88;
    const expected = referenceThresholdSparse(w, 0.85);
    expect(expected.filter(([, node]) => node === 2)).toEqual([
      ['skip_connect', 2, 0],
      ['dil_conv_3x3', 2, 1],
    ]);
    expect(ours(w)).toEqual(expected);
  });

  it("an edge among the node's 2 strongest whose best op fails the threshold keeps nothing; exactly 0.85 passes", () => {
    const w = flat();
    w[row(3, 2)][col('max_pool_3x3')] = 0.84; // strongest of node 3's edges, but below 0.85
    w[row(3, 0)][col('avg_pool_3x3')] = 0.85; // second strongest, at the threshold
    w[row(3, 1)][col('sep_conv_5x5')] = 0.83; // third: never considered
    const expected = referenceThresholdSparse(w, 0.85);
    expect(expected.filter(([, node]) => node === 3)).toEqual([['avg_pool_3x3', 3, 0]]);
    expect(ours(w)).toEqual(expected);
  });

  it('ties: equal edges keep the lower inputs, equal ops the first column', () => {
    const w = flat(0.9); // every op of every edge ties
    w[row(5, 3)][col('dil_conv_5x5')] = 0.95; // node 5: one edge wins, then inputs 0 and 1 tie for second
    const expected = referenceThresholdSparse(w, 0.85);
    expect(expected.filter(([, node]) => node === 5)).toEqual([
      ['dil_conv_5x5', 5, 3],
      ['max_pool_3x3', 5, 0],
    ]);
    expect(expected.filter(([, node]) => node === 4)).toEqual([
      ['max_pool_3x3', 4, 0],
      ['max_pool_3x3', 4, 1],
    ]);
    expect(ours(w)).toEqual(expected);
  });

  it('agrees with the reference on seeded random α, through the sigmoid, for both cells of a searched network', () => {
    const rng = new Rng(11);
    for (let trial = 0; trial < 200; trial++) {
      const alpha = () => Array.from({ length: 14 }, () => OPS.map(() => (rng.next() - 0.5) * 6));
      const weights = { normal: sigmoidRows(alpha()), reduce: sigmoidRows(alpha()) };
      const g = deriveArchitecture(rule, weights, { space, layers: 8, options: preset.derivation.options });
      const triples = (cell: typeof g.normal) => withNodes(cell).map((e) => [e.op, e.node, e.input]);
      expect(triples(g.normal)).toEqual(referenceThresholdSparse(weights.normal, 0.85));
      expect(triples(g.reduce)).toEqual(referenceThresholdSparse(weights.reduce, 0.85));
    }
  });

  it('the multi-op variant keeps every op at or above the threshold on the 2 strongest edges', () => {
    const multi = parseSearchConfig(getPreset('fair-darts-multi-op').config);
    expect(multi.model.space).toBe('fair-darts');
    const w = flat();
    w[row(2, 0)][col('skip_connect')] = 0.95;
    w[row(2, 0)][col('sep_conv_3x3')] = 0.9;
    const cell = withNodes(sigmoidThreshold.derive(w, { primitives: OPS, options: multi.derivation.options }));
    expect(cell).toEqual([
      { op: 'skip_connect', input: 0, node: 2 },
      { op: 'sep_conv_3x3', input: 0, node: 2 },
    ]);
  });
});
