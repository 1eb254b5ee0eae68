import { describe, expect, it } from 'vitest';
import { countArchitectures, deriveGenotype, getDeriveRule } from '../../src/engine/derive';
import { genotypeFromJson, genotypeKey, genotypeToJson, pythonFormat } from '../../src/engine/genotype';
import { DARTS_OPS, getSearchSpace } from '../../src/engine/spaces';

const MODULES = ['Identity', 'SE', 'BAM', 'CBAM', 'GE_theta-plus', 'DoubleAttention'];
const uniform = (rows: number, cols: number) => Array.from({ length: rows }, () => Array.from({ length: cols }, () => 1 / cols));

/** α rows where edge `row` prefers op `op` with weight `w` (the rest share the remainder). */
function alphaWith(prefs: Record<number, [op: string, w: number]>): number[][] {
  const a = uniform(14, 8).map((r) => r.map(() => 0.05));
  for (const [row, [op, w]] of Object.entries(prefs)) a[Number(row)][DARTS_OPS.indexOf(op as (typeof DARTS_OPS)[number])] = w;
  return a;
}

describe('att-darts derivation rule', () => {
  const rule = getDeriveRule('att-darts');
  // Rows: node 2 ← 0, 1 (rows 0, 1); node 3 ← 0, 1, 2 (rows 2–4); node 4 ← rows 5–8; node 5 ← rows 9–13.
  const alpha = alphaWith({ 0: ['sep_conv_3x3', 0.6], 1: ['skip_connect', 0.5], 3: ['dil_conv_5x5', 0.7], 4: ['max_pool_3x3', 0.4], 7: ['sep_conv_5x5', 0.5], 8: ['avg_pool_3x3', 0.45], 12: ['sep_conv_3x3', 0.9], 13: ['none', 0.99] });
  alpha[11][DARTS_OPS.indexOf('dil_conv_3x3')] = 0.3;
  const beta = uniform(14, 6);
  beta[0] = [0.1, 0.1, 0.1, 0.5, 0.1, 0.1]; // CBAM
  beta[1] = [0.4, 0.2, 0.1, 0.1, 0.1, 0.1]; // Identity
  beta[3] = [0.1, 0.1, 0.1, 0.1, 0.1, 0.5]; // DoubleAttention
  beta[12] = [0.1, 0.5, 0.1, 0.1, 0.1, 0.1]; // SE
  // Row 13 ('none' dominates) must not be kept even with a strong β.
  beta[13] = [0, 0, 0.9, 0.1, 0, 0];

  it('keeps the DARTS top-2 edges with their argmax op, each with its argmax attention module', () => {
    const edges = rule.derive(alpha, { primitives: DARTS_OPS, attention: { modules: MODULES, weights: beta } });
    expect(edges).toEqual([
      { op: 'sep_conv_3x3', input: 0, attention: 'CBAM' },
      { op: 'skip_connect', input: 1, attention: 'Identity' },
      { op: 'dil_conv_5x5', input: 1, attention: 'DoubleAttention' },
      { op: 'max_pool_3x3', input: 2, attention: 'Identity' },
      { op: 'sep_conv_5x5', input: 2, attention: 'Identity' },
      { op: 'avg_pool_3x3', input: 3, attention: 'Identity' },
      { op: 'sep_conv_3x3', input: 3, attention: 'SE' },
      { op: 'dil_conv_3x3', input: 2, attention: 'Identity' },
    ]);
  });

  it('refuses weights without β', () => {
    expect(() => rule.derive(alpha, { primitives: DARTS_OPS })).toThrow(/attention weights/);
  });

  it('genotypes with attention round-trip through JSON as [op, input, attention] and print as the reference tuples', () => {
    const g = deriveGenotype(rule, { normal: alpha, reduce: alpha }, { primitives: DARTS_OPS }, { modules: MODULES, normal: beta, reduce: beta });
    const json = genotypeToJson(g);
    expect(json.normal[0]).toEqual(['sep_conv_3x3', 0, 'CBAM']);
    const back = genotypeFromJson(JSON.parse(JSON.stringify(json)));
    expect(back).toEqual(g);
    // Attention is part of the architecture's identity.
    const other = { ...g, normal: g.normal.map((e, i) => (i === 0 ? { ...e, attention: 'SE' } : e)) };
    expect(genotypeKey(other)).not.toBe(genotypeKey(g));
    expect(pythonFormat.print(g)).toContain("('sep_conv_3x3', 0, 'CBAM')");
    // A string third element is an attention, a number a node: both forms parse.
    // (Node 2 has one input and node 3 three, so the cell keeps its explicit nodes.)
    const explicit = genotypeFromJson({ ...json, normal: [['sep_conv_3x3', 0, 2, 'SE'], ['skip_connect', 1, 3, 'BAM'], ['sep_conv_3x3', 2, 3], ['sep_conv_3x3', 0, 3]] });
    expect(explicit.normal[0]).toEqual({ op: 'sep_conv_3x3', input: 0, node: 2, attention: 'SE' });
    expect(explicit.normal[2]).toEqual({ op: 'sep_conv_3x3', input: 2, node: 3 });
  });
});

