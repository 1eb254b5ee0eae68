import { describe, expect, it } from 'vitest';
import { axisRanges, brushBetween, fraction, inBrushes, METRIC_STOPS, metricColour, valueAt } from '../../src/renderer/src/lib/parallel';

describe('parallel coordinates', () => {
  const rows = [
    [0.025, 0.81, null],
    [0.05, 0.9, 3],
    [0.1, 0.86, 3],
  ];

  it("spans each axis over the runs' values; a constant axis gets a unit span, an empty one none", () => {
    expect(axisRanges(rows, 3)).toEqual([{ lo: 0.025, hi: 0.1 }, { lo: 0.81, hi: 0.9 }, { lo: 3, hi: 4 }]);
    expect(axisRanges([[null], [NaN]], 1)).toEqual([null]);
    const r = { lo: 10, hi: 20 };
    expect(fraction(15, r)).toBe(0.5);
    expect(valueAt(0.25, r)).toBe(12.5);
    // A drag past the axis' ends stops at them.
    expect(valueAt(1.4, r)).toBe(20);
  });

  it('turns a drag in either direction into a range, and keeps only the runs inside every brushed one', () => {
    const r = { lo: 0.8, hi: 0.9 };
    const top = brushBetween(1, 0.5, r);
    expect(top.lo).toBeCloseTo(0.85);
    expect(top.hi).toBeCloseTo(0.9);
    expect(brushBetween(0.5, 1, r)).toEqual(top);
    const brushes = [null, top, null];
    expect(rows.map((v) => inBrushes(v, brushes))).toEqual([false, true, true]);
    // A second brush narrows the selection: lr ≤ 0.06.
    expect(rows.map((v) => inBrushes(v, [{ lo: 0, hi: 0.06 }, top, null]))).toEqual([false, true, false]);
    // No brush keeps everyone; a brushed axis drops a run that has no value there.
    expect(rows.map((v) => inBrushes(v, [null, null, null]))).toEqual([true, true, true]);
    expect(rows.map((v) => inBrushes(v, [null, null, { lo: 0, hi: 10 }]))).toEqual([false, true, true]);
  });

  it("colours low to high along viridis, clamped to the metric's range", () => {
    expect(metricColour(0)).toBe('rgb(68, 1, 84)');
    expect(metricColour(1)).toBe('rgb(253, 231, 37)');
    expect(metricColour(0.5)).toBe('rgb(33, 145, 140)');
    expect(metricColour(-3)).toBe(metricColour(0));
    expect(metricColour(7)).toBe(metricColour(1));
    expect(metricColour(NaN)).toBe(metricColour(0));
    expect(METRIC_STOPS[0]).toBe(metricColour(0));
    expect(METRIC_STOPS.at(-1)).toBe(metricColour(1));
  });
});
