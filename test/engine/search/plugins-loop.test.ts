import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { resolvePlugins, search } from '../../../src/engine/search';
import type { SearchEvent } from '../../../src/shared/search-events';
import { straightAndResumed, tinyConfig } from './fixtures';

type Of<T extends SearchEvent['type']> = Extract<SearchEvent, { type: T }>;

/** The run's events; `counts` gets the tensor count at every step. */
async function run(over: Parameters<typeof tinyConfig>[0], counts: number[] = []): Promise<SearchEvent[]> {
  const out: SearchEvent[] = [];
  for await (const e of search(tinyConfig(over))) {
    out.push(e);
    if (e.type === 'step') counts.push(tf.memory().numTensors);
  }
  return out;
}
const ofType = <T extends SearchEvent['type']>(events: SearchEvent[], t: T) => events.filter((e): e is Of<T> => e.type === t);
const alphas = (events: SearchEvent[]) => ofType(events, 'alpha').map((e) => e.raw);

describe('search loop: strategies, regularizers, schedules, diagnostics', () => {
  it('emits per-epoch diagnostics with collapse indicators, scheduled values and plug-in values, with a flat tensor count', async () => {
    const counts: number[] = [];
    const events = await run(
      {
        regularizers: [{ id: 'zero-one', options: { weight: 10 } }, { id: 'augment', options: { noiseStd: 0.05, flip: true } }],
        schedules: { 'archOptimizer.lr': { id: 'linear', from: 3e-3, to: 1e-3 } },
      },
      counts,
    );
    // Optimizer slots appear on the first step; from then on nothing may accumulate.
    expect(new Set(counts.slice(1)).size).toBe(1);
    const diags = ofType(events, 'diagnostics');
    expect(diags.map((d) => d.epoch)).toEqual([0, 1]);
    const [d0, d1] = diags.map((d) => d.values);
    // Two epochs: the linear schedule reads 3e-3 at epoch 0 and 2e-3 at epoch 1; the steps use it.
    expect(d0['schedule.archOptimizer.lr']).toBeCloseTo(3e-3, 12);
    expect(d1['schedule.archOptimizer.lr']).toBeCloseTo(2e-3, 12);
    expect(ofType(events, 'step').map((s) => s.archLr)).toEqual([3e-3, 3e-3, 2e-3, 2e-3].map((v) => expect.closeTo(v, 12)));
    for (const d of [d0, d1]) {
      expect(d['normal.none_weight']).toBeGreaterThan(0);
      expect(d['normal.none_weight']).toBeLessThan(1);
      expect(d['normal.skip_dominant_fraction']).toBeCloseTo(d['normal.skip_dominant'] / 14, 12);
      // Near-uniform α over 8 ops: the entropy is close to ln 8.
      expect(d['normal.entropy']).toBeGreaterThan(Math.log(8) - 0.05);
      expect(d['genotype.normal_skip']).toBeGreaterThanOrEqual(0);
      expect(d['zero-one.l01']).toBeLessThanOrEqual(0);
      expect(d.lr).toBeGreaterThan(0);
    }
    // The live tensor count it reports is the steps' own, unchanged by the epoch's evaluation and α reads.
    expect([d0['engine.tensors'], d1['engine.tensors']]).toEqual([counts.at(-1), counts.at(-1)]);
    expect(d0['genotype.changed_edges']).toBeUndefined();
    expect(d1['genotype.changed_edges']).toBeGreaterThanOrEqual(0);
    // The diagnostics agree with the α snapshot of the same epoch.
    const w = ofType(events, 'alpha')[1].weights.normal;
    expect(d1['normal.none_weight']).toBeCloseTo(w.reduce((a, r) => a + r[0], 0) / w.length, 12);
  });

  it('Amended-DARTS with η = 0 follows first-order DARTS exactly; η > 0 departs from it', async () => {
    const first = await run({ strategy: { id: 'first-order' } });
    const amended0 = await run({ strategy: { id: 'amended', options: { eta: 0 } } });
    expect(alphas(amended0)).toEqual(alphas(first));
    const amended = await run({ strategy: { id: 'amended', options: { eta: 0.1 } } });
    expect(alphas(amended)).not.toEqual(alphas(first));
    const d = ofType(amended, 'diagnostics')[0].values;
    expect(d['amended.g2_norm']).toBeGreaterThan(0);
    expect(Math.abs(d['amended.cos_g1_g2'])).toBeLessThanOrEqual(1);
    // Updating w before α is a different trajectory.
    const wFirst = await run({ strategy: { id: 'first-order' }, stepOrder: 'weights-first' });
    expect(alphas(wFirst)).not.toEqual(alphas(first));
  });

  it('a scheduled strategy option is applied per epoch (η of Amended-DARTS)', async () => {
    const events = await run({ strategy: { id: 'amended' }, schedules: { 'strategy.options.eta': { id: 'linear', from: 0, to: 0.2 } } });
    const [d0, d1] = ofType(events, 'diagnostics').map((d) => d.values);
    expect(d0['schedule.strategy.options.eta']).toBe(0);
    expect(d0['amended.g2_norm']).toBe(0);
    expect(d1['schedule.strategy.options.eta']).toBeCloseTo(0.1, 12);
    expect(d1['amended.g2_norm']).toBeGreaterThan(0);
  });

  it('a resumed run repeats the augmentation draws and scheduled values: the same α trajectory', async () => {
    const config = tinyConfig({
      budget: { epochs: 3, stepsPerEpoch: 2, evalBatches: 1 },
      regularizers: [{ id: 'augment', options: { noiseStd: 0.1, flip: true, maxShift: 1 } }, { id: 'zero-one' }],
      schedules: { 'archOptimizer.lr': { id: 'cosine', from: 3e-3, to: 1e-4 } },
    });
    const { straight, interrupted, resumed } = await straightAndResumed(config);
    expect([...alphas(interrupted), ...alphas(resumed)]).toEqual(alphas(straight));
  });

  it('resolvePlugins names the faulty field of regularizers and schedules', () => {
    expect(() => resolvePlugins(tinyConfig({ regularizers: [{ id: 'dropblock' }] }))).toThrow(/^regularizers\.0\.id: unknown regularizer 'dropblock'/);
    expect(() => resolvePlugins(tinyConfig({ regularizers: [{ id: 'zero-one', options: { weight: -1 } }] }))).toThrow(/weight/);
    expect(() => resolvePlugins(tinyConfig({ schedules: { 'model.channels': { from: 4 } } }))).toThrow(/^schedules\.model\.channels: 'model\.channels' cannot be scheduled/);
    expect(() => resolvePlugins(tinyConfig({ schedules: { 'strategy.options.eta': { from: 0.1 } } }))).toThrow(/eta/);
    expect(() => resolvePlugins(tinyConfig({ schedules: { 'archOptimizer.lr': { id: 'neca', from: 1e-3, options: { form: 'x' } } } }))).toThrow(/form/);
    expect(() => resolvePlugins(tinyConfig({ schedules: { 'archOptimizer.lr': { id: 'linear', from: 1e-3, to: -1e-3 } } }))).toThrow(/lr/);
  });
});
