import { describe, expect, it } from 'vitest';
import { fixedEdgeArgmax, precedingPairEdges } from '../../../src/engine/derive';
import { P, col } from './helpers';

const rows = (ops: string[]): number[][] => ops.map((op) => P.map((p) => (p === op ? 0.5 : p === 'none' ? 0.9 : 0.05)));

describe('fixed-edge-argmax', () => {
  it('keeps each given edge with its best non-none op', () => {
    const ops = ['sep_conv_3x3', 'skip_connect', 'dil_conv_3x3', 'max_pool_3x3', 'sep_conv_5x5', 'avg_pool_3x3', 'dil_conv_5x5', 'skip_connect'];
    const cell = fixedEdgeArgmax.derive(rows(ops), { primitives: P });
    expect(precedingPairEdges(4)).toEqual([[0, 2], [1, 2], [1, 3], [2, 3], [2, 4], [3, 4], [3, 5], [4, 5]]);
    // Two edges per node in node order: the reference layout.
    expect(cell).toEqual(ops.map((op, i) => ({ op, input: precedingPairEdges(4)[i][0] })));
  });

  it('takes the space’s edge list, one weight row per edge, grouped by node', () => {
    const edges = [[1, 3], [0, 2], [2, 3], [0, 3]];
    const w = rows(['sep_conv_3x3', 'skip_connect', 'max_pool_3x3', 'dil_conv_5x5']);
    w[2][col('avg_pool_3x3')] = 0.7;
    expect(fixedEdgeArgmax.derive(w, { primitives: P, nodes: 2, options: { edges } })).toEqual([
      { op: 'skip_connect', input: 0, node: 2 },
      { op: 'sep_conv_3x3', input: 1, node: 3 },
      { op: 'avg_pool_3x3', input: 2, node: 3 },
      { op: 'dil_conv_5x5', input: 0, node: 3 },
    ]);
  });

  it('rejects edges that do not fit and a wrong row count', () => {
    expect(() => fixedEdgeArgmax.derive(rows(['skip_connect']), { primitives: P, options: { edges: [[2, 2]] } })).toThrow(/2 → 2/);
    expect(() => fixedEdgeArgmax.derive(rows(['skip_connect']), { primitives: P, options: { edges: [[0, 6]] } })).toThrow(/0 → 6/);
    expect(() => fixedEdgeArgmax.derive(rows(['skip_connect']), { primitives: P })).toThrow(/expected 8 weight rows/);
  });
});
