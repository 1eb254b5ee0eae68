/**
 * Splits example indices as DARTS's train_search does (train_portion): the first
 * floor(portion * count) indices train the weights, the rest (in order) are the validation
 * half that trains the architecture. Shuffling happens later, within each half, in the loader.
 * Portion 1 holds nothing out: both "halves" are the whole set (single-level search).
 */
export function splitTrainVal(set: { count: number }, portion = 0.5): { train: Int32Array; val: Int32Array } {
  if (portion === 1 && set.count > 0) {
    const all = Int32Array.from({ length: set.count }, (_, i) => i);
    return { train: all, val: all };
  }
  const cut = Math.floor(portion * set.count);
  if (!(cut > 0 && cut < set.count)) {
    throw new RangeError(`train portion ${portion} of ${set.count} examples leaves one half empty`);
  }
  const all = Int32Array.from({ length: set.count }, (_, i) => i);
  return { train: all.subarray(0, cut), val: all.subarray(cut) };
}
