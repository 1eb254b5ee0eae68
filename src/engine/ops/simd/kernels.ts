import * as tf from '@tensorflow/tfjs';
import type { Exports } from './exports';
import { parallel } from './parallel';
import { KernelStream } from './stream';
import { KernelTeam } from './team';
import { KERNELS_SHARED_WASM_BASE64, KERNELS_WASM_BASE64 } from './wasm-binary.generated';

/**
 * The engine's own wasm SIMD kernels (kernels/, compiled at install time by
 * scripts/build-kernels.mjs), called on float32 arrays. On tfjs's wasm backend the module is
 * instantiated on the backend's own memory (it keeps no data of its own, which the build checks),
 * so a kernel reads and writes tensors where they lie; arrays elsewhere (the cpu backend's) are
 * copied into a memory of the module's own and back.
 */
export interface SimdKernels {
  /** dW[k, k, C] of a depthwise conv from dy [n, rows, cols, C] and x [n, h, w, C]. */
  depthwiseFilterGrad(dy: Float32Array, x: Float32Array, out: Float32Array, dyShape: readonly number[], xShape: readonly number[], window: { kernel: number; stride: number; dilation: number; pad: number }): void;
  /** Training-mode BN of x [p, c] into y; the batch mean and biased variance into mean and variance [c]. */
  batchNormForward(x: Float32Array, y: Float32Array, mean: Float32Array, variance: Float32Array, gamma: Float32Array | undefined, beta: Float32Array | undefined, c: number, eps: number): void;
  /** BN's dx, dγ and dβ (each where given) from dy, x and the forward's mean and variance. */
  batchNormBackward(
    dy: Float32Array,
    x: Float32Array,
    mean: Float32Array,
    variance: Float32Array,
    gamma: Float32Array | undefined,
    out: { dx?: Float32Array; dgamma?: Float32Array; dbeta?: Float32Array },
    c: number,
    eps: number,
  ): void;
  /** out = Σ_k weights[k] · ys[k]. */
  mix(out: Float32Array, ys: readonly Float32Array[], weights: readonly number[]): void;
  /** out = 0, then out[index[k]] += ⟨dy, ys[k]⟩. */
  mixWeightGrad(out: Float32Array, dy: Float32Array, ys: readonly Float32Array[], index: readonly number[]): void;
  /** dx of a 3x3, padding-1 max or avg pool over x [n, h, w, c] from dy [n, rows, cols, c]. */
  poolGrad(dy: Float32Array, x: Float32Array, dx: Float32Array, xShape: readonly number[], dyShape: readonly number[], stride: number, max: boolean): void;
  /** out [n, rows, cols, c]: the depthwise correlation of x [n, h, w, c] with w [k, k, c, 1] (its taps reversed with `flip`), zero outside the map. */
  depthwiseConv(x: Float32Array, w: Float32Array, out: Float32Array, xShape: readonly number[], k: number, window: { stride: number; dilation: number; pad: number; rows: number; cols: number; flip: boolean }): void;
  /** A 1x1 stride-1 conv over p positions: out [p, nb] from input [p, na] and w [cin, cout] (the adjoint: input dy, out dx). */
  pointwiseConv(input: Float32Array, w: Float32Array, out: Float32Array, na: number, nb: number, adjoint: boolean): void;
  /** dW [cin, cout] = xᵀ·dy over the positions of x [p, cin] and dy [p, cout]. */
  pointwiseFilterGrad(x: Float32Array, dy: Float32Array, out: Float32Array, cin: number, cout: number): void;
  /** dy [n, r, cl, c] placed at rows and columns offset + i·step of a zero map out [n, rows, cols, c]. */
  spread(dy: Float32Array, out: Float32Array, dyShape: readonly number[], at: { step: number; offset: number; rows: number; cols: number }): void;
  /** out [n, rows, cols, c] = x [n, h, w, c] at rows rowStart + i·step and columns colStart + j·step. */
  stridedTap(x: Float32Array, out: Float32Array, xShape: readonly number[], tap: { rowStart: number; colStart: number; rows: number; cols: number; step: number }): void;
  /** out [..., Σ c_i]: the arrays xs [..., c_i] side by side along the last axis, whose sizes are `widths`. */
  concatChannels(xs: readonly Float32Array[], out: Float32Array, widths: readonly number[]): void;
  /** out [..., width]: channels [offset, offset + width) of x [..., c]. */
  sliceChannels(x: Float32Array, out: Float32Array, c: number, offset: number): void;
  /** dx = dy where x > 0, else 0. */
  reluGrad(dy: Float32Array, x: Float32Array, dx: Float32Array): void;
  /** y = max(x, 0). */
  relu(x: Float32Array, y: Float32Array): void;
  /** out = a + b. */
  add(a: Float32Array, b: Float32Array, out: Float32Array): void;
  /** PyTorch's running averages of BN statistics: mean·(1−m) + μ·m and var·(1−m) + σ²·m·unbiased. */
  runningStatistics(mean: Float32Array, variance: Float32Array, batchMean: Float32Array, batchVariance: Float32Array, out: { mean: Float32Array; variance: Float32Array }, momentum: number, unbiased: number): void;
}

