import { describe, expect, it } from 'vitest';
import { fixedEdgeArgmax } from '../../../src/engine/derive';
import { fixedChainEdges } from '../../../src/engine/spaces';
import { P, col } from './helpers';

const rows = (ops: string[]): number[][] => ops.map((op) => P.map((p) => (p === op ? 0.5 : p === 'none' ? 0.9 : 0.05)));

describe('fixed-edge-argmax', () => {
  it("keeps every edge of Amended-DARTS's fixed cell (node i reads i − 1 and c_{k−2}) with its best non-none op", () => {
    const edges = fixedChainEdges(4);
    expect(edges.map((e) => [e.from, e.to + 2])).toEqual([[0, 2], [1, 2], [0, 3], [2, 3], [0, 4], [3, 4], [0, 5], [4, 5]]);
    const ops = ['sep_conv_3x3', 'skip_connect', 'dil_conv_3x3', 'max_pool_3x3', 'sep_conv_5x5', 'avg_pool_3x3', 'dil_conv_5x5', 'skip_connect'];
    // Two edges per node in node order: the reference layout.
    expect(fixedEdgeArgmax.derive(rows(ops), { primitives: P, edges })).toEqual(ops.map((op, i) => ({ op, input: edges[i].from })));
  });

  it('takes any edge list, one weight row per edge, emitting node by node and by input', () => {
    const edges = [{ from: 1, to: 1 }, { from: 0, to: 0 }, { from: 2, to: 1 }, { from: 0, to: 1 }];
    const w = rows(['sep_conv_3x3', 'skip_connect', 'max_pool_3x3', 'dil_conv_5x5']);
    w[2][col('avg_pool_3x3')] = 0.7;
    expect(fixedEdgeArgmax.derive(w, { primitives: P, nodes: 2, edges })).toEqual([
      { op: 'skip_connect', input: 0, node: 2 },
      { op: 'dil_conv_5x5', input: 0, node: 3 },
      { op: 'sep_conv_3x3', input: 1, node: 3 },
      { op: 'avg_pool_3x3', input: 2, node: 3 },
    ]);
  });

  it('keeps the full DAG when given no edge list (the rule never drops an edge)', () => {
    expect(fixedEdgeArgmax.derive(rows(Array.from({ length: 14 }, () => 'skip_connect')), { primitives: P })).toHaveLength(14);
  });

  it('rejects edges that do not fit and a wrong row count', () => {
    expect(() => fixedEdgeArgmax.derive(rows(['skip_connect']), { primitives: P, edges: [{ from: 2, to: 0 }] })).toThrow(/2 → node 0/);
    expect(() => fixedEdgeArgmax.derive(rows(['skip_connect']), { primitives: P, edges: [{ from: 0, to: 4 }] })).toThrow(/0 → node 4/);
    expect(() => fixedEdgeArgmax.derive(rows(['skip_connect']), { primitives: P, edges: fixedChainEdges(4) })).toThrow(/expected 8 weight rows/);
  });
});
