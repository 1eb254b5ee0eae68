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