const PAGE = 65536;

/** Runs a kernel on arrays: hands `run` an instance and the arrays' byte offsets in its memory (0 for an absent array). */
type Call = (arrays: ReadonlyArray<Float32Array | undefined>, outputs: number, run: (k: Exports, pointers: number[]) => void) => void;

/**
 * Whether `a` lies in `memory`. A shared memory's growth gives it a new SharedArrayBuffer while
 * views of the old one still alias it, and only tfjs's heap is shared in this process.
 */
const onMemory = (a: Float32Array, memory: WebAssembly.Memory) =>
  a.buffer === memory.buffer || (a.buffer instanceof SharedArrayBuffer && memory.buffer instanceof SharedArrayBuffer);

/** An instance on tfjs's heap: arrays that lie there are passed by offset, others go to `elsewhere`. */
function inPlace(memory: WebAssembly.Memory, k: Exports, elsewhere: Call): Call {
  return (arrays, outputs, run) => {
    if (!arrays.every((a) => a === undefined || onMemory(a, memory))) return elsewhere(arrays, outputs, run);
    run(k, arrays.map((a) => (a ? a.byteOffset : 0)));
  };
}

/** An instance on a memory of its own: the arrays are copied in (from its second page on), the last `outputs` copied back. */
function copying(memory: WebAssembly.Memory, k: Exports): Call {
  return (arrays, outputs, run) => {
    const bytes = arrays.reduce((n, a) => n + (a ? a.byteLength : 0), 0);
    const missing = PAGE + bytes - memory.buffer.byteLength;
    if (missing > 0) memory.grow(Math.ceil(missing / PAGE));
    const heap = new Float32Array(memory.buffer);
    let at = PAGE;
    const pointers = arrays.map((a) => {
      if (!a) return 0;
      const p = at;
      heap.set(a, p / 4);
      at += a.byteLength;
      return p;
    });
    run(k, pointers);
    for (let i = arrays.length - outputs; i < arrays.length; i++) {
      const a = arrays[i];
      if (a) a.set(heap.subarray(pointers[i] / 4, pointers[i] / 4 + a.length));
    }
  };
}

