import { afterEach, describe, expect, it, vi } from 'vitest';
import { EPOCH_SERIES, STEP_SERIES, type SeriesMetric } from '../../src/shared/runs';
import { readStored } from '../../src/renderer/src/hooks/usePersistentState';
import { chartX, ordinal } from '../../src/renderer/src/lib/axes';
import { RUN_CHARTS } from '../../src/renderer/src/lib/run-charts';
import { isNoisy, latestValue, parseSmoothing, smooth, smoothedLine } from '../../src/renderer/src/lib/smoothing';

const STEP = Object.keys(STEP_SERIES).map((k) => `step.${k}` as SeriesMetric);
const EPOCH = Object.keys(EPOCH_SERIES).map((k) => `epoch.${k}` as SeriesMetric);

describe('which series are smoothed', () => {
  it('smooths the noisy per-step batch estimates, never a schedule and never a per-epoch series', () => {
    for (const m of ['step.trainLoss', 'step.valLoss', 'step.trainAcc', 'step.auxLoss', 'step.gradNorm'] as const) expect(isNoisy(m), m).toBe(true);
    for (const m of ['step.lr', 'step.archLr', 'step.dropPathProb'] as const) expect(isNoisy(m), m).toBe(false);
    for (const m of EPOCH) expect(isNoisy(m), m).toBe(false);
    // Every step metric is classified one way or the other.
    expect(STEP.filter(isNoisy).length + ['step.lr', 'step.archLr', 'step.dropPathProb'].length).toBe(STEP.length);
  });

  it('draws a step drop of the learning rate and a 2-point per-epoch series exactly as recorded, whatever the weight', () => {
    const lr = [0.1, 0.1, 0.1, 0.01, 0.01];
    expect(smoothedLine(lr, 0.6, isNoisy('step.lr'))).toBeNull();
    expect(smoothedLine([0.2, 0.34], 0.6, isNoisy('epoch.valAcc'))).toBeNull();
    expect(smoothedLine([2.3, 2.1, 2.2], 0.6, isNoisy('step.trainLoss'))).toEqual(smooth([2.3, 2.1, 2.2], 0.6));
    expect(smoothedLine([2.3, 2.1, 2.2], 0, isNoisy('step.trainLoss'))).toBeNull();
  });

  it("leaves every dashboard chart of schedules or epochs unsmoothed", () => {
    for (const kind of ['search', 'retrain'] as const)
      for (const chart of RUN_CHARTS[kind]) {
        const noisy = chart.metrics.map(([m]) => isNoisy(m));
        if (chart.x === 'epoch' || /rate|drop path/i.test(chart.title)) expect(noisy, chart.title).not.toContain(true);
      }
  });
});

describe('the true last value beside the smoothed line', () => {
  it('reports the raw last value, and the smoothed one only where the line is smoothed', () => {
    const rising = [0.1, 0.1, 0.1, 0.9];
    const v = latestValue(rising, 0.6, true)!;
    expect(v.raw).toBe(0.9);
    // The smoothed end lags well behind the data: exactly what must never be shown alone.
    expect(v.smoothed).toBeCloseTo(smooth(rising, 0.6)[3]!);
    expect(v.smoothed!).toBeLessThan(0.6);
    expect(latestValue([0.27, 0.34], 0.6, false)).toEqual({ raw: 0.34, smoothed: null });
  });

  it('skips trailing gaps (a diverged loss) and has nothing for an empty series', () => {
    expect(latestValue([2, 1.5, null, NaN], 0.5, true)).toEqual({ raw: 1.5, smoothed: smooth([2, 1.5], 0.5)[1] });
    expect(latestValue([], 0.5, true)).toBeNull();
    expect(latestValue([null], 0.5, true)).toBeNull();
  });
});

describe('the persisted smoothing weight', () => {
  afterEach(() => vi.unstubAllGlobals());
  const storage = (items: Record<string, string>) => vi.stubGlobal('localStorage', { getItem: (k: string) => items[k] ?? null });

  it('accepts a weight in [0, 0.99] and rejects anything else', () => {
    expect(parseSmoothing(0)).toBe(0);
    expect(parseSmoothing(0.6)).toBe(0.6);
    for (const bad of [-0.1, 1, 0.995, NaN, '0.6', null, {}]) expect(parseSmoothing(bad), String(bad)).toBeUndefined();
  });

  it('reads a stored value back, and falls back on a missing, corrupt or rejected one', () => {
    storage({ ok: '0.3', corrupt: '{', bad: '7' });
    expect(readStored('ok', parseSmoothing)).toBe(0.3);
    expect(readStored('missing', parseSmoothing)).toBeUndefined();
    expect(readStored('corrupt', parseSmoothing)).toBeUndefined();
    expect(readStored('bad', parseSmoothing)).toBeUndefined();
  });
});

describe('one epoch convention', () => {
  it('counts epochs and steps from 1 on charts, as everywhere else', () => {
    expect(ordinal(0)).toBe(1);
    expect(chartX([0, 1, 2])).toEqual([1, 2, 3]);
  });
});
