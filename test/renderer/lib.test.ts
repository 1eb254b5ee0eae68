import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { searchConfigSchema } from '../../src/shared/config';
import type { GenotypeJsonShape } from '../../src/shared/search-events';
import { alphaRow, alphaRowLabels, allPreviousNodes, cellEdges, cellFigure, compareCells, drawnCells, edgeWeight } from '../../src/renderer/src/lib/cell';
import { cellStats, cellTypeRows, collapseWarnings, skipCount } from '../../src/renderer/src/lib/collapse';
import { frameBatcher } from '../../src/renderer/src/lib/frame-batcher';
import { describeFields, parseNumberInput, schemaAt } from '../../src/renderer/src/lib/json-schema';
import { diffConfigs, flatten, getPath, setPath } from '../../src/renderer/src/lib/paths';
import { smooth } from '../../src/renderer/src/lib/smoothing';
import { groupBy, meanStd } from '../../src/renderer/src/lib/stats';
import { slotAt, stepKeys, stepOfPath, WIZARD_STEPS } from '../../src/renderer/src/lib/wizard-steps';
import { href, parseRoute, type Route } from '../../src/renderer/src/router';

// Public genotypes (quark0/darts genotypes.py), as the store keeps them.
const DARTS_V2: GenotypeJsonShape = {
  normal: [['sep_conv_3x3', 0], ['sep_conv_3x3', 1], ['sep_conv_3x3', 0], ['sep_conv_3x3', 1], ['sep_conv_3x3', 1], ['skip_connect', 0], ['skip_connect', 0], ['dil_conv_3x3', 2]],
  normal_concat: [2, 3, 4, 5],
  reduce: [['max_pool_3x3', 0], ['max_pool_3x3', 1], ['skip_connect', 2], ['max_pool_3x3', 1], ['max_pool_3x3', 0], ['skip_connect', 2], ['skip_connect', 2], ['max_pool_3x3', 1]],
  reduce_concat: [2, 3, 4, 5],
};
const DARTS_V1: GenotypeJsonShape = {
  normal: [['sep_conv_3x3', 1], ['sep_conv_3x3', 0], ['skip_connect', 0], ['sep_conv_3x3', 1], ['skip_connect', 0], ['sep_conv_3x3', 1], ['sep_conv_3x3', 0], ['skip_connect', 2]],
  normal_concat: [2, 3, 4, 5],
  reduce: DARTS_V2.reduce,
  reduce_concat: [2, 3, 4, 5],
};
const PRIMITIVES = ['none', 'max_pool_3x3', 'avg_pool_3x3', 'skip_connect', 'sep_conv_3x3', 'sep_conv_5x5', 'dil_conv_3x3', 'dil_conv_5x5'];

describe('smoothing', () => {
  it('is the debiased EMA (TensorBoard): a constant series stays constant, weight 0 is the raw series', () => {
    expect(smooth([3, 3, 3, 3], 0.9)).toEqual([3, 3, 3, 3].map(() => expect.closeTo(3, 12)));
    expect(smooth([1, 5, 2], 0)).toEqual([1, 5, 2]);
  });
  it('matches the recurrence by hand and passes non-finite points through as gaps', () => {
    const w = 0.5;
    const out = smooth([2, 4, NaN, 8], w);
    // last = 0.5·0 + 0.5·2 = 1 → /(1 − 0.5) = 2; last = 0.5 + 2 = 2.5 → /(1 − 0.25) = 10/3.
    expect(out[0]).toBeCloseTo(2);
    expect(out[1]).toBeCloseTo(10 / 3);
    expect(out[2]).toBeNull();
    // last = 1.25 + 4 = 5.25 → /(1 − 0.125) = 6.
    expect(out[3]).toBeCloseTo(6);
  });
});

describe('frameBatcher', () => {
  it('hands everything pushed before a frame over in one flush, and schedules one frame per batch', () => {
    const frames: Array<() => void> = [];
    const flushed: number[][] = [];
    const b = frameBatcher<number>((items) => flushed.push(items), (cb) => (frames.push(cb), () => undefined));
    for (let i = 0; i < 100; i++) b.push(i);
    expect(frames).toHaveLength(1);
    expect(flushed).toHaveLength(0);
    frames[0]();
    expect(flushed).toEqual([Array.from({ length: 100 }, (_, i) => i)]);
    b.push(100);
    expect(frames).toHaveLength(2);
    frames[1]();
    expect(flushed[1]).toEqual([100]);
  });
  it('drops the queue on dispose', () => {
    let cancelled = false;
    const flushed: number[][] = [];
    const b = frameBatcher<number>((items) => flushed.push(items), () => () => void (cancelled = true));
    b.push(1);
    b.dispose();
    expect(cancelled).toBe(true);
    expect(flushed).toEqual([]);
  });
});