function kernels(call: Call): SimdKernels {
  return {
    depthwiseFilterGrad(dy, x, out, [n, rows, cols, c], [, h, w], { kernel, stride, dilation, pad }) {
      call([dy, x, out], 1, (k, [pdy, px, pout]) => k.depthwiseFilterGrad(pdy, px, pout, n, rows, cols, c, h, w, kernel, stride, dilation, pad, 0, kernel * kernel));
    },
    batchNormForward(x, y, mean, variance, gamma, beta, c, eps) {
      call([x, gamma, beta, y, mean, variance], 3, (k, [px, pg, pb, py, pm, pv]) => k.batchNormForward(px, py, pm, pv, pg, pb, x.length / c, c, c, eps));
    },
    batchNormBackward(dy, x, mean, variance, gamma, { dx, dgamma, dbeta }, c, eps) {
      call([dy, x, mean, variance, gamma, dx, dgamma, dbeta], 3, (k, [pdy, px, pm, pv, pg, pdx, pdg, pdb]) =>
        k.batchNormBackward(pdy, px, pm, pv, pg, pdx, pdg, pdb, x.length / c, c, c, eps),
      );
    },
    mix(out, ys, weights) {
      call([...ys, out], 1, (k, pointers) => {
        const at = pointers[ys.length];
        for (let i = 0; i < ys.length; i += 4) {
          const [p0, p1 = 0, p2 = 0, p3 = 0] = pointers.slice(i, Math.min(i + 4, ys.length));
          const [a0, a1 = 0, a2 = 0, a3 = 0] = weights.slice(i, i + 4);
          k.mix4(at, i > 0, p0, p1, p2, p3, a0, a1, a2, a3, out.length);
        }
      });
    },
    mixWeightGrad(out, dy, ys, index) {
      out.fill(0);
      call([dy, ...ys, out], 1, (k, pointers) => {
        const at = pointers[ys.length + 1];
        for (let i = 0; i < ys.length; i += 4) {
          const [p0, p1 = 0, p2 = 0, p3 = 0] = pointers.slice(1 + i, 1 + Math.min(i + 4, ys.length));
          const [i0, i1 = 0, i2 = 0, i3 = 0] = index.slice(i, i + 4);
          k.dot4(pointers[0], p0, p1, p2, p3, at, i0, i1, i2, i3, dy.length);
        }
      });
    },
    poolGrad(dy, x, dx, [n, h, w, c], [, rows, cols], stride, max) {
      dx.fill(0);
      call([dy, x, dx], 1, (k, [pdy, px, pdx]) => k.poolGrad(pdy, px, pdx, n, h, w, c, rows, cols, stride, max));
    },
    depthwiseConv(x, w, out, [n, h, wd, c], kernel, { stride, dilation, pad, rows, cols, flip }) {
      call([x, w, out], 1, (k, [px, pw, pout]) => k.depthwiseConv(px, pw, pout, n, h, wd, c, kernel, stride, dilation, pad, rows, cols, flip));
    },
    pointwiseConv(input, w, out, na, nb, adjoint) {
      call([input, w, out], 1, (k, [pi, pw, pout]) => k.pointwiseConv(pi, pw, pout, input.length / na, na, nb, adjoint));
    },
    pointwiseFilterGrad(x, dy, out, cin, cout) {
      call([x, dy, out], 1, (k, [px, pdy, pout]) => k.pointwiseFilterGrad(px, pdy, pout, x.length / cin, cin, cin, cout));
    },
    spread(dy, out, [n, r, cl, c], { step, offset, rows, cols }) {
      call([dy, out], 1, (k, [pdy, pout]) => k.spread(pdy, pout, n, r, cl, c, step, offset, rows, cols));
    },
    stridedTap(x, out, [n, h, w, c], { rowStart, colStart, rows, cols, step }) {
      call([x, out], 1, (k, [px, pout]) => k.stridedTap(px, pout, n, h, w, c, rowStart, colStart, rows, cols, step));
    },
    concatChannels(xs, out, widths) {
      const c = widths.reduce((a, b) => a + b, 0);
      call([...xs, out], 1, (k, pointers) => {
        let offset = 0;
        xs.forEach((x, i) => {
          k.copyRows(pointers[i], widths[i], pointers[xs.length] + 4 * offset, c, x.length / widths[i], widths[i]);
          offset += widths[i];
        });
      });
    },
    sliceChannels(x, out, c, offset) {
      const width = out.length / (x.length / c);
      call([x, out], 1, (k, [px, pout]) => k.copyRows(px + 4 * offset, c, pout, width, x.length / c, width));
    },
    reluGrad(dy, x, dx) {
      call([dy, x, dx], 1, (k, [pdy, px, pdx]) => k.reluGrad(pdy, px, pdx, x.length));
    },
    relu(x, y) {
      call([x, y], 1, (k, [px, py]) => k.relu(px, py, x.length));
    },
    add(a, b, out) {
      call([a, b, out], 1, (k, [pa, pb, pout]) => k.add(pa, pb, pout, out.length));
    },
    runningStatistics(mean, variance, batchMean, batchVariance, out, momentum, unbiased) {
      call([mean, variance, batchMean, batchVariance, out.mean, out.variance], 2, (k, [pm, pv, pbm, pbv, pmo, pvo]) =>
        k.runningStatistics(pm, pv, pbm, pbv, pmo, pvo, mean.length, momentum, unbiased),
      );
    },
  };
}

