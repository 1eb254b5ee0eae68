/**
 * The kernel module's exports (kernels/, AssemblyScript): pointers are byte offsets into the
 * memory it imports, counts and sizes are i32, and a bool is 0 or 1.
 */
export interface Exports {
  depthwiseFilterGrad(dy: number, x: number, out: number, n: number, rows: number, cols: number, c: number, h: number, w: number, k: number, s: number, d: number, pad: number, tap0: number, taps: number): void;
  batchNormForward(x: number, y: number, mean: number, variance: number, gamma: number, beta: number, p: number, c: number, cs: number, eps: number): void;
  batchNormBackward(dy: number, x: number, mean: number, variance: number, gamma: number, dx: number, dgamma: number, dbeta: number, p: number, c: number, cs: number, eps: number): void;
  mix4(out: number, accumulate: boolean, y0: number, y1: number, y2: number, y3: number, a0: number, a1: number, a2: number, a3: number, n: number): void;
  dot4(dy: number, y0: number, y1: number, y2: number, y3: number, out: number, i0: number, i1: number, i2: number, i3: number, n: number): void;
  poolGrad(dy: number, x: number, dx: number, n: number, h: number, w: number, c: number, rows: number, cols: number, stride: number, max: boolean): void;
  stridedTap(x: number, out: number, n: number, h: number, w: number, c: number, rowStart: number, colStart: number, rows: number, cols: number, step: number): void;
  depthwiseConv(x: number, w: number, out: number, n: number, h: number, wd: number, c: number, k: number, s: number, d: number, pad: number, rows: number, cols: number, flip: boolean): void;
  pointwiseConv(input: number, w: number, out: number, p: number, na: number, nb: number, adjoint: boolean): void;
  pointwiseFilterGrad(x: number, dy: number, out: number, p: number, cin: number, xs: number, cout: number): void;
  spread(dy: number, out: number, n: number, r: number, cl: number, c: number, step: number, offset: number, rows: number, cols: number): void;
  copyRows(src: number, srcStride: number, dst: number, dstStride: number, rows: number, width: number): void;
  reluGrad(dy: number, x: number, dx: number, n: number): void;
  relu(x: number, y: number, n: number): void;
  add(a: number, b: number, out: number, n: number): void;
  runningStatistics(mean: number, variance: number, batchMean: number, batchVariance: number, meanOut: number, varianceOut: number, c: number, momentum: number, unbiased: number): void;
}

export type KernelName = keyof Exports;

/**
 * How a kernel's work divides into independent parts: the argument `count` (images, positions,
 * channels, taps or elements) is cut into ranges, each pointer argument moves to its range's
 * start, `bytes(args)` per unit, and each `starts` argument becomes the range's first unit. Every
 * part computes its outputs with the same arithmetic in the same order as the whole call, so a cut
 * call's results equal an uncut one's bit for bit: reductions are cut only across what they do not
 * sum over (channels or taps, never images or positions).
 */
export interface Division {
  count: number;
  pointers: readonly (readonly [index: number, bytes: (args: readonly number[]) => number])[];
  /** Arguments that index the first unit (where the kernel finds its range by index, not by pointer). */
  starts?: readonly number[];
  /** Ranges start at multiples of this (the kernels' 4-lane blocks). */
  align: number;
  /** Multiply-adds (or element operations) per unit: what decides whether a call is worth cutting. */
  work: (args: readonly number[]) => number;
}

const f32 = 4;
const perUnit = (bytes: number) => () => bytes;

/**
 * The kernels worth cutting across threads. dot4 (⟨dy, y⟩ over all elements) is left whole: its
 * parts would have to be summed, in another order.
 */
export const DIVISIONS: Partial<Record<KernelName, Division>> = {
  // images [n, h, w, c]
  depthwiseConv: { count: 3, align: 1, work: (a) => a[11] * a[12] * a[6] * a[7] * a[7], pointers: [[0, (a) => a[4] * a[5] * a[6] * f32], [2, (a) => a[11] * a[12] * a[6] * f32]] },
  poolGrad: { count: 3, align: 1, work: (a) => a[7] * a[8] * a[6] * 9, pointers: [[0, (a) => a[7] * a[8] * a[6] * f32], [1, (a) => a[4] * a[5] * a[6] * f32], [2, (a) => a[4] * a[5] * a[6] * f32]] },
  stridedTap: { count: 2, align: 1, work: (a) => a[8] * a[9] * a[5], pointers: [[0, (a) => a[3] * a[4] * a[5] * f32], [1, (a) => a[8] * a[9] * a[5] * f32]] },
  spread: { count: 2, align: 1, work: (a) => a[3] * a[4] * a[5], pointers: [[0, (a) => a[3] * a[4] * a[5] * f32], [1, (a) => a[8] * a[9] * a[5] * f32]] },
  // positions
  pointwiseConv: { count: 3, align: 4, work: (a) => a[4] * a[5], pointers: [[0, (a) => a[4] * f32], [2, (a) => a[5] * f32]] },
  copyRows: { count: 4, align: 1, work: (a) => a[5], pointers: [[0, (a) => a[1] * f32], [2, (a) => a[3] * f32]] },
  // taps (k²): a part keeps every channel, and with them the kernel's 16-channel blocks
  depthwiseFilterGrad: { count: 14, align: 1, work: (a) => a[3] * a[4] * a[5] * a[6], pointers: [], starts: [13] },
  // channels
  batchNormForward: { count: 7, align: 4, work: (a) => a[6] * 3, pointers: [0, 1, 2, 3, 4, 5].map((i) => [i, perUnit(f32)] as const) },
  batchNormBackward: { count: 9, align: 4, work: (a) => a[8] * 4, pointers: [0, 1, 2, 3, 4, 5, 6, 7].map((i) => [i, perUnit(f32)] as const) },
  pointwiseFilterGrad: { count: 4, align: 4, work: (a) => a[3] * a[6], pointers: [[0, perUnit(f32)], [2, (a) => a[6] * f32]] },
  // elements
  reluGrad: { count: 3, align: 4, work: () => 1, pointers: [0, 1, 2].map((i) => [i, perUnit(f32)] as const) },
  relu: { count: 2, align: 4, work: () => 1, pointers: [0, 1].map((i) => [i, perUnit(f32)] as const) },
  add: { count: 3, align: 4, work: () => 1, pointers: [0, 1, 2].map((i) => [i, perUnit(f32)] as const) },
  mix4: { count: 10, align: 4, work: () => 4, pointers: [0, 2, 3, 4, 5].map((i) => [i, perUnit(f32)] as const) },
};

/**
 * `args` cut into at most `parts` argument lists of at least `minWork` operations each (one list
 * when the call is too small to share). A pointer of 0 (an absent array) stays 0.
 */
export function divide(d: Division, args: readonly number[], parts: number, minWork: number): ReadonlyArray<readonly number[]> {
  const total = args[d.count];
  const n = Math.max(1, Math.min(parts, Math.floor(total / d.align), Math.floor((total * d.work(args)) / minWork)));
  if (n === 1) return [args];
  const bytes = d.pointers.map(([i, b]) => [i, b(args)] as const);
  const cuts = Array.from({ length: n + 1 }, (_, i) => (i === n ? total : Math.floor((total * i) / n / d.align) * d.align));
  return cuts.slice(0, n).map((start, i) => {
    const part = [...args];
    part[d.count] = cuts[i + 1] - start;
    for (const [at, b] of bytes) if (part[at] !== 0) part[at] += start * b;
    for (const at of d.starts ?? []) part[at] += start;
    return part;
  });
}
