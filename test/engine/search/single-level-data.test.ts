import { describe, expect, it } from 'vitest';
import { splitTrainVal } from '../../../src/engine/data';
import { resolvePlugins } from '../../../src/engine/search';
import type { SearchEvent } from '../../../src/shared/search-events';
import { TINY_SEARCH } from '../../helpers/tiny-search';
import { runCollecting, tinyConfig } from './fixtures';

const ALL = TINY_SEARCH.data.options.trainCount;
const data = (trainPortion: number) => ({ ...TINY_SEARCH.data, trainPortion });

describe('single-level search on all the training data (trainPortion 1)', () => {
  it('portion 1 holds nothing out; below 1 the halves stay disjoint', () => {
    const { train, val } = splitTrainVal({ count: 10 }, 1);
    expect([...train]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([...val]).toEqual([...train]);
    const half = splitTrainVal({ count: 10 }, 0.5);
    expect([...half.train, ...half.val]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('is refused for a strategy that needs a val split, naming the field', () => {
    expect(() => resolvePlugins(tinyConfig({ data: data(1) }))).toThrow(/^data\.trainPortion: 1 leaves no val split for α; .*not 'first-order'/);
    expect(() => resolvePlugins(tinyConfig({ data: data(1), strategy: { id: 'mixed-level' } }))).toThrow(/data\.trainPortion/);
    expect(() => resolvePlugins(tinyConfig({ data: data(1), strategy: { id: 'single-level' } }))).not.toThrow();
  });

  it('trains w and α on batches drawn from all the examples, and α moves', { timeout: 120_000 }, async () => {
    const { events } = await runCollecting(tinyConfig({ data: data(1), strategy: { id: 'single-level' } }));
    const start = events[0];
    if (start.type !== 'start') throw new Error('no start event');
    expect(start.meta.trainExamples).toBe(ALL);
    expect(start.meta.stepsPerEpoch).toBe(2);
    const half = await runCollecting(tinyConfig({ data: data(0.5), strategy: { id: 'single-level' }, budget: { epochs: 1, stepsPerEpoch: 1, evalBatches: 1 } }));
    const halfStart = half.events[0];
    expect(halfStart.type === 'start' && halfStart.meta.trainExamples).toBe(ALL / 2);
    // Every step took an α step (its objective, L_train on the w batch, is reported as valLoss).
    const steps = events.filter((e): e is Extract<SearchEvent, { type: 'step' }> => e.type === 'step');
    expect(steps.length).toBe(4);
    for (const s of steps) expect(Number.isFinite(s.valLoss)).toBe(true);
    const alphas = events.filter((e): e is Extract<SearchEvent, { type: 'alpha' }> => e.type === 'alpha');
    expect(alphas.at(-1)!.raw.normal).not.toEqual(alphas[0].raw.normal);
    expect(events.at(-1)?.type).toBe('done');
  });
});