describe('Att-DARTS search-space size', () => {
  it('is the DARTS count with every kept edge choosing one of 7 ops × 6 modules', () => {
    const perCell = 1n * 3n * 6n * 10n * 42n ** 8n;
    expect(countArchitectures(getSearchSpace('att-darts'), getDeriveRule('att-darts'), { layers: 8 })).toBe(perCell * perCell);
  });
});

describe('Att-DARTS genotypes in the Python format', () => {
  // The published cell, as chomin/Att-DARTS genotypes.py writes it (namedtuple with bottleneck fields).
  const ATT_DARTS = `Att_DARTS = Genotype(
    normal=[('sep_conv_3x3', 0, 'DoubleAttention'), ('sep_conv_3x3', 1, 'CBAM'), ('sep_conv_3x3', 0, 'CBAM'),
            ('skip_connect', 2, 'CBAM'), ('skip_connect', 0, 'CBAM'), ('sep_conv_3x3', 1, 'CBAM'),
            ('skip_connect', 0, 'CBAM'), ('skip_connect', 2, 'CBAM')], normal_concat=range(2, 6),
    reduce=[('max_pool_3x3', 0, 'BAM'), ('dil_conv_3x3', 1, 'DoubleAttention'), ('avg_pool_3x3', 0, 'BAM'),
            ('skip_connect', 2, 'CBAM'), ('skip_connect', 2, 'CBAM'), ('avg_pool_3x3', 0, 'BAM'),
            ('skip_connect', 2, 'CBAM'), ('avg_pool_3x3', 0, 'BAM')], reduce_concat=range(2, 6),
    normal_bottleneck='', reduce_bottleneck='')`;

  it("reads the reference's Att_DARTS genotype and prints it back in the same tuples", () => {
    const g = pythonFormat.parse(ATT_DARTS);
    expect(g.normal[0]).toEqual({ op: 'sep_conv_3x3', input: 0, attention: 'DoubleAttention' });
    expect(g.reduce[1]).toEqual({ op: 'dil_conv_3x3', input: 1, attention: 'DoubleAttention' });
    for (const e of [...g.normal, ...g.reduce]) expect(MODULES).toContain(e.attention);
    expect(pythonFormat.parse(pythonFormat.print(g))).toEqual(g);
  });

  it("reads '' as no attention and refuses a cell-level (bottleneck) attention", () => {
    const plain = `Genotype(normal=[('sep_conv_3x3', 1, ''), ('sep_conv_3x3', 0, '')], normal_concat=[2], reduce=[('max_pool_3x3', 0, ''), ('max_pool_3x3', 1, '')], reduce_concat=[2], normal_bottleneck='', reduce_bottleneck='')`;
    expect(pythonFormat.parse(plain).normal).toEqual([{ op: 'sep_conv_3x3', input: 1 }, { op: 'sep_conv_3x3', input: 0 }]);
    expect(() => pythonFormat.parse(plain.replace("normal_bottleneck=''", "normal_bottleneck='SE'"))).toThrow(/bottleneck/);
  });
});
