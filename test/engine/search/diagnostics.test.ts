import { describe, expect, it } from 'vitest';
import type { Genotype } from '../../../src/engine/genotype';
import { alphaDiagnostics, genotypeDiagnostics, noneDominatedEdges } from '../../../src/engine/search/diagnostics';

const OPS = ['none', 'max_pool_3x3', 'skip_connect', 'sep_conv_3x3'];

describe('diagnostics', () => {
  it('collapse indicators of relaxed α rows, by hand', () => {
    const rows = [
      [0.7, 0.1, 0.15, 0.05], // none dominates; of the rest, skip is strongest
      [0.1, 0.2, 0.3, 0.4], // sep strongest
      [0.25, 0.25, 0.25, 0.25], // a tie: the first non-none maximum (max_pool) is the best op
    ];
    const d = alphaDiagnostics({ normal: rows }, OPS);
    expect(d['normal.none_weight']).toBeCloseTo((0.7 + 0.1 + 0.25) / 3, 12);
    expect(d['normal.none_dominant']).toBe(1);
    expect(d['normal.skip_dominant']).toBe(1);
    expect(d['normal.skip_dominant_fraction']).toBeCloseTo(1 / 3, 12);
    // Parameter-free share of the non-none weight: (0.1 + 0.15)/0.3, (0.2 + 0.3)/0.9, 0.5/0.75.
    expect(d['normal.param_free_share']).toBeCloseTo((0.25 / 0.3 + 0.5 / 0.9 + 0.5 / 0.75) / 3, 12);
    const h = (r: number[]) => -r.reduce((a, p) => a + p * Math.log(p), 0);
    expect(d['normal.entropy']).toBeCloseTo((h(rows[0]) + h(rows[1]) + Math.log(4)) / 3, 12);
    expect(noneDominatedEdges([[0.5, 0.5]], ['none', 'skip_connect'])).toBe(0);
    expect(noneDominatedEdges([[0.9]], ['skip_connect'])).toBe(0);
  });

  it('genotype counts and the edges new since the previous epoch', () => {
    const g = (ops: string[]): Genotype => ({
      normal: ops.map((op, i) => ({ op, input: i % 2 })),
      normalConcat: [2, 3],
      reduce: [
        { op: 'max_pool_3x3', input: 0 },
        { op: 'max_pool_3x3', input: 1 },
      ],
      reduceConcat: [2],
    });
    const a = g(['skip_connect', 'sep_conv_3x3', 'skip_connect', 'avg_pool_3x3']);
    expect(genotypeDiagnostics(a, null)).toEqual({ 'genotype.normal_skip': 2, 'genotype.normal_param_free': 3 });
    const b = g(['skip_connect', 'sep_conv_3x3', 'sep_conv_5x5', 'avg_pool_3x3']);
    expect(genotypeDiagnostics(b, a)['genotype.changed_edges']).toBe(1);
    expect(genotypeDiagnostics(a, a)['genotype.changed_edges']).toBe(0);
  });
});
