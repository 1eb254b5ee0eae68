import { describe, expect, it } from 'vitest';
import { curvesSvg } from '../../src/main/cli/study/curves';
import { curveMarkdown, genotypeAgreement, meanCurve, opWeightsMarkdown, runResult, stat, summarize, studyMarkdown } from '../../src/main/cli/study/summary';
import type { GenotypeJsonShape, SearchEvent } from '../../src/shared/search-events';

const cell = (ops: string[]): GenotypeJsonShape['normal'] => ops.map((op, i) => [op, i % 2] as [string, number]);
const genotype = (normal: string[], reduce = ['max_pool_3x3', 'max_pool_3x3']): GenotypeJsonShape => ({
  normal: cell(normal),
  normal_concat: [2],
  reduce: cell(reduce),
  reduce_concat: [2],
});

const PRIMITIVES = ['none', 'skip_connect', 'sep_conv_3x3'];
const start = (resumedFromEpoch: number | null) => ({ type: 'start', resumedFromEpoch, meta: { primitives: PRIMITIVES } }) as unknown as SearchEvent;
const epoch = (e: number, valAcc: number, seconds = 10): SearchEvent => ({ type: 'epoch', epoch: e, epochs: 3, trainLoss: 1, trainAcc: 0.5, valLoss: 1, valAcc, lr: 0.1, seconds });
/** An α snapshot whose normal cell has these relaxed weight rows (none, skip, sep3). */
const alpha = (e: number, normal: number[][]): SearchEvent => ({ type: 'alpha', epoch: e, raw: { normal }, weights: { normal } });
const UNIFORM = [1 / 3, 1 / 3, 1 / 3];

