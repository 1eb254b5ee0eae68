import { Worker } from 'node:worker_threads';

/**
 * Worker threads that each hold an instance of the kernel module on the same shared memory as the
 * calling thread (tfjs's threaded wasm build). Each worker runs the calls put in its queue, in
 * order, while the caller goes on: the first worker is the engine's kernel stream (the caller
 * spends much of a step in tfjs's bookkeeping between kernels, and the kernels run meanwhile),
 * and a call large enough can also be cut into parts that run at once, one on each thread.
 *
 * A step launches thousands of kernels of 10–100 µs, so calls go through a ring in shared memory
 * and `Atomics`, not messages: a worker spins for a while when its queue runs dry (the next call
 * usually follows within microseconds) and sleeps in `Atomics.wait` after that.
 */

/** Control words: calls put (tail) and run (head) as int32 counters that wrap, the first failure, who sleeps. */
const TAIL = 0;
const HEAD = 1;
const FAILED = 2;
const WORKER_SLEEPS = 3;
const CALLER_WAITS = 4;
const TARGET = 5;
const CONTROL_BYTES = 64;
/** Calls a queue holds; a power of two. A small-config weight step streams ~5,000; a longer lead held freed memory longer (the frees wait for the calls queued before them) for no gain. */
const SLOTS = 128;
const MAX_ARGS = 24;
/**
 * How long a thread polls before it sleeps. Waking a sleeping thread took ~60 µs on a 2-vCPU VM,
 * as long as a typical kernel; polling much longer slowed the other thread there.
 */
const SPIN_MS = 0.15;