describe('config paths', () => {
  it('sets nested values immutably and removes emptied parents', () => {
    const a = { data: { batchSize: 16 } };
    const b = setPath(a, ['model', 'channels'], 4);
    expect(b).toEqual({ data: { batchSize: 16 }, model: { channels: 4 } });
    expect(a).toEqual({ data: { batchSize: 16 } });
    expect(setPath(b, ['model', 'channels'], undefined)).toEqual({ data: { batchSize: 16 } });
    expect(getPath(b, ['model', 'channels'])).toBe(4);
    expect(setPath({ regularizers: [{ id: 'a' }, { id: 'b' }] }, ['regularizers', 1, 'options', 'rate'], 0.5)).toEqual({ regularizers: [{ id: 'a' }, { id: 'b', options: { rate: 0.5 } }] });
  });
  it('diffs only the leaves that differ, missing keys included', () => {
    const d = diffConfigs([
      { seed: 1, model: { channels: 4, layers: 5 }, strategy: { id: 'first-order' } },
      { seed: 2, model: { channels: 4, layers: 5 }, strategy: { id: 'second-order', options: { r: 0.01 } } },
    ]);
    expect(d.map((x) => x.path)).toEqual(['seed', 'strategy.id', 'strategy.options.r']);
    expect(d[2].values).toEqual([undefined, 0.01]);
    expect(flatten({ a: { b: 1, c: [1, 2] } })).toEqual([
      ['a.b', 1],
      ['a.c', [1, 2]],
    ]);
  });
});

describe('stats', () => {
  it('mean ± sample std, skipping nulls', () => {
    const s = meanStd([0.9, null, 0.8, 1.0])!;
    expect(s.mean).toBeCloseTo(0.9);
    expect(s.std).toBeCloseTo(0.1);
    expect(s.n).toBe(3);
    expect(meanStd([null])).toBeNull();
    expect(meanStd([2])).toEqual({ mean: 2, std: 0, n: 1 });
  });
  it('groups in first-seen order', () => {
    expect(groupBy(['a1', 'b1', 'a2'], (s) => s[0]).map((g) => g.items)).toEqual([['a1', 'a2'], ['b1']]);
  });
});

describe('cells', () => {
  it('reads [op, input] edges two per node and labels α rows in the reference order', () => {
    const edges = cellEdges(DARTS_V2, 'normal');
    expect(edges.map((e) => e.to)).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
    expect(edges[7]).toEqual({ op: 'dil_conv_3x3', from: 2, to: 3 });
    expect(allPreviousNodes(14)).toBe(4);
    expect(allPreviousNodes(8)).toBeNull();
    const labels = alphaRowLabels(14);
    expect(labels[0]).toBe('c_{k-2} → 0');
    expect(labels[2]).toBe('c_{k-2} → 1');
    expect(labels[4]).toBe('0 → 1');
    expect(labels[13]).toBe('2 → 3');
    expect(alphaRowLabels(8)[7]).toBe('edge 7');
  });
  it('reads explicit nodes and Att-DARTS attention modules', () => {
    const explicit = { normal: [['sep_conv_3x3', 1, 1, 'se'], ['skip_connect', 0, 0, 'cbam']], normal_concat: [2, 3], reduce: [], reduce_concat: [] } as unknown as GenotypeJsonShape;
    expect(cellEdges(explicit, 'normal')).toEqual([
      { op: 'sep_conv_3x3', from: 1, to: 1, attention: 'se' },
      { op: 'skip_connect', from: 0, to: 0, attention: 'cbam' },
    ]);
    const implicit = { normal: [['sep_conv_3x3', 0, 'se'], ['skip_connect', 1, 'bam']], normal_concat: [2], reduce: [], reduce_concat: [] } as unknown as GenotypeJsonShape;
    expect(cellEdges(implicit, 'normal').map((e) => [e.to, e.attention])).toEqual([
      [0, 'se'],
      [0, 'bam'],
    ]);
  });
  it('finds the weight of an edge in its α row', () => {
    const weights = Array.from({ length: 14 }, (_, r) => PRIMITIVES.map((_, c) => r * 10 + c));
    const e = { op: 'skip_connect', from: 2, to: 3 };
    expect(alphaRow(3, 2)).toBe(11);
    expect(edgeWeight(e, weights, PRIMITIVES)).toBe(113);
    expect(edgeWeight(e, weights.slice(0, 8), PRIMITIVES)).toBeNull();
  });
  it('counts the edges two genotypes share', () => {
    const cmp = compareCells(cellEdges(DARTS_V1, 'normal'), cellEdges(DARTS_V2, 'normal'));
    // Shared (node, input, op): node 0 both seps; node 1 (sep, 1); node 2 (skip, 0) and (sep, 1); node 3 none → 5 of 8.
    expect(cmp.shared).toBe(5);
    expect(cmp.total).toBe(8);
    expect(cmp.sameInA).toEqual([true, true, false, true, true, true, false, false]);
    expect(compareCells(cellEdges(DARTS_V2, 'reduce'), cellEdges(DARTS_V2, 'reduce')).shared).toBe(8);
  });
  it('hands the host renderer a cell with each edge weighted by its α row and the compared edges marked', () => {
    const cell = drawnCells(DARTS_V2)[0];
    const weights = Array.from({ length: 14 }, (_, r) => PRIMITIVES.map((_, k) => 100 * r + k));
    const fig = cellFigure(cell, weights, PRIMITIVES, [false, true]);
    expect(fig.concat).toEqual([2, 3, 4, 5]);
    // Edge 7 is dil_conv_3x3 from state 2 into node 3: row 11, column of dil_conv_3x3.
    expect(fig.edges[7]).toEqual({ op: 'dil_conv_3x3', from: 2, to: 3, weight: 1100 + PRIMITIVES.indexOf('dil_conv_3x3') });
    expect(fig.edges.map((e) => e.highlight ?? false)).toEqual([false, true, false, false, false, false, false, false]);
    expect(cellFigure(cell).edges.every((e) => e.weight === null)).toBe(true);
  });
});