describe('study summary', () => {
  it('folds a log with a fresh restart and a resume: each epoch counted once', () => {
    const events: SearchEvent[] = [
      start(null),
      epoch(0, 0.1, 99),
      start(null), // a restart throws away what came before
      epoch(0, 0.2),
      epoch(1, 0.3, 99),
      start(1), // resumed after epoch 0: epoch 1 is run again
      epoch(1, 0.4),
      epoch(2, 0.5),
      alpha(2, [UNIFORM]),
      { type: 'done', epochs: 3, genotype: genotype(['skip_connect', 'sep_conv_3x3']), seconds: 30 },
    ];
    const r = runResult('p', 1, events);
    expect(r).toMatchObject({ status: 'done', epochsCompleted: 3, valAcc: 0.5, normalSkip: 1, collapsed: false, seconds: 30 });
    expect(runResult('p', 2, events.slice(0, 5))).toMatchObject({ status: 'partial', epochsCompleted: 2, valAcc: 0.3 });
    expect(runResult('p', 3, [])).toMatchObject({ status: 'not started', valAcc: null, collapsed: null });
  });

  it('collapse: three skip_connects in the normal cell, or a normal edge that none dominates', () => {
    const done = (normal: string[], rows: number[][]) => [
      start(null),
      epoch(0, 0.5),
      alpha(0, rows),
      { type: 'done', epochs: 1, genotype: genotype(normal), seconds: 1 } as SearchEvent,
    ];
    expect(runResult('p', 1, done(['skip_connect', 'skip_connect', 'skip_connect', 'sep_conv_3x3'], [UNIFORM])).collapsed).toBe(true);
    expect(runResult('p', 1, done(['skip_connect', 'skip_connect', 'sep_conv_3x3', 'sep_conv_3x3'], [UNIFORM])).collapsed).toBe(false);
    // none holding more than half an edge's weight is collapse; none as a bare argmax is not.
    expect(runResult('p', 1, done(['sep_conv_3x3', 'sep_conv_3x3'], [UNIFORM, [0.6, 0.2, 0.2]])).collapsed).toBe(true);
    expect(runResult('p', 1, done(['sep_conv_3x3', 'sep_conv_3x3'], [[0.4, 0.3, 0.3]])).collapsed).toBe(false);
    // Sigmoid weights are normalised first: 0.9 of 0.9 + 0.5 + 0.5 is under half.
    expect(runResult('p', 1, done(['sep_conv_3x3', 'sep_conv_3x3'], [[0.9, 0.5, 0.5]])).collapsed).toBe(false);
  });

  it('agreement is the mean pairwise share of identical kept edges', () => {
    const a = genotype(['sep_conv_3x3', 'skip_connect']);
    const b = genotype(['sep_conv_3x3', 'dil_conv_3x3']);
    // a and b share 3 of 4 edges (normal node 2 input 0, both reduce edges); a with itself: all.
    expect(genotypeAgreement([a, b])).toBe(0.75);
    expect(genotypeAgreement([a, a, b])).toBeCloseTo((1 + 0.75 + 0.75) / 3, 12);
    expect(genotypeAgreement([a])).toBeNull();
    const empty: GenotypeJsonShape = { normal: [], normal_concat: [2], reduce: [], reduce_concat: [2] };
    expect(genotypeAgreement([empty, empty])).toBe(1);
    expect(genotypeAgreement([empty, a])).toBe(0);
    // The same edge feeding another node is a different edge: explicit [op, input, node] layout.
    const explicit: GenotypeJsonShape = { ...a, normal: [['sep_conv_3x3', 0, 3], ['skip_connect', 1, 2]] };
    expect(genotypeAgreement([a, explicit])).toBe(0.75);
  });

  it('statistics over finished runs, and the table', () => {
    expect(stat([0.5, 0.7])).toEqual({ mean: 0.6, std: expect.closeTo(Math.SQRT2 * 0.1, 12), n: 2 });
    expect(stat([1])).toEqual({ mean: 1, std: 0, n: 1 });
    const ok = (seed: number, acc: number, normal: string[]): ReturnType<typeof runResult> =>
      runResult('p', seed, [start(null), epoch(0, acc), { type: 'done', epochs: 1, genotype: genotype(normal), seconds: 1 } as SearchEvent]);
    const s = summarize('p', [
      ok(1, 0.5, ['skip_connect', 'skip_connect', 'skip_connect', 'sep_conv_3x3']),
      ok(2, 0.7, ['sep_conv_3x3', 'sep_conv_3x3', 'sep_conv_3x3', 'sep_conv_3x3']),
      runResult('p', 3, [start(null), epoch(0, 0.9)]),
    ]);
    expect(s).toMatchObject({ runs: 3, done: 2, collapseRate: 0.5, normalSkip: { mean: 1.5 }, valAcc: { mean: 0.6 } });
    expect(studyMarkdown([s])).toContain('| p | 2/3 | 60.0% ± 14.1% | 1.5 ± 2.1 | 50.0% |');
  });

  it('per-epoch curve: skip_connects of each epoch\'s genotype, mean none weight and largest weight of its α; a resume replaces the epochs it repeats', () => {
    const g = (e: number, normal: string[]): SearchEvent => ({ type: 'genotype', epoch: e, genotype: genotype(normal) });
    const r = runResult('p', 1, [
      start(null),
      epoch(0, 0.2),
      alpha(0, [UNIFORM, UNIFORM]),
      g(0, ['sep_conv_3x3', 'sep_conv_3x3']),
      epoch(1, 0.3),
      alpha(1, [[0.9, 0.05, 0.05], UNIFORM]),
      g(1, ['skip_connect', 'skip_connect']),
      start(1), // epoch 1 again: the first attempt's values go
      epoch(1, 0.4),
      alpha(1, [[0.5, 0.3, 0.2], [0.1, 0.6, 0.3]]),
      g(1, ['skip_connect', 'sep_conv_3x3']),
      epoch(2, 0.5), // no α or genotype recorded for this epoch
    ]);
    expect(r.curve).toEqual([
      { epoch: 0, valAcc: 0.2, normalSkip: 0, noneWeight: expect.closeTo(1 / 3, 12), maxWeight: expect.closeTo(1 / 3, 12), peakToMean: expect.closeTo(1, 12) },
      { epoch: 1, valAcc: 0.4, normalSkip: 1, noneWeight: expect.closeTo(0.3, 12), maxWeight: 0.6, peakToMean: expect.closeTo(1.8, 12) },
      { epoch: 2, valAcc: 0.5, normalSkip: null, noneWeight: null, maxWeight: null, peakToMean: null },
    ]);
    // A space without none (Fair DARTS) has no none weight.
    const noNone = { type: 'start', resumedFromEpoch: null, meta: { primitives: ['skip_connect', 'sep_conv_3x3'] } } as unknown as SearchEvent;
    // Sigmoid weights (not summing to 1) and a pruned op (weight 0, not live): 0.8 over the mean of 0.8 and 0.4.
    expect(runResult('p', 1, [noNone, epoch(0, 0.5), alpha(0, [[0.4, 0.8, 0]])]).curve).toEqual([
      { epoch: 0, valAcc: 0.5, normalSkip: null, noneWeight: null, maxWeight: 0.8, peakToMean: expect.closeTo(4 / 3, 12) },
    ]);
  });

  it('mean curve over seeds: each epoch over the runs that reached it; its table and figure', () => {
    const run = (seed: number, skips: number[], none: number) =>
      runResult('p', seed, [
        start(null),
        ...skips.flatMap((k, e): SearchEvent[] => [
          epoch(e, 0.5 + 0.1 * seed),
          alpha(e, [[none, 1 - none, 0]]),
          { type: 'genotype', epoch: e, genotype: genotype(Array.from({ length: 4 }, (_, i) => (i < k ? 'skip_connect' : 'sep_conv_3x3'))) },
        ]),
      ]);
    const runs = [run(1, [0, 1, 3], 0.2), run(2, [0, 2], 0.4)];
    const c = meanCurve(runs);
    expect(c.map((p) => [p.epoch, p.valAcc.n, p.skipPerRun])).toEqual([
      [0, 2, [0, 0]],
      [1, 2, [1, 2]],
      [2, 1, [3]],
    ]);
    expect(c[1].normalSkip).toEqual({ mean: 1.5, std: expect.closeTo(Math.SQRT1_2, 12), n: 2 });
    expect(c[1].noneWeight?.mean).toBeCloseTo(0.3, 12);
    expect(c[2].maxWeight).toEqual({ mean: 0.8, std: 0, n: 1 });
    const s = summarize('p', runs);
    expect(s.curve).toEqual(c);
    // Mean normal weight per op in the last α: runs are partial here, so no table; as finished runs they have one.
    expect(runs.map((r) => r.opWeights)).toEqual([
      { none: 0.2, skip_connect: 0.8, sep_conv_3x3: 0 },
      { none: 0.4, skip_connect: 0.6, sep_conv_3x3: 0 },
    ]);
    expect(opWeightsMarkdown(s)).toBe('');
    const finished = summarize('p', runs.map((r) => ({ ...r, status: 'done' as const })));
    expect(opWeightsMarkdown(finished)).toContain('| none | skip_connect | sep_conv_3x3 |\n|---|---|---|\n| 0.300 ± 0.141 | 0.700 ± 0.141 | 0.000 ± 0.000 |');
    // Live ops [none, 1 − none]: peak to mean 2·0.8 (seed 1) and 2·0.6 (seed 2).
    expect(curveMarkdown(s)).toContain('| 2 | 2 | 65.0% ± 7.1% | 1.5 ± 0.7 (1 / 2) | 0.300 ± 0.141 | 0.700 ± 0.141 | 1.400 ± 0.283 |');

    // One panel per indicator, a line per preset; a preset without none draws none in that panel.
    const fair = summarize('fair', [runResult('fair', 1, [start(null), epoch(0, 0.5), epoch(1, 0.6)])]);
    const svg = curvesSvg([s, fair], 'a & b');
    for (const t of ['skip_connect in the derived normal cell', 'mean none weight, normal cell', 'largest normal α weight ÷ its edge mean', 'search val accuracy', 'a &amp; b', '>fair</text>']) expect(svg).toContain(t);
    // Paths: p in all four panels, fair only in val accuracy.
    expect(svg.match(/<path /g)).toHaveLength(5);
  });
});
