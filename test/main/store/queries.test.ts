import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { SearchEvent } from '../../../src/shared/search-events';
import type { RunStore } from '../../../src/main/store';
import { config, searchEvents, tempStore } from './fixtures';

const DAY = 86_400_000;

/** 12 runs across spaces, strategies, datasets, statuses and tags, created one day apart. */
function populated(): { store: RunStore; ids: string[] } {
  const store = tempStore();
  const ids: string[] = [];
  for (let i = 0; i < 12; i++) {
    const cfg = config({
      name: `run ${String(i).padStart(2, '0')}${i % 4 === 0 ? ' [sweep_a]' : ''}`,
      model: { space: i % 2 ? 'darts' : 'nb201' },
      strategy: { id: i % 3 ? 'first-order' : 'second-order' },
      data: { dataset: i < 6 ? 'mnist' : 'fashion-mnist' },
    });
    const run = store.createRun({ config: cfg, tags: i % 3 === 0 ? ['baseline'] : [] });
    ids.push(run.id);
    if (i % 4 !== 3) store.appendEvents(run.id, searchEvents(cfg).map((e) => (e.type === 'epoch' ? { ...e, valAcc: (i * 7) % 12 / 12 } : e)));
  }
  store.setStatus(ids[5], 'failed', 'out of memory');
  const db = new Database(store.path);
  ids.forEach((id, i) => db.prepare('UPDATE runs SET created_at = ? WHERE id = ?').run(1_700_000_000_000 + i * DAY, id));
  db.close();
  return { store, ids };
}

describe('listRuns', () => {
  it('filters by status, space, strategy, dataset, tag, date range and name text', () => {
    const { store, ids } = populated();
    const names = (q: Parameters<RunStore['listRuns']>[0]) => store.listRuns({ ...q, sort: 'name', order: 'asc' }).runs.map((r) => r.name.slice(0, 6));
    expect(store.listRuns().total).toBe(12);
    expect(names({ status: ['queued'] })).toEqual(['run 03', 'run 07', 'run 11']);
    expect(names({ status: ['failed', 'queued'] })).toEqual(['run 03', 'run 05', 'run 07', 'run 11']);
    expect(names({ space: 'nb201', dataset: 'mnist' })).toEqual(['run 00', 'run 02', 'run 04']);
    expect(names({ strategy: 'second-order' })).toEqual(['run 00', 'run 03', 'run 06', 'run 09']);
    expect(names({ tag: 'baseline', dataset: 'fashion-mnist' })).toEqual(['run 06', 'run 09']);
    const created = store.runDetail(ids[2]).createdAt;
    expect(names({ createdFrom: created, createdTo: created + 2 * DAY })).toEqual(['run 02', 'run 03', 'run 04']);
    // LIKE wildcards in the text are taken literally.
    expect(names({ text: '[SWEEP_' })).toEqual(['run 00', 'run 04', 'run 08']);
    expect(names({ text: '%' })).toEqual([]);
  });

  it('sorts by created, name, status or final val acc (missing values last) and pages without overlap', () => {
    const { store } = populated();
    const byCreated = store.listRuns({ limit: 100 }).runs;
    expect(byCreated.map((r) => r.name.slice(0, 6))).toEqual(Array.from({ length: 12 }, (_, i) => `run ${String(11 - i).padStart(2, '0')}`));
    const acc = store.listRuns({ sort: 'finalValAcc', order: 'desc' }).runs.map((r) => r.finalValAcc);
    expect(acc.slice(0, 9)).toEqual([...acc.slice(0, 9)].sort((a, b) => b! - a!));
    expect(acc.slice(9)).toEqual([null, null, null]);
    expect(store.listRuns({ sort: 'finalValAcc', order: 'asc' }).runs.slice(9).map((r) => r.finalValAcc)).toEqual([null, null, null]);
    expect(store.listRuns({ sort: 'status', order: 'asc' }).runs.map((r) => r.status)).toEqual([...Array(8).fill('done'), 'failed', 'queued', 'queued', 'queued']);
    const pages = [0, 5, 10].map((offset) => store.listRuns({ sort: 'status', offset, limit: 5 }));
    expect(pages.map((p) => p.runs.length)).toEqual([5, 5, 2]);
    expect(pages.every((p) => p.total === 12)).toBe(true);
    expect(new Set(pages.flatMap((p) => p.runs.map((r) => r.id))).size).toBe(12);
  });

  it('breaks ties in creation time by insertion order, in the requested direction', () => {
    const store = tempStore();
    const ids = ['a', 'b', 'c'].map((name) => store.createRun({ config: config({ name }) }).id);
    const db = new Database(store.path);
    db.prepare('UPDATE runs SET created_at = 1700000000000').run();
    db.close();
    expect(store.listRuns({ sort: 'created', order: 'asc' }).runs.map((r) => r.id)).toEqual(ids);
    expect(store.listRuns({ sort: 'created', order: 'desc' }).runs.map((r) => r.id)).toEqual([...ids].reverse());
  });
});

