import { Worker } from 'node:worker_threads';

/**
 * Worker threads that each hold an instance of the kernel module on the same shared memory as the
 * calling thread (tfjs's threaded wasm build), so that one kernel call can be cut into parts that
 * run at once: the caller runs the first part, each worker one of the others.
 *
 * A step launches thousands of kernels of 10–100 µs, so a part is handed over through a shared
 * control block and `Atomics`, not messages: the worker spins on it for a while after each part
 * (the next kernel usually follows within microseconds) and sleeps in `Atomics.wait` after that.
 */

/** Control block: [request, export index, argument count, done, failed], then the arguments as float64. */
const REQUEST = 0;
const FN = 1;
const ARGC = 2;
const DONE = 3;
const FAILED = 4;
const ARGS_AT = 8 * 4;
const MAX_ARGS = 24;
/**
 * How long a thread polls the control block before it sleeps. Waking a sleeping thread took ~60 µs
 * on a 2-vCPU VM, as long as a typical kernel; polling much longer slowed the other thread there.
 */
const SPIN_MS = 0.15;

// Plain JavaScript, run by `new Worker(..., { eval: true })` so that every way the engine is loaded
// (tsx, vitest, the bundled main process) starts it without a file of its own.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, memory, control, names, spinMs } = workerData;
// A worker that cannot instantiate still answers every part (calling null fails it), so the caller never hangs.
let fns = null;
try {
  const instance = new WebAssembly.Instance(module, { env: { memory } }).exports;
  fns = names.map((n) => instance[n]);
} catch {}
const ctl = new Int32Array(control, 0, ${ARGS_AT / 4});
const args = new Float64Array(control, ${ARGS_AT}, ${MAX_ARGS});
let seen = 0;
for (;;) {
  let s = Atomics.load(ctl, ${REQUEST});
  for (const until = performance.now() + spinMs; s === seen && performance.now() < until; ) {
    for (let i = 0; s === seen && i < 256; i++) s = Atomics.load(ctl, ${REQUEST});
  }
  if (s === seen) {
    Atomics.wait(ctl, ${REQUEST}, seen);
    continue;
  }
  seen = s;
  const fn = ctl[${FN}];
  if (fn < 0) break;
  try {
    fns[fn](...args.subarray(0, ctl[${ARGC}]));
  } catch {
    Atomics.store(ctl, ${FAILED}, 1);
  }
  Atomics.store(ctl, ${DONE}, seen);
  Atomics.notify(ctl, ${DONE});
}
`;

interface Member {
  worker: Worker;
  ctl: Int32Array;
  args: Float64Array;
}

export class KernelTeam {
  private readonly members: Member[];
  private readonly index: Map<string, number>;
  private request = 0;
  /** Parts run on the workers so far (a diagnostic: the bench reports it per step). */
  handedOff = 0;

  /** `threads` in all: the caller and threads − 1 workers. */
  constructor(module: WebAssembly.Module, memory: WebAssembly.Memory, names: readonly string[], threads: number) {
    this.index = new Map(names.map((n, i) => [n, i]));
    this.members = Array.from({ length: threads - 1 }, () => {
      const control = new SharedArrayBuffer(ARGS_AT + 8 * MAX_ARGS);
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { module, memory, control, names, spinMs: SPIN_MS } });
      // Idle workers must not keep the process alive.
      worker.unref();
      return { worker, ctl: new Int32Array(control, 0, ARGS_AT / 4), args: new Float64Array(control, ARGS_AT, MAX_ARGS) };
    });
  }

  /** Threads a kernel can be cut across, the caller included. */
  get size(): number {
    return this.members.length + 1;
  }

  /**
   * Runs `fn` once per argument list at the same time: `run(parts[0])` on this thread, the others
   * on the workers. Returns when every part is done; throws if a worker's part trapped.
   */
  run(fn: string, parts: ReadonlyArray<readonly number[]>, run: (args: readonly number[]) => void): void {
    const at = this.index.get(fn);
    if (at === undefined) throw new Error(`KernelTeam: no kernel ${fn}`);
    if (parts.length > this.size) throw new Error(`KernelTeam: ${parts.length} parts for ${this.size} threads`);
    const request = ++this.request;
    const busy = this.members.slice(0, parts.length - 1);
    this.handedOff += busy.length;
    busy.forEach((m, i) => {
      const args = parts[i + 1];
      if (args.length > MAX_ARGS) throw new Error(`KernelTeam: ${fn} has more than ${MAX_ARGS} arguments`);
      m.args.set(args);
      m.ctl[FN] = at;
      m.ctl[ARGC] = args.length;
      Atomics.store(m.ctl, REQUEST, request);
      Atomics.notify(m.ctl, REQUEST);
    });
    try {
      run(parts[0]);
    } finally {
      for (const m of busy) this.join(m, request);
    }
    for (const m of busy) {
      if (Atomics.exchange(m.ctl, FAILED, 0)) throw new Error(`KernelTeam: ${fn} failed on a worker thread`);
    }
  }

  private join(m: Member, request: number): void {
    for (const until = performance.now() + SPIN_MS; performance.now() < until; ) {
      for (let i = 0; i < 256; i++) if (Atomics.load(m.ctl, DONE) === request) return;
    }
    for (let done = Atomics.load(m.ctl, DONE); done !== request; done = Atomics.load(m.ctl, DONE)) Atomics.wait(m.ctl, DONE, done);
  }

  /** Stops the workers (after their current part). */
  dispose(): Promise<number[]> {
    for (const m of this.members) {
      m.ctl[FN] = -1;
      Atomics.store(m.ctl, REQUEST, ++this.request);
      Atomics.notify(m.ctl, REQUEST);
    }
    return Promise.all(this.members.map((m) => m.worker.terminate()));
  }
}