// Plain JavaScript, run by `new Worker(..., { eval: true })` so that every way the engine is loaded
// (tsx, vitest, the bundled main process) starts it without a file of its own.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, memory, queue, names, spinMs } = workerData;
// A worker that cannot instantiate still answers every call (calling null fails it), so the caller never hangs.
let fns = null;
try {
  const instance = new WebAssembly.Instance(module, { env: { memory } }).exports;
  fns = names.map((n) => instance[n]);
} catch {}
const ctl = new Int32Array(queue, 0, ${CONTROL_BYTES / 4});
const calls = new Int32Array(queue, ${CONTROL_BYTES}, ${2 * SLOTS});
const args = new Float64Array(queue, ${CONTROL_BYTES + 8 * SLOTS}, ${SLOTS * MAX_ARGS});
let head = 0;
for (;;) {
  if (Atomics.load(ctl, ${TAIL}) === head) {
    const until = performance.now() + spinMs;
    while (Atomics.load(ctl, ${TAIL}) === head && performance.now() < until) for (let i = 0; i < 256 && Atomics.load(ctl, ${TAIL}) === head; i++);
    if (Atomics.load(ctl, ${TAIL}) === head) {
      Atomics.store(ctl, ${WORKER_SLEEPS}, 1);
      Atomics.wait(ctl, ${TAIL}, head);
      Atomics.store(ctl, ${WORKER_SLEEPS}, 0);
    }
    continue;
  }
  const slot = head & ${SLOTS - 1};
  const fn = calls[2 * slot];
  if (fn < 0) break;
  try {
    fns[fn](...args.subarray(slot * ${MAX_ARGS}, slot * ${MAX_ARGS} + calls[2 * slot + 1]));
  } catch {
    Atomics.compareExchange(ctl, ${FAILED}, 0, fn + 1);
  }
  head = (head + 1) | 0;
  Atomics.store(ctl, ${HEAD}, head);
  if (Atomics.load(ctl, ${CALLER_WAITS}) && ((head - Atomics.load(ctl, ${TARGET})) | 0) >= 0) Atomics.notify(ctl, ${HEAD});
}
`;

/** One worker and its queue, seen from the caller. Counts are JavaScript numbers here, int32 in the queue. */
class Member {
  private readonly ctl: Int32Array;
  private readonly calls: Int32Array;
  private readonly args: Float64Array;
  readonly worker: Worker;
  /** Calls put so far. */
  tail = 0;

  constructor(module: WebAssembly.Module, memory: WebAssembly.Memory, names: readonly string[]) {
    const queue = new SharedArrayBuffer(CONTROL_BYTES + 8 * SLOTS + 8 * SLOTS * MAX_ARGS);
    this.ctl = new Int32Array(queue, 0, CONTROL_BYTES / 4);
    this.calls = new Int32Array(queue, CONTROL_BYTES, 2 * SLOTS);
    this.args = new Float64Array(queue, CONTROL_BYTES + 8 * SLOTS, SLOTS * MAX_ARGS);
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { module, memory, queue, names, spinMs: SPIN_MS } });
    // Idle workers must not keep the process alive.
    this.worker.unref();
  }

  /** Calls run so far. */
  done(): number {
    return this.tail - (((this.tail | 0) - Atomics.load(this.ctl, HEAD)) | 0);
  }

  /** Queues fn(...args); returns the count `done()` reaches when it has run. */
  put(fn: number, args: readonly number[]): number {
    // A full queue waits until half of it has run, so that the worker is not woken for every slot.
    if (this.tail - this.done() >= SLOTS) this.waitFor(this.tail - SLOTS / 2);
    const slot = this.tail & (SLOTS - 1);
    this.calls[2 * slot] = fn;
    this.calls[2 * slot + 1] = args.length;
    if (fn >= 0) this.args.set(args, slot * MAX_ARGS);
    this.tail++;
    Atomics.store(this.ctl, TAIL, this.tail | 0);
    if (Atomics.load(this.ctl, WORKER_SLEEPS)) Atomics.notify(this.ctl, TAIL);
    return this.tail;
  }

  /**
   * Returns once `done()` ≥ count: after polling for `spinMs`, asleep until the worker gets there
   * and wakes this thread. A waiting thread that keeps polling takes a share of the machine's cores
   * from the worker it waits for.
   */
  waitFor(count: number, spinMs = 0): void {
    for (const until = performance.now() + spinMs; this.done() < count; ) {
      if (performance.now() < until) continue;
      Atomics.store(this.ctl, TARGET, count | 0);
      Atomics.store(this.ctl, CALLER_WAITS, 1);
      for (let head = Atomics.load(this.ctl, HEAD); this.done() < count; head = Atomics.load(this.ctl, HEAD)) Atomics.wait(this.ctl, HEAD, head, 50);
      Atomics.store(this.ctl, CALLER_WAITS, 0);
    }
  }

  /** The export index + 1 of the first call that failed since the last look, or 0. */
  takeFailure(): number {
    return Atomics.exchange(this.ctl, FAILED, 0);
  }
}

export class KernelTeam {
  private readonly members: Member[];
  private readonly names: readonly string[];
  private readonly index: Map<string, number>;
  /** Calls and parts run on the workers so far (a diagnostic: the bench reports it per step). */
  handedOff = 0;

  /** `threads` in all: the caller and threads − 1 workers, each with an instance of `module` on `memory`. */
  constructor(module: WebAssembly.Module, memory: WebAssembly.Memory, names: readonly string[], threads: number) {
    if (threads < 2) throw new RangeError('KernelTeam: a team needs at least one worker (threads ≥ 2)');
    this.names = names;
    this.index = new Map(names.map((n, i) => [n, i]));
    this.members = Array.from({ length: threads - 1 }, () => new Member(module, memory, names));
  }

  /** Threads a kernel can be cut across, the caller included. */
  get size(): number {
    return this.members.length + 1;
  }

  private at(fn: string): number {
    const at = this.index.get(fn);
    if (at === undefined) throw new Error(`KernelTeam: no kernel ${fn}`);
    return at;
  }

  /** Calls put on the stream so far: a call's number, which `finish` takes. */
  get streamed(): number {
    return this.members[0].tail;
  }

  /** Calls the stream has run so far. */
  streamDone(): number {
    return this.members[0].done();
  }

  /** Puts fn(...args) on the stream (the first worker) and returns its number; it runs after every call put before it. */
  stream(fn: string, args: readonly number[]): number {
    if (args.length > MAX_ARGS) throw new Error(`KernelTeam: ${fn} has more than ${MAX_ARGS} arguments`);
    this.handedOff++;
    return this.members[0].put(this.at(fn), args);
  }

  /** Returns once the stream's call number `count` and those before it have run; throws if one of them failed. */
  finish(count: number): void {
    this.members[0].waitFor(count);
    this.check();
  }

  /** Whether every queue is empty. */
  idle(): boolean {
    return this.members.every((m) => m.done() === m.tail);
  }

  /** Returns once every queue is empty; throws if a call failed. */
  drain(): void {
    for (const m of this.members) m.waitFor(m.tail);
    this.check();
  }

  private check(): void {
    for (const m of this.members) {
      const failed = m.takeFailure();
      if (failed) throw new Error(`KernelTeam: ${this.names[failed - 1]} failed on a worker thread`);
    }
  }

  /**
   * Runs `fn` once per argument list at the same time, after every call queued before:
   * `run(parts[0])` on this thread, the others on the workers. Returns when every part is done;
   * throws if one trapped.
   */
  run(fn: string, parts: ReadonlyArray<readonly number[]>, run: (args: readonly number[]) => void): void {
    const at = this.at(fn);
    if (parts.length > this.size) throw new Error(`KernelTeam: ${parts.length} parts for ${this.size} threads`);
    for (const args of parts) if (args.length > MAX_ARGS) throw new Error(`KernelTeam: ${fn} has more than ${MAX_ARGS} arguments`);
    this.drain();
    const busy = this.members.slice(0, parts.length - 1);
    this.handedOff += busy.length;
    const counts = busy.map((m, i) => m.put(at, parts[i + 1]));
    try {
      run(parts[0]);
    } finally {
      // The parts end at about the same time: poll before sleeping.
      busy.forEach((m, i) => m.waitFor(counts[i], SPIN_MS));
    }
    this.check();
  }

  /** Stops the workers (after the calls already queued). */
  dispose(): Promise<number[]> {
    for (const m of this.members) m.put(-1, []);
    return Promise.all(this.members.map((m) => m.worker.terminate()));
  }
}
