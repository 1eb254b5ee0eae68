import { describe, expect, it } from 'vitest';
import { DARTS_PRIMITIVES, dartsTop2, deriveGenotype, getDeriveRule, softmaxRows } from '../../../src/engine/derive';
import { getNamedGenotype, namedGenotypes } from '../../../src/engine/genotype';
import { Rng } from '../../../src/engine/util/rng';
import { P, flatWeights, setWeight, weightsFor } from './helpers';

const derive = (w: number[][], options?: unknown, nodes?: number) => dartsTop2.derive(w, { primitives: P, options, nodes });

describe('darts-top2', () => {
  it('ignores none, keeps the two strongest edges and emits them strongest first', () => {
    const w = flatWeights();
    // Node 2: 'none' dominates input 0 but its best real op is weaker than input 1's.
    setWeight(w, 2, 0, 'none', 0.95);
    setWeight(w, 2, 0, 'sep_conv_3x3', 0.03);
    setWeight(w, 2, 1, 'skip_connect', 0.4);
    // Node 3: input 2 strongest, then input 0; input 1 dropped.
    setWeight(w, 3, 0, 'dil_conv_5x5', 0.3);
    setWeight(w, 3, 1, 'max_pool_3x3', 0.2);
    setWeight(w, 3, 2, 'avg_pool_3x3', 0.5);
    const cell = derive(w);
    expect(cell.slice(0, 4)).toEqual([
      { op: 'skip_connect', input: 1 },
      { op: 'sep_conv_3x3', input: 0 },
      { op: 'avg_pool_3x3', input: 2 },
      { op: 'dil_conv_5x5', input: 0 },
    ]);
  });

  it('breaks ties like the reference: earlier edge first, earlier op first', () => {
    const w = flatWeights();
    // Node 4: inputs 3 and 1 tie above input 0; input 1 comes first and wins the order.
    setWeight(w, 4, 3, 'sep_conv_5x5', 0.3);
    setWeight(w, 4, 1, 'dil_conv_3x3', 0.3);
    setWeight(w, 4, 0, 'sep_conv_3x3', 0.2);
    // Node 5: three-way tie on inputs 4, 2, 0 → inputs 0 and 2; input 0's ops tie too.
    setWeight(w, 5, 4, 'skip_connect', 0.3);
    setWeight(w, 5, 2, 'skip_connect', 0.3);
    setWeight(w, 5, 0, 'sep_conv_5x5', 0.3);
    setWeight(w, 5, 0, 'max_pool_3x3', 0.3);
    expect(derive(w).slice(4)).toEqual([
      { op: 'dil_conv_3x3', input: 1 },
      { op: 'sep_conv_5x5', input: 3 },
      { op: 'max_pool_3x3', input: 0 },
      { op: 'skip_connect', input: 2 },
    ]);
  });

  it.each(Object.keys(namedGenotypes))('re-derives %s exactly from matching weights', (name) => {
    const g = getNamedGenotype(name);
    const derived = deriveGenotype(getDeriveRule('darts-top2'), { normal: weightsFor(g.normal), reduce: weightsFor(g.reduce) }, { primitives: P });
    expect(derived).toEqual(g);
  });

  it('always yields k edges per node from earlier states, never none', () => {
    const rng = new Rng(7);
    for (let trial = 0; trial < 200; trial++) {
      const nodes = 2 + (trial % 4);
      const alpha = flatWeights(nodes).map((row) => row.map(() => rng.normal() * (trial % 3)));
      if (trial % 5 === 0) alpha.forEach((row) => (row[0] += 10)); // 'none' everywhere on top
      const cell = derive(softmaxRows(alpha), undefined, nodes);
      expect(cell).toHaveLength(2 * nodes);
      cell.forEach((e, i) => {
        expect(e.node).toBeUndefined();
        expect(e.op).not.toBe('none');
        expect(DARTS_PRIMITIVES).toContain(e.op);
        expect(e.input).toBeLessThan(2 + (i >> 1));
      });
      for (let j = 0; j < nodes; j++) expect(cell[2 * j].input).not.toBe(cell[2 * j + 1].input);
    }
  });

  it('uses explicit nodes when k is not 2', () => {
    const w = weightsFor(getNamedGenotype('DARTS_V2').normal);
    const cell = derive(w, { k: 1 });
    expect(cell.map((e) => [e.op, e.node, e.input])).toEqual([
      ['sep_conv_3x3', 2, 0],
      ['sep_conv_3x3', 3, 0],
      ['sep_conv_3x3', 4, 1],
      ['skip_connect', 5, 0],
    ]);
  });

  it('checks its inputs and options', () => {
    expect(() => derive(flatWeights(3))).toThrow(/expected 14 weight rows, got 9/);
    expect(derive(flatWeights(3), undefined, 3)).toHaveLength(6);
    const nan = flatWeights();
    nan[5][2] = NaN;
    expect(() => derive(nan)).toThrow(/row 5 is not finite/);
    expect(() => derive(flatWeights().map((r) => r.slice(1)))).toThrow(/7 entries for 8 primitives/);
    expect(() => derive(flatWeights(), { k: 0 })).toThrow();
    expect(() => dartsTop2.derive(flatWeights().map(() => [1]), { primitives: ['none'] })).toThrow(/other than 'none'/);
  });

  it('works without a none column', () => {
    const primitives = ['skip_connect', 'sep_conv_3x3'];
    const w = flatWeights().map(() => [0.6, 0.4]);
    const cell = dartsTop2.derive(w, { primitives });
    expect(cell.every((e) => e.op === 'skip_connect')).toBe(true);
  });
});