describe('metricSeries', () => {
  const T0 = Date.UTC(2025, 0, 1);
  /** 10,000 steps of a smooth curve with one spike up and one down. */
  function longRun(store: RunStore, spikeAt: number, dipAt: number): string {
    const cfg = config({ budget: { epochs: 10 } });
    const run = store.createRun({ config: cfg });
    const [start, step] = searchEvents(cfg, { stepsPerEpoch: 1000 }) as [SearchEvent, Extract<SearchEvent, { type: 'step' }>];
    const steps: SearchEvent[] = Array.from({ length: 10_000 }, (_, t) => ({
      ...step,
      epoch: Math.floor(t / 1000),
      step: t % 1000,
      trainLoss: t === spikeAt ? 50 : t === dipAt ? -50 : Math.sin(t / 300),
      time: T0 + t * 10,
    }));
    store.appendEvents(run.id, [start, ...steps]);
    return run.id;
  }

  it('returns at most the budget per run, keeping the first and last points and the extremes', () => {
    const store = tempStore();
    const a = longRun(store, 1234, 8765);
    const b = longRun(store, 17, 9998);
    const series = store.metricSeries({ runIds: [a, b], metric: 'step.trainLoss', points: 400 });
    expect(series.map((s) => s.runId)).toEqual([a, b]);
    for (const [s, spike, dip] of [[series[0], 1234, 8765], [series[1], 17, 9998]] as const) {
      expect(s.total).toBe(10_000);
      expect(s.x.length).toBeLessThanOrEqual(400);
      expect(s.x.length).toBeGreaterThan(300);
      expect(s.x[0]).toBe(0);
      expect(s.x.at(-1)).toBe(9999);
      expect(s.y[0]).toBe(0);
      expect(s.y.at(-1)).toBeCloseTo(Math.sin(9999 / 300));
      expect(s.y[s.x.indexOf(spike)]).toBe(50);
      expect(s.y[s.x.indexOf(dip)]).toBe(-50);
      // Real points, in order, each with the time of its own row (downsampling keeps x, y and time together).
      expect(s.time).toHaveLength(s.x.length);
      s.x.forEach((x, i) => {
        if (i) expect(x).toBeGreaterThan(s.x[i - 1]);
        expect(s.time[i]).toBe(T0 + x * 10);
        if (x !== spike && x !== dip) expect(s.y[i]).toBeCloseTo(Math.sin(x / 300));
      });
    }
    expect(store.metricSeries({ runIds: [a], metric: 'step.trainLoss', points: 4 })[0].x.length).toBeLessThanOrEqual(4);
  });

  it('returns every point when the series fits, per-epoch metrics against the epoch', () => {
    const store = tempStore();
    const cfg = config();
    const run = store.createRun({ config: cfg });
    store.appendEvents(run.id, searchEvents(cfg));
    expect(store.metricSeries({ runIds: [run.id], metric: 'step.gradNorm' })[0]).toMatchObject({ x: Array.from({ length: 12 }, (_, i) => i), total: 12 });
    expect(store.metricSeries({ runIds: [run.id], metric: 'epoch.valAcc' })[0]).toMatchObject({ x: [0, 1, 2], y: [0.4, 0.5, 0.6000000000000001], total: 3 });
    expect(() => store.metricSeries({ runIds: [run.id], metric: 'step.valAcc' as never })).toThrow(/no metric series/);
    expect(() => store.metricSeries({ runIds: [run.id], metric: 'step.trainLoss', points: 3 })).toThrow(/at least 4/);
  });

  it('gives each point the time it was recorded, and null for a run recorded without times', () => {
    const store = tempStore();
    const cfg = config();
    const timed = store.createRun({ config: cfg });
    store.appendEvents(timed.id, searchEvents(cfg, { startTime: T0 }));
    const untimed = store.createRun({ config: cfg });
    store.appendEvents(untimed.id, searchEvents(cfg));
    const [steps, old] = store.metricSeries({ runIds: [timed.id, untimed.id], metric: 'step.trainLoss' });
    expect(steps.time).toEqual(Array.from({ length: 12 }, (_, t) => T0 + (t + 1) * 1000));
    expect(old.time).toEqual(Array.from({ length: 12 }, () => null));
    expect(store.metricSeries({ runIds: [timed.id], metric: 'epoch.valAcc' })[0].time).toEqual([T0 + 4500, T0 + 8500, T0 + 12_500]);
  });
});
