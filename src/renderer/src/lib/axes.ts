/**
 * The product's one counting convention: epochs and steps are numbered from 1 (epoch 1 is the first
 * epoch, step 3 the third step), on charts as in the progress line, logs, tables and sliders. The
 * store and the events count from 0; this is the one place that converts.
 */
export const ordinal = (index0: number): number => index0 + 1;

/** A stored series (x counted from 0) as the charts draw it. */
export const chartX = (x0: readonly number[]): number[] => x0.map(ordinal);

/** Compare's x axes: the step (per-step panels) or epoch (per-epoch ones), time since the run started, or the wall clock. */
export type XAxis = 'step' | 'relative' | 'wall';

/** Each axis' choice label, and the chart's x label ('step'/'epoch' come from the panel), units included as the CSV export writes them. */
export const X_AXES: ReadonlyArray<{ id: XAxis; label: string; xLabel?: string }> = [
  { id: 'step', label: 'Step' },
  { id: 'relative', label: 'Relative time', xLabel: 'time since start (s)' },
  { id: 'wall', label: 'Wall time', xLabel: 'wall time (Unix s)' },
];

export const parseXAxis = (v: unknown): XAxis | undefined => X_AXES.find((a) => a.id === v)?.id;

/** A stored series: x counted from 0, and the time each point was recorded (null: not recorded, before schema 6). */
export interface TimedSeries {
  x: readonly number[];
  y: ReadonlyArray<number | null>;
  time: ReadonlyArray<number | null>;
}

/** Whether any point of the series was recorded with its time: runs stored before that have none. */
export const hasTimes = (s: TimedSeries): boolean => s.time.some((t) => t !== null);

/**
 * The points a chart draws on `axis`. Step: x as an ordinal. Time: x in seconds since `startedAt`
 * (relative; the first recorded time when the run has no start time) or since 1970 (wall, uPlot's
 * time scale). A point without a recorded time is left out, never placed at a guessed time.
 */
export function axisPoints(s: TimedSeries, axis: XAxis, startedAt: number | null): { x: number[]; y: Array<number | null> } {
  if (axis === 'step') return { x: chartX(s.x), y: [...s.y] };
  const keep = s.time.flatMap((t, i) => (t === null ? [] : [i]));
  const origin = axis === 'wall' ? 0 : (startedAt ?? s.time[keep[0]] ?? 0);
  return { x: keep.map((i) => (s.time[i]! - origin) / 1000), y: keep.map((i) => s.y[i]) };
}
