import { describe, expect, it } from 'vitest';
import { deriveArchitecture, getDeriveRule } from '../../../src/engine/derive';
import { genotypeFromJson, genotypeIssues, genotypeKey, genotypeToJson } from '../../../src/engine/genotype';
import { getSearchSpace } from '../../../src/engine/spaces';

/** α rows for an 8-edge fixed cell of [skip_connect, sep_conv_3x3]: `pattern[r]` names the winner. */
const alphaFor = (pattern: string) => [...pattern].map((ch) => (ch === 's' ? [1, 0] : [0, 1]));

describe('deriveArchitecture', () => {
  it('derives a per-cell space cell by cell, in network order (Amended-DARTS S2)', () => {
    const space = getSearchSpace('amended-s2');
    const patterns = ['ssssssss', 'cccccccc', 'sscsscss', 'cscscscs', 'scscscsc'];
    const alphas = Object.fromEntries(patterns.map((p, i) => [`cell${i}`, alphaFor(p)]));
    const g = deriveArchitecture(getDeriveRule(space.derivation), alphas, { space, layers: 5 });
    // 5 cells reduce at 1 and 3.
    expect(g.cells?.map((c) => c.reduce)).toEqual([false, true, false, true, false]);
    g.cells?.forEach((c, i) => {
      expect(c.edges.map((e) => (e.op === 'skip_connect' ? 's' : 'c')).join('')).toBe(patterns[i]);
      expect(c.edges.map((e) => e.input)).toEqual([0, 1, 0, 2, 0, 3, 0, 4]);
      expect(c.concat).toEqual([2, 3, 4, 5]);
    });
    expect(g.normal).toEqual(g.cells?.[0].edges);
    expect(g.reduce).toEqual(g.cells?.[1].edges);
    expect(genotypeIssues(g)).toEqual([]);
  });

  it('round-trips the per-cell genotype through JSON, and cells change its identity', () => {
    const space = getSearchSpace('amended-s2');
    const rule = getDeriveRule('fixed-edge-argmax');
    const alphas = Object.fromEntries([0, 1, 2].map((i) => [`cell${i}`, alphaFor('scscscsc')]));
    const a = deriveArchitecture(rule, alphas, { space, layers: 3 });
    const json = genotypeToJson(a);
    expect(json.cells).toHaveLength(3);
    expect(json.cells?.[2]).toEqual({ reduce: true, edges: json.normal, concat: [2, 3, 4, 5] });
    expect(genotypeFromJson(JSON.parse(JSON.stringify(json)))).toEqual(a);
    // Only the last cell differs: the first normal/reduction cells are the same, the architecture is not.
    const b = deriveArchitecture(rule, { ...alphas, cell2: alphaFor('cccccccc') }, { space, layers: 3 });
    expect(b.normal).toEqual(a.normal);
    expect(genotypeKey(b)).not.toBe(genotypeKey(a));
  });

  it('rejects a per-cell genotype with a broken cell, naming it', () => {
    const json = { normal: [], normal_concat: [2], reduce: [], reduce_concat: [2], cells: [{ reduce: false, edges: [['skip_connect', 3]], concat: [2] }] };
    expect(() => genotypeFromJson(json)).toThrow(/cells\[0\]\.edges/);
  });

  it('derives shared-α spaces as a normal/reduce pair over the space’s own edges', () => {
    const space = getSearchSpace('amended-s1');
    const row = [0.5, 0.05, 0.05, 0.05, 0.2, 0.05, 0.05, 0.05]; // none is largest but never kept; sep_conv_3x3 is next
    const weights = { normal: space.edges(4).map(() => row), reduce: space.edges(4).map(() => row) };
    const g = deriveArchitecture(getDeriveRule('fixed-edge-argmax'), weights, { space, layers: 8 });
    expect(g.cells).toBeUndefined();
    expect(g.normal).toEqual(space.edges(4).map((e) => ({ op: 'sep_conv_3x3', input: e.from })));
    expect(() => deriveArchitecture(getDeriveRule('fixed-edge-argmax'), { normal: weights.normal }, { space, layers: 8 })).toThrow(/no α for group 'reduce'/);
  });
});