describe('collapse diagnostics from α', () => {
  it('measures parameter-free share (none excluded, as the engine counts it), none weight and entropy per edge', () => {
    const uniform = Array.from({ length: 14 }, () => PRIMITIVES.map(() => 1 / 8));
    const s = cellStats(uniform, PRIMITIVES)!;
    // max_pool, avg_pool and skip_connect among the 7 ops other than none.
    expect(s.paramFreeShare).toBeCloseTo(3 / 7);
    expect(s.paramFreeUniform).toBeCloseTo(3 / 7);
    expect(s.noneWeight).toBeCloseTo(1 / 8);
    expect(s.entropyRatio).toBeCloseTo(1);
    const skipHeavy = Array.from({ length: 14 }, () => PRIMITIVES.map((p) => (p === 'skip_connect' ? 0.9 : 0.1 / 7)));
    const t = cellStats(skipHeavy, PRIMITIVES)!;
    expect(t.paramFreeShare).toBeCloseTo((0.9 + (2 * 0.1) / 7) / (1 - 0.1 / 7));
    expect(t.entropyRatio).toBeLessThan(0.3);
  });
  it('warns at the DARTS+ skip criterion and on parameter-free dominance, not at the uniform start', () => {
    expect(skipCount(DARTS_V2)).toBe(2);
    expect(skipCount(DARTS_V1)).toBe(3);
    const stats = (paramFreeShare: number) => ({ paramFreeShare, paramFreeUniform: 3 / 7, noneWeight: 0.1, entropy: 1, entropyRatio: 0.5 });
    expect(collapseWarnings(1, stats(3 / 7))).toEqual([]);
    expect(collapseWarnings(1, stats(0.55))).toEqual([]);
    expect(collapseWarnings(2, stats(0.7)).map((w) => w.key)).toEqual(['skip', 'param-free']);
  });
  it('pools the cells of a type when each cell has its own α (Amended-DARTS S2)', () => {
    const cell = (reduce: boolean, ops: string[]) => ({ reduce, edges: ops.map((op, i): [string, number] => [op, i % 2]), concat: [2, 3, 4, 5] });
    const perCell = {
      ...DARTS_V2,
      cells: [cell(false, Array(8).fill('sep_conv_3x3')), cell(true, Array(8).fill('skip_connect')), cell(false, ['skip_connect', 'skip_connect', 'skip_connect', ...Array(5).fill('sep_conv_3x3')])],
    };
    // The most skip_connects any normal cell has; the reduction cell's do not count.
    expect(skipCount(perCell)).toBe(3);
    expect(skipCount(perCell, 'reduce')).toBe(8);
    const rows = (v: number) => [[v, 1 - v]];
    const weights = { cell0: rows(0.1), cell1: rows(0.5), cell2: rows(0.9) };
    expect(cellTypeRows(weights, 'normal', perCell)).toEqual([...rows(0.1), ...rows(0.9)]);
    expect(cellTypeRows(weights, 'reduce', perCell)).toEqual(rows(0.5));
    // Shared α is used as it is; per-cell α without the genotype that types its cells gives nothing.
    expect(cellTypeRows({ normal: rows(0.3) }, 'normal')).toEqual(rows(0.3));
    expect(cellTypeRows(weights, 'normal')).toBeNull();
  });
});

