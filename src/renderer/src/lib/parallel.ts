// Parallel coordinates' logic: each axis' range, the brushed ranges that filter runs, and the
// colour scale of the metric the lines are coloured by. The SVG is components/ParallelCoordinates.

export interface Range {
  lo: number;
  hi: number;
}

/** Each axis' min–max over the lines' finite values (a constant axis spans lo … lo + 1); null when no line has a value there. */
export function axisRanges(rows: ReadonlyArray<ReadonlyArray<number | null>>, axes: number): Array<Range | null> {
  return Array.from({ length: axes }, (_, i) => {
    const vs = rows.map((r) => r[i]).filter((v): v is number => v !== null && Number.isFinite(v));
    if (vs.length === 0) return null;
    const lo = Math.min(...vs);
    const hi = Math.max(...vs);
    return { lo, hi: hi === lo ? lo + 1 : hi };
  });
}

/** Where a value sits in its axis' range: 0 at the bottom, 1 at the top. */
export const fraction = (v: number, r: Range): number => (v - r.lo) / (r.hi - r.lo);

/** The value at a fraction of the range (the inverse of `fraction`), for turning a dragged span into a brush. */
export const valueAt = (f: number, r: Range): number => r.lo + Math.max(0, Math.min(1, f)) * (r.hi - r.lo);

/** A brush from two fractions of an axis dragged over, in either direction. */
export const brushBetween = (f0: number, f1: number, r: Range): Range => ({ lo: valueAt(Math.min(f0, f1), r), hi: valueAt(Math.max(f0, f1), r) });

/** Whether a run's values lie inside every brushed range; a run with no value on a brushed axis is outside it. */
export function inBrushes(values: ReadonlyArray<number | null>, brushes: ReadonlyArray<Range | null>): boolean {
  return brushes.every((b, i) => {
    if (!b) return true;
    const v = values[i];
    return v !== null && v !== undefined && v >= b.lo && v <= b.hi;
  });
}

// Viridis at five stops: perceptually ordered, readable by most colour-blind readers, dark = low.
const STOPS: ReadonlyArray<readonly [number, number, number]> = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];

/** The colour of a fraction 0 (low) … 1 (high) of the colour-by metric's range. */
export function metricColour(f: number): string {
  const t = Math.max(0, Math.min(1, Number.isFinite(f) ? f : 0)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(t));
  const k = t - i;
  const [r, g, b] = STOPS[i].map((c, j) => Math.round(c + (STOPS[i + 1][j] - c) * k));
  return `rgb(${r}, ${g}, ${b})`;
}

/** The scale's stops, low to high, for a colour bar's gradient. */
export const METRIC_STOPS: readonly string[] = STOPS.map(([r, g, b]) => `rgb(${r}, ${g}, ${b})`);