let module: WebAssembly.Module | null | undefined;
let sharedModule: WebAssembly.Module | undefined;
let ownCall: Call | undefined;
const onHeap = new WeakMap<WebAssembly.Memory, SimdKernels>();

/** The module that imports `memory`: the build for shared memory on tfjs's threaded build. */
function moduleFor(memory: WebAssembly.Memory): WebAssembly.Module {
  if (!(memory.buffer instanceof SharedArrayBuffer)) return module as WebAssembly.Module;
  sharedModule ??= new WebAssembly.Module(Buffer.from(KERNELS_SHARED_WASM_BASE64, 'base64'));
  return sharedModule;
}

const instantiate = (memory: WebAssembly.Memory) => new WebAssembly.Instance(moduleFor(memory), { env: { memory } }).exports as unknown as Exports;

/** The memory tfjs's wasm backend keeps its tensors in. */
function wasmHeap(): WebAssembly.Memory | undefined {
  if (tf.getBackend() !== 'wasm') return undefined;
  const wasm = (tf.backend() as unknown as { wasm: { wasmMemory?: unknown; asm?: { memory?: unknown } } }).wasm;
  const memory = wasm.wasmMemory ?? wasm.asm?.memory;
  return memory instanceof WebAssembly.Memory ? memory : undefined;
}

let own: SimdKernels | undefined;
let threads = 1;

/**
 * Threads the kernels may use on tfjs's threaded build (whose heap is shared): this one and
 * `n` − 1 worker threads, started with the first kernel on that heap. Set before the backend's
 * first kernel; a heap that is not shared keeps the kernels on this thread.
 */
export function setKernelThreads(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`kernel threads must be a whole number ≥ 1, got ${n}`);
  threads = n;
}

let team: KernelTeam | undefined;
let stream: KernelStream | undefined;

/** The stream the kernels run on where they use several threads (see stream.ts); undefined elsewhere. */
export function kernelStream(): KernelStream | undefined {
  return tf.getBackend() === 'wasm' ? stream : undefined;
}

/** Kernel calls and parts run on worker threads so far in this process. */
export function kernelHandoffs(): number {
  return team?.handedOff ?? 0;
}

/** Parts of streamed kernel calls that this thread ran while it waited for the stream, so far in this process. */
export function kernelHelps(): number {
  return team?.helped ?? 0;
}

/** Threads the kernels use on the current backend. */
export function kernelThreads(): number {
  return wasmHeap()?.buffer instanceof SharedArrayBuffer ? threads : 1;
}

/** The kernels for the current backend; null where this runtime has no wasm SIMD (callers then use tfjs ops). */
export function simdKernels(): SimdKernels | null {
  if (module === undefined) {
    try {
      module = new WebAssembly.Module(Buffer.from(KERNELS_WASM_BASE64, 'base64'));
      const memory = new WebAssembly.Memory({ initial: 1 });
      ownCall = copying(memory, instantiate(memory));
      own = kernels(ownCall);
    } catch {
      module = null;
    }
  }
  if (!module || !ownCall || !own) return null;
  const heap = wasmHeap();
  if (!heap) return own;
  let onThis = onHeap.get(heap);
  if (!onThis) {
    const instance = instantiate(heap);
    if (heap.buffer instanceof SharedArrayBuffer && threads > 1) {
      const names = Object.keys(instance).filter((n) => typeof instance[n as keyof Exports] === 'function');
      team = new KernelTeam(moduleFor(heap), heap, names, threads);
      stream = new KernelStream(team, tf.backend() as unknown as ConstructorParameters<typeof KernelStream>[1]);
    }
    onThis = kernels(inPlace(heap, team ? parallel(instance, team) : instance, ownCall));
    onHeap.set(heap, onThis);
  }
  return onThis;
}

/** The kernels, for the host kernels that run only where `hostKernels()` found them. */
export function simd(): SimdKernels {
  const k = simdKernels();
  if (!k) throw new Error('a wasm SIMD kernel was called on a runtime without wasm SIMD');
  return k;
}
