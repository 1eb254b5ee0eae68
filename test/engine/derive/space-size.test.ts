import { describe, expect, it } from 'vitest';
import {
  alphaGroupCells,
  countArchitectures,
  dagEdgeCount,
  dagEdgeRow,
  deriveArchitecture,
  getDeriveRule,
  softmaxRows,
  type DeriveRule,
} from '../../../src/engine/derive';
import { genotypeKey, withNodes, type GenotypeEdge } from '../../../src/engine/genotype';
import { allPreviousEdges, fixedChainEdges, getSearchSpace, type CellEdge, type SearchSpace } from '../../../src/engine/spaces';
import { Rng } from '../../../src/engine/util/rng';

describe('search-space size', () => {
  const size = (id: string, layers: number, rule?: string, options?: unknown) => {
    const space = getSearchSpace(id);
    return countArchitectures(space, getDeriveRule(rule ?? space.derivation), { layers, options });
  };

  it('matches the papers: DARTS ≈ 1.1e18, Amended-DARTS S1 ≈ 3.3e13, S2 ≈ 1.5e48', () => {
    expect(size('darts', 8)).toBe((1n * 3n * 6n * 10n * 49n ** 4n) ** 2n);
    expect(Number(size('darts', 8)) / 1.1e18).toBeCloseTo(1, 1);
    expect(size('amended-s1', 8)).toBe(7n ** 16n);
    expect(Number(size('amended-s1', 8)) / 3.3e13).toBeCloseTo(1, 1);
    expect(size('amended-s2', 20)).toBe(2n ** 160n);
    expect(Number(size('amended-s2', 20)) / 1.5e48).toBeCloseTo(1, 1);
    // The Allegro space only swaps op implementations: the DARTS count.
    expect(size('allegro', 8)).toBe(size('darts', 8));
  });

  it('depends on the rule: top-2 on the fixed cell keeps every edge; sigmoid and the skip cap count differently', () => {
    expect(size('amended-s1', 8, 'darts-top2')).toBe(7n ** 16n);
    // Sigmoid threshold, all ops: each of 14 edges holds any subset of 7 ops, per cell type.
    expect(size('darts', 8, 'sigmoid-threshold')).toBe(2n ** (7n * 14n * 2n));
    expect(size('darts', 8, 'sigmoid-threshold', { onePerEdge: true })).toBe(8n ** 28n);
    // The cap only removes normal cells with too many skips; with M = 0 a normal edge has 6 ops left.
    const capped = size('darts', 8, 'pdarts-skip-cap') ?? 0n;
    expect(capped < (size('darts', 8) ?? 0n)).toBe(true);
    expect(size('darts', 8, 'pdarts-skip-cap', { maxSkip: 8 })).toBe(size('darts', 8));
    expect(size('darts', 8, 'pdarts-skip-cap', { maxSkip: 0 })).toBe(1n * 3n * 6n * 10n * 36n ** 4n * (1n * 3n * 6n * 10n * 49n ** 4n));
  });

  it('counts one α group per cell type when shared, one per cell otherwise', () => {
    expect(alphaGroupCells(getSearchSpace('darts'), 8)).toEqual(['normal', 'reduce']);
    expect(alphaGroupCells(getSearchSpace('amended-s2'), 5)).toEqual(['normal', 'reduce', 'normal', 'reduce', 'normal']);
    expect(size('amended-s2', 5)).toBe(2n ** 40n);
  });
});

/** Distinct cells `rule` derives from `samples` random weight matrices (seeded): its image, enumerated. */
function derivedCells(rule: DeriveRule, ctx: { primitives: string[]; nodes: number; edges: CellEdge[]; cell?: 'normal' | 'reduce'; options?: unknown }, samples: number): number {
  const rng = new Rng(11);
  const seen = new Set<string>();
  const key = (cell: GenotypeEdge[]) =>
    withNodes(cell)
      .map((e) => `${e.node}<${e.input}:${e.op}`)
      .sort()
      .join(' ');
  for (let i = 0; i < samples; i++) {
    // Each sample draws its own share q of weights above 0.5, so that cells where almost every op
    // passes a threshold, or almost none does, are not vanishingly rare.
    const q = rng.next();
    const w = ctx.edges.map(() => ctx.primitives.map(() => (rng.next() < q ? 0.5 + 0.5 * rng.next() : 0.5 * rng.next())));
    seen.add(key(rule.derive(w, ctx)));
  }
  return seen.size;
}