describe('wizard from the real config schema', () => {
  const schema = z.toJSONSchema(searchConfigSchema, { io: 'input' }) as Record<string, unknown>;
  const topKeys = describeFields(schema).map((f) => f.key);

  it('puts every top-level config field on exactly one step', () => {
    const placed = WIZARD_STEPS.flatMap((s) => stepKeys(s.id, topKeys));
    expect([...placed].sort()).toEqual([...topKeys].sort());
    expect(stepKeys('review', topKeys)).toEqual([]);
    // A field no step names still appears (on the budget step).
    expect(stepKeys('budget', [...topKeys, 'brandNew'])).toContain('brandNew');
  });
  it('describes fields with kinds, defaults and ranges', () => {
    const model = describeFields(schemaAt(schema, ['model'])!, schema);
    const channels = model.find((f) => f.key === 'channels')!;
    expect(channels).toMatchObject({ kind: 'integer', default: 16, min: 2, max: 512 });
    const backend = describeFields(schema).find((f) => f.key === 'backend')!;
    expect(backend.kind).toBe('enum');
    expect(backend.options).toEqual(['auto', 'tensorflow', 'wasm', 'cpu']);
    expect(describeFields(schema).find((f) => f.key === 'data')!.kind).toBe('object');
    expect(describeFields(schemaAt(schema, ['data'])!, schema).find((f) => f.key === 'trainPortion')).toMatchObject({ exclusiveMin: 0, max: 1 });
  });
  it('maps plug-in id fields to catalog kinds, and issue paths to steps', () => {
    expect(slotAt(['strategy', 'id'])).toEqual({ path: ['strategy', 'id'], kind: 'strategy', optionsPath: ['strategy', 'options'] });
    expect(slotAt(['regularizers', 2, 'id'])?.optionsPath).toEqual(['regularizers', 2, 'options']);
    expect(slotAt(['model', 'channels'])).toBeNull();
    // Every slot names a config field that exists.
    for (const p of [['data', 'dataset'], ['model', 'space'], ['model', 'relaxation'], ['strategy', 'id'], ['derivation', 'id'], ['weightOptimizer', 'schedule']]) expect(schemaAt(schema, p), p.join('.')).not.toBeNull();
    expect(stepOfPath(['model', 'channels'])).toBe('space');
    expect(stepOfPath(['budget', 'epochs'])).toBe('budget');
    expect(stepOfPath(['unknown'])).toBe('budget');
    // The random-search baseline is chosen with the strategy, its sample sizes defaulting to seed 002's.
    expect(stepOfPath(['randomSearch', 'samples'])).toBe('strategy');
    const random = describeFields(schemaAt(schema, ['randomSearch'])!, schema);
    expect(random.map((f) => [f.key, f.default])).toEqual([
      ['samples', 20],
      ['keep', 2],
    ]);
  });
  it('parses typed numbers', () => {
    expect(parseNumberInput('4', 'integer')).toEqual({ value: 4 });
    expect(parseNumberInput('4.5', 'integer')).toEqual({ error: 'must be a whole number' });
    expect(parseNumberInput('abc', 'number')).toEqual({ error: 'not a number' });
    expect(parseNumberInput('3e-4', 'number')).toEqual({ value: 3e-4 });
  });
});

describe('routes', () => {
  it('round-trips every screen through the hash', () => {
    const routes: Route[] = [{ screen: 'runs' }, { screen: 'new', clone: 'abc' }, { screen: 'new', preset: 'quick' }, { screen: 'run', id: 'r1' }, { screen: 'compare', ids: ['a', 'b'] }, { screen: 'help', topic: 'strategy-first-order' }];
    for (const r of routes) expect(parseRoute(href(r))).toMatchObject(r);
    expect(parseRoute('')).toEqual({ screen: 'runs' });
    expect(parseRoute('#/nowhere')).toEqual({ screen: 'runs' });
  });
});
