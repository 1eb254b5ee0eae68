import { describe, expect, it } from 'vitest';
import { axisPoints, hasTimes, parseXAxis, X_AXES } from '../../src/renderer/src/lib/axes';

const T0 = Date.UTC(2025, 0, 1, 12);

describe("Compare's x axes", () => {
  // Three steps recorded 1.5 s apart, 2 s after the run started.
  const timed = { x: [0, 1, 2], y: [2.3, 2.1, 1.9], time: [T0 + 2000, T0 + 3500, T0 + 5000] };

  it('draws steps as ordinals, and places each point at its recorded time: seconds since the start, or Unix seconds', () => {
    expect(axisPoints(timed, 'step', T0)).toEqual({ x: [1, 2, 3], y: [2.3, 2.1, 1.9] });
    expect(axisPoints(timed, 'relative', T0)).toEqual({ x: [2, 3.5, 5], y: [2.3, 2.1, 1.9] });
    expect(axisPoints(timed, 'wall', T0)).toEqual({ x: [(T0 + 2000) / 1000, (T0 + 3500) / 1000, (T0 + 5000) / 1000], y: [2.3, 2.1, 1.9] });
    // Without a start time, relative time counts from the first recorded point.
    expect(axisPoints(timed, 'relative', null).x).toEqual([0, 1.5, 3]);
  });

  it('leaves out points recorded without a time rather than guessing one, and knows a run that has none', () => {
    const old = { x: [0, 1], y: [2.3, 2.2], time: [null, null] };
    expect(hasTimes(old)).toBe(false);
    expect(hasTimes(timed)).toBe(true);
    expect(axisPoints(old, 'relative', T0)).toEqual({ x: [], y: [] });
    expect(axisPoints(old, 'step', T0)).toEqual({ x: [1, 2], y: [2.3, 2.2] });
    // A run resumed after an upgrade: only its newer rows have times.
    const mixed = { x: [0, 1, 2], y: [1, null, 3], time: [null, T0 + 1000, T0 + 2000] };
    expect(axisPoints(mixed, 'relative', T0)).toEqual({ x: [1, 2], y: [null, 3] });
  });

  it('offers step, relative time and wall time, and reads back only those from storage', () => {
    expect(X_AXES.map((a) => a.id)).toEqual(['step', 'relative', 'wall']);
    expect(parseXAxis('wall')).toBe('wall');
    expect(parseXAxis('epoch')).toBeUndefined();
    expect(parseXAxis(3)).toBeUndefined();
  });
});
