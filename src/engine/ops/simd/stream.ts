import * as tf from '@tensorflow/tfjs';
import type { KernelTeam } from './team';

/**
 * The wasm backend with the engine's kernels on a stream (a worker thread of `KernelTeam`), as a
 * GPU runs its kernels: the caller queues a kernel and goes on with tfjs's bookkeeping while it
 * runs. Everything else that touches tensor data waits for exactly the calls it depends on:
 *
 * - a tensor whose data a streamed call writes is marked with that call's number (`produced`);
 * - tfjs's own kernels, `readSync`/`read` (dataSync, data, checkpoints) and the engine's
 *   JavaScript host kernels wait for their inputs' calls (`ready`);
 * - freeing a tensor's memory waits until every call queued so far has run, since one of them may
 *   still read it (the free is deferred, not the caller). Fresh memory is therefore never memory a
 *   queued call still uses, so writing a new tensor needs no wait.
 *
 * The calls run in order with the same arithmetic, so the results are those of one thread bit for
 * bit.
 */

interface WasmBackend {
  readSync(dataId: object, start?: number, end?: number): unknown;
  wasm: { _free(pointer: number): void; asm?: { free?: (pointer: number) => void } };
}

/** Kernel functions that touch no tensor data (they share their input's), which need not wait. */
export const touchesNoData = new WeakSet<tf.KernelFunc>();
/**
 * Frees held back at most. A forward pass with nothing to wait for (evaluation) would otherwise
 * hold every tensor freed while the caller runs ahead of the stream: +120 MB of peak RSS in the
 * quick demo.
 */
const MAX_DEFERRED = 64;
/** tfjs kernels that only share their input's data. */
const SHARING = new Set(['Reshape']);

export class KernelStream {
  private readonly callOf = new WeakMap<object, number>();
  /** Freed pointers and the stream's call count when they were freed. */
  private readonly deferred: Array<[pointer: number, after: number]> = [];
  private firstDeferred = 0;
  private readonly free: (pointer: number) => void;

  constructor(
    private readonly team: KernelTeam,
    backend: WasmBackend,
  ) {
    const { wasm } = backend;
    // The module's own export: Emscripten's `_free` replaces itself with it on its first call,
    // which would drop the wrapper below.
    this.free = wasm.asm?.free ?? wasm._free.bind(wasm);
    wasm._free = (pointer) => {
      this.release();
      if (this.team.streamDone() >= this.team.streamed) return this.free(pointer);
      this.deferred.push([pointer, this.team.streamed]);
      // Bounds the memory held back: the caller waits for the oldest free's calls instead.
      if (this.deferred.length - this.firstDeferred > MAX_DEFERRED) {
        this.team.finish(this.deferred[this.firstDeferred][1]);
        this.release();
      }
    };
    const readSync = backend.readSync.bind(backend);
    backend.readSync = (dataId, start, end) => {
      this.ready([dataId]);
      return readSync(dataId, start, end);
    };
    for (const k of tf.getKernelsForBackend('wasm')) {
      if (SHARING.has(k.kernelName) || touchesNoData.has(k.kernelFunc) || k.kernelName.startsWith('NasStudio')) continue;
      const run = k.kernelFunc;
      tf.unregisterKernel(k.kernelName, 'wasm');
      tf.registerKernel({
        ...k,
        kernelFunc: (args) => {
          this.ready(Object.values(args.inputs).map((t) => (t as { dataId: object } | undefined)?.dataId));
          return run(args);
        },
      });
    }
  }

  /** The stream's call count: pass it to `produced` after queueing a kernel's calls. */
  get calls(): number {
    return this.team.streamed;
  }

  /** Marks the data of `dataIds` as written by the calls queued since the count `before`. */
  produced(dataIds: readonly object[], before: number): void {
    const last = this.team.streamed;
    if (last === before) return;
    for (const d of dataIds) this.callOf.set(d, last);
  }

  /** Returns once the calls writing the data of `dataIds` have run. */
  ready(dataIds: ReadonlyArray<object | undefined>): void {
    let last = 0;
    for (const d of dataIds) last = Math.max(last, (d && this.callOf.get(d)) ?? 0);
    if (last > this.team.streamDone()) this.team.finish(last);
    this.release();
  }

  /** Frees the deferred memory no queued call can still read. */
  private release(): void {
    const { deferred } = this;
    if (this.firstDeferred === deferred.length) return;
    const done = this.team.streamDone();
    while (this.firstDeferred < deferred.length && deferred[this.firstDeferred][1] <= done) this.free(deferred[this.firstDeferred++][0]);
    if (this.firstDeferred === deferred.length) deferred.length = this.firstDeferred = 0;
  }
}