/** A space shaped like `ctx`, for the count under test. */
const tinySpace = (primitives: string[], nodes: number, edges: (n: number) => CellEdge[], alphaSharing: SearchSpace['alphaSharing'] = 'per-type'): SearchSpace => ({
  ...getSearchSpace('darts', { nodes }),
  primitives,
  edges,
  alphaSharing,
});

describe('size formulas against enumeration of what each rule derives (small cells)', () => {
  const P = ['none', 'skip_connect', 'sep_conv_3x3'];

  const cases: Array<{ rule: string; nodes: number; edges: (n: number) => CellEdge[]; options?: Record<string, unknown>; cell?: 'normal' | 'reduce'; samples: number }> = [
    { rule: 'darts-top2', nodes: 3, edges: allPreviousEdges, samples: 40_000 },
    { rule: 'darts-top2', nodes: 3, edges: allPreviousEdges, options: { k: 1 }, samples: 20_000 },
    { rule: 'fixed-edge-argmax', nodes: 3, edges: fixedChainEdges, samples: 5_000 },
    { rule: 'sigmoid-threshold', nodes: 2, edges: allPreviousEdges, options: { threshold: 0.5 }, samples: 40_000 },
    { rule: 'sigmoid-threshold', nodes: 2, edges: allPreviousEdges, options: { threshold: 0.5, onePerEdge: true, edgesPerNode: 2 }, samples: 20_000 },
    { rule: 'sigmoid-threshold', nodes: 3, edges: allPreviousEdges, options: { threshold: 0.5, edgesPerNode: 1 }, samples: 40_000 },
    { rule: 'pdarts-skip-cap', nodes: 3, edges: allPreviousEdges, options: { maxSkip: 1 }, samples: 40_000 },
    { rule: 'pdarts-skip-cap', nodes: 3, edges: allPreviousEdges, options: { maxSkip: 1 }, cell: 'reduce', samples: 40_000 },
  ];

  for (const c of cases) {
    it(`${c.rule} ${JSON.stringify(c.options ?? {})} on a ${c.nodes}-node ${c.edges.name} ${c.cell ?? 'normal'} cell`, () => {
      const rule = getDeriveRule(c.rule);
      const edges = c.edges(c.nodes);
      const space = tinySpace(P, c.nodes, c.edges);
      const groups = alphaGroupCells(space, 8);
      const perCell = rule.countCell?.({ incoming: Array.from({ length: c.nodes }, (_, j) => edges.filter((e) => e.to === j).length), ops: P.slice(1), cell: c.cell ?? 'normal' }, c.options);
      expect(groups).toEqual(['normal', 'reduce']);
      expect(perCell).toBeGreaterThan(1n);
      expect(derivedCells(rule, { primitives: P, nodes: c.nodes, edges, cell: c.cell, options: c.options }, c.samples)).toBe(Number(perCell));
    });
  }

  it('a per-cell network: every combination of its cells’ architectures (deriveArchitecture on α per cell)', () => {
    const space = tinySpace(['skip_connect', 'sep_conv_3x3'], 1, fixedChainEdges, 'per-cell');
    const rule = getDeriveRule('fixed-edge-argmax');
    const rng = new Rng(3);
    const seen = new Set<string>();
    for (let i = 0; i < 4000; i++) {
      const alphas = Object.fromEntries([0, 1, 2].map((c) => [`cell${c}`, [0, 1].map(() => [rng.next(), rng.next()])]));
      seen.add(genotypeKey(deriveArchitecture(rule, alphas, { space, layers: 3 })));
    }
    expect(seen.size).toBe(Number(countArchitectures(space, rule, { layers: 3 })));
    expect(seen.size).toBe(4 ** 3);
  });
});

describe('weight helpers', () => {
  it('lays out the full DAG node by node', () => {
    expect(dagEdgeCount(4)).toBe(14);
    expect([dagEdgeRow(2, 0), dagEdgeRow(3, 0), dagEdgeRow(4, 3), dagEdgeRow(5, 4)]).toEqual([0, 2, 8, 13]);
  });

  it('normalises rows with a stable softmax', () => {
    const [a, b] = softmaxRows([[0, 0], [1000, 1000 + Math.log(3)]]);
    expect(a).toEqual([0.5, 0.5]);
    expect(b[0]).toBeCloseTo(0.25, 12);
    expect(b[1]).toBeCloseTo(0.75, 12);
  });
});
