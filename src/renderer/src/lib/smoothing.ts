import { STEP_SERIES, type SeriesMetric } from '../../../shared/runs';

/**
 * TensorBoard's scalar smoothing: an exponential moving average debiased like Adam's first moment,
 * so the first points are not pulled towards zero. Non-finite points (a diverging loss) pass through
 * as gaps and do not poison the average. `weight` is in [0, 1); 0 returns the raw series.
 */
export function smooth(y: ArrayLike<number | null>, weight: number): Array<number | null> {
  const out: Array<number | null> = new Array(y.length);
  let last = 0;
  let n = 0;
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (v === null || !Number.isFinite(v)) {
      out[i] = null;
      continue;
    }
    if (weight <= 0) {
      out[i] = v;
      continue;
    }
    last = last * weight + (1 - weight) * v;
    n++;
    out[i] = last / (1 - weight ** n);
  }
  return out;
}

/**
 * Each per-step series is a noisy batch estimate (smoothing helps to read it) or a schedule the run
 * follows exactly (smoothing would draw a step drop as a decay). Every step metric must be listed.
 */
const STEP_KIND: Record<keyof typeof STEP_SERIES, 'noisy' | 'schedule'> = {
  trainLoss: 'noisy',
  trainAcc: 'noisy',
  valLoss: 'noisy',
  gradNorm: 'noisy',
  archTime: 'noisy',
  weightTime: 'noisy',
  auxLoss: 'noisy',
  lr: 'schedule',
  archLr: 'schedule',
  dropPathProb: 'schedule',
};

/** Only noisy per-step series are smoothed: never a schedule, never a per-epoch series (one exact value an epoch). */
export function isNoisy(metric: SeriesMetric): boolean {
  const [scope, key] = metric.split('.') as ['step' | 'epoch', string];
  return scope === 'step' && STEP_KIND[key as keyof typeof STEP_SERIES] === 'noisy';
}

/** The series a chart draws for one line: smoothed only when the line is noisy and the weight is above 0. */
export function smoothedLine(y: ArrayLike<number | null>, weight: number, noisy: boolean): Array<number | null> | null {
  return noisy && weight > 0 ? smooth(y, weight) : null;
}

/** The last finite point of a series: [index, value], or null when it has none. */
export function lastPoint(y: ArrayLike<number | null>): [number, number] | null {
  for (let i = y.length - 1; i >= 0; i--) {
    const v = y[i];
    if (v !== null && Number.isFinite(v)) return [i, v];
  }
  return null;
}

/** A line's true last value, with its smoothed value where the line is drawn smoothed (shown side by side). */
export interface LatestValue {
  raw: number;
  smoothed: number | null;
}

export function latestValue(y: ArrayLike<number | null>, weight: number, noisy: boolean): LatestValue | null {
  const last = lastPoint(y);
  if (!last) return null;
  const s = smoothedLine(y, weight, noisy);
  return { raw: last[1], smoothed: s ? s[last[0]] : null };
}

/** One smoothing weight for every chart (dashboard and Compare), kept across sessions. */
export const SMOOTHING_KEY = 'nas-studio.smoothing';
export const DEFAULT_SMOOTHING = 0.6;
export const MAX_SMOOTHING = 0.99;
export const parseSmoothing = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= MAX_SMOOTHING ? v : undefined);
