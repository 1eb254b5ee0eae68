import { describe, expect, it } from 'vitest';
import { capSkipConnect, dagEdgeRow, dartsTop2, getDeriveRule } from '../../../src/engine/derive';
import { allPreviousEdges, fixedChainEdges } from '../../../src/engine/spaces';
import { countOp } from '../../../src/engine/genotype';
import { P, col, flatWeights, setWeight } from './helpers';

const derive = (w: number[][]) => dartsTop2.derive(w, { primitives: P });
const cell = { primitives: P, edges: allPreviousEdges(4) };

/** Four skips (weights 0.5, 0.45, 0.3, 0.35) and four sep convs, one per node pair. */
function fourSkips(): number[][] {
  const w = flatWeights();
  setWeight(w, 2, 0, 'skip_connect', 0.5);
  setWeight(w, 2, 1, 'sep_conv_3x3', 0.4);
  setWeight(w, 3, 1, 'skip_connect', 0.45);
  setWeight(w, 3, 2, 'sep_conv_3x3', 0.4);
  setWeight(w, 4, 0, 'skip_connect', 0.3);
  setWeight(w, 4, 0, 'sep_conv_5x5', 0.25);
  setWeight(w, 4, 3, 'dil_conv_3x3', 0.4);
  setWeight(w, 5, 2, 'skip_connect', 0.35);
  setWeight(w, 5, 4, 'sep_conv_3x3', 0.4);
  setWeight(w, 5, 1, 'max_pool_3x3', 0.2);
  return w;
}

describe('capSkipConnect', () => {
  it('removes the weakest skips until at most maxSkip remain, re-deriving each time', () => {
    const w = fourSkips();
    expect(countOp(derive(w), 'skip_connect')).toBe(4);
    const { edges, weights } = capSkipConnect(w, cell, derive);
    expect(countOp(edges, 'skip_connect')).toBe(2);
    expect(edges).toEqual([
      { op: 'skip_connect', input: 0 },
      { op: 'sep_conv_3x3', input: 1 },
      { op: 'skip_connect', input: 1 },
      { op: 'sep_conv_3x3', input: 2 },
      // node 4: the 0.3 skip is gone, the same edge now keeps its next-best op
      { op: 'dil_conv_3x3', input: 3 },
      { op: 'sep_conv_5x5', input: 0 },
      // node 5: the 0.35 skip is gone and its edge loses to input 1
      { op: 'sep_conv_3x3', input: 4 },
      { op: 'max_pool_3x3', input: 1 },
    ]);
    expect(weights[dagEdgeRow(4, 0)][col('skip_connect')]).toBe(0);
    expect(weights[dagEdgeRow(5, 2)][col('skip_connect')]).toBe(0);
    expect(weights[dagEdgeRow(2, 0)][col('skip_connect')]).toBe(0.5);
    expect(w[dagEdgeRow(4, 0)][col('skip_connect')]).toBe(0.3); // the input is not modified
  });

  it('follows the cap it is given and leaves a cell within it alone', () => {
    expect(countOp(capSkipConnect(fourSkips(), cell, derive, 0).edges, 'skip_connect')).toBe(0);
    expect(countOp(capSkipConnect(fourSkips(), cell, derive, 3).edges, 'skip_connect')).toBe(3);
    const kept = capSkipConnect(fourSkips(), cell, derive, 4);
    expect(kept.edges).toEqual(derive(fourSkips()));
    expect(kept.weights).toEqual(fourSkips());
  });

  it('fails instead of looping when a skip cannot be outweighed', () => {
    const only = ['none', 'skip_connect'];
    const w = flatWeights().map(() => [0.5, 0]);
    expect(() => capSkipConnect(w, { primitives: only, edges: allPreviousEdges(4) }, (x) => dartsTop2.derive(x, { primitives: only }))).toThrow(/cannot cap/);
  });
});

describe('pdarts-skip-cap rule', () => {
  const rule = getDeriveRule('pdarts-skip-cap');

  it('caps the normal cell at M = 2 by default and derives reduction cells as DARTS does', () => {
    expect(countOp(rule.derive(fourSkips(), { primitives: P }), 'skip_connect')).toBe(2);
    expect(rule.derive(fourSkips(), { primitives: P })).toEqual(capSkipConnect(fourSkips(), cell, derive, 2).edges);
    expect(rule.derive(fourSkips(), { primitives: P, cell: 'reduce' })).toEqual(derive(fourSkips()));
    expect(countOp(rule.derive(fourSkips(), { primitives: P, options: { maxSkip: 1 } }), 'skip_connect')).toBe(1);
  });

  it('works on a fixed-edge cell, where re-deriving changes the edge’s op (no other edge can take its place)', () => {
    const edges = fixedChainEdges(4);
    // Every edge prefers skip (0.5) over one conv whose weight grows with the row: rows 0 and 1 lose their skips first.
    const w = edges.map((_, r) => P.map((p) => (p === 'skip_connect' ? 0.5 : p === 'sep_conv_3x3' ? 0.1 + 0.01 * r : p === 'none' ? 0.9 : 0.01)));
    w[0][col('skip_connect')] = 0.45;
    w[1][col('skip_connect')] = 0.46;
    const out = rule.derive(w, { primitives: P, edges, options: { maxSkip: 6 } });
    expect(out.map((e) => e.op)).toEqual(['sep_conv_3x3', 'sep_conv_3x3', ...Array.from({ length: 6 }, () => 'skip_connect')]);
    // Both of node 2's edges are kept; top-k emits the stronger (row 1, from c_{k−1}) first.
    expect(out.map((e) => e.input)).toEqual([1, 0, 0, 2, 0, 3, 0, 4]);
  });
});
