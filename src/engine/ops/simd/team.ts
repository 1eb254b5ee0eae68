import { Worker } from 'node:worker_threads';

/**
 * Worker threads that each hold an instance of the kernel module on the same shared memory as the
 * calling thread (tfjs's threaded wasm build). Each worker runs the calls put in its queue, in
 * order, while the caller goes on: the first worker is the engine's kernel stream (the caller
 * spends much of a step in tfjs's bookkeeping between kernels, and the kernels run meanwhile),
 * and a call large enough can also be cut into parts that run at once, one on each thread.
 *
 * A call on the stream may come in parts too. The worker takes them one by one, and a caller that
 * waits for the stream (for room in the queue, or for a result) takes parts of the call in
 * progress instead of sleeping: the stream's worker is the bottleneck of a step on two threads.
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
/** Parts a streamed call may come in. */
export const MAX_PARTS = 4;
/** A slot's words: the export index, argument count, parts, parts taken, parts done. */
const FN = 0;
const ARGS = 1;
const PARTS = 2;
const TAKEN = 3;
const DONE = 4;
const SLOT_WORDS = 8;
/** How long a waiting caller polls for a part to take after its last one, before it sleeps. */
const HELP_SPIN_MS = 0.5;
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
const calls = new Int32Array(queue, ${CONTROL_BYTES}, ${SLOT_WORDS * SLOTS});
const args = new Float64Array(queue, ${CONTROL_BYTES + 4 * SLOT_WORDS * SLOTS}, ${SLOTS * MAX_PARTS * MAX_ARGS});
const fail = (fn) => Atomics.compareExchange(ctl, ${FAILED}, 0, fn + 1);
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
  const at = slot * ${SLOT_WORDS};
  const fn = calls[at + ${FN}];
  if (fn < 0) break;
  const n = calls[at + ${ARGS}];
  const parts = calls[at + ${PARTS}];
  // Parts are taken one at a time (the caller may take some), and the call is done when all are.
  for (let j = Atomics.add(calls, at + ${TAKEN}, 1); j < parts; j = Atomics.add(calls, at + ${TAKEN}, 1)) {
    const from = (slot * ${MAX_PARTS} + j) * ${MAX_ARGS};
    try {
      fns[fn](...args.subarray(from, from + n));
    } catch {
      fail(fn);
    }
    Atomics.add(calls, at + ${DONE}, 1);
  }
  // A part the caller took ends about now.
  while (Atomics.load(calls, at + ${DONE}) < parts);
  head = (head + 1) | 0;
  Atomics.store(ctl, ${HEAD}, head);
  if (Atomics.load(ctl, ${CALLER_WAITS}) && ((head - Atomics.load(ctl, ${TARGET})) | 0) >= 0) Atomics.notify(ctl, ${HEAD});
}
`;

type Fn = (...args: number[]) => void;

/** This thread's instance of `module` on `memory`, its exports in `names` order; none if it cannot instantiate. */
function callerInstance(module: WebAssembly.Module, memory: WebAssembly.Memory, names: readonly string[]): Fn[] | undefined {
  try {
    const exports = new WebAssembly.Instance(module, { env: { memory } }).exports as Record<string, Fn>;
    return names.map((n) => exports[n]);
  } catch {
    return undefined;
  }
}

/** One worker and its queue, seen from the caller. Counts are JavaScript numbers here, int32 in the queue. */
class Member {
  private readonly ctl: Int32Array;
  private readonly calls: Int32Array;
  private readonly args: Float64Array;
  readonly worker: Worker;
  /** Calls put so far. */
  tail = 0;
  /** Parts of this queue's calls that the caller ran while it waited. */
  helped = 0;

  /** `helper`: the caller's own instance's exports, with which it takes parts while it waits (none: it sleeps). */
  constructor(
    module: WebAssembly.Module,
    memory: WebAssembly.Memory,
    names: readonly string[],
    private readonly helper?: readonly Fn[],
  ) {
    const queue = new SharedArrayBuffer(CONTROL_BYTES + 4 * SLOT_WORDS * SLOTS + 8 * SLOTS * MAX_PARTS * MAX_ARGS);
    this.ctl = new Int32Array(queue, 0, CONTROL_BYTES / 4);
    this.calls = new Int32Array(queue, CONTROL_BYTES, SLOT_WORDS * SLOTS);
    this.args = new Float64Array(queue, CONTROL_BYTES + 4 * SLOT_WORDS * SLOTS, SLOTS * MAX_PARTS * MAX_ARGS);
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { module, memory, queue, names, spinMs: SPIN_MS } });
    // Idle workers must not keep the process alive.
    this.worker.unref();
  }

  /** Calls run so far. */
  done(): number {
    return this.tail - (((this.tail | 0) - Atomics.load(this.ctl, HEAD)) | 0);
  }

  /** Queues fn(...parts[j]) for every part (one call); returns the count `done()` reaches when all have run. */
  put(fn: number, parts: ReadonlyArray<readonly number[]>): number {
    // A full queue waits until half of it has run, so that the worker is not woken for every slot.
    if (this.tail - this.done() >= SLOTS) this.waitFor(this.tail - SLOTS / 2);
    const slot = this.tail & (SLOTS - 1);
    const at = slot * SLOT_WORDS;
    this.calls[at + FN] = fn;
    this.calls[at + ARGS] = parts[0].length;
    this.calls[at + PARTS] = parts.length;
    this.calls[at + TAKEN] = 0;
    this.calls[at + DONE] = 0;
    parts.forEach((args, j) => this.args.set(args, (slot * MAX_PARTS + j) * MAX_ARGS));
    this.tail++;
    Atomics.store(this.ctl, TAIL, this.tail | 0);
    if (Atomics.load(this.ctl, WORKER_SLEEPS)) Atomics.notify(this.ctl, TAIL);
    return this.tail;
  }

  /** Runs a part of the call at the head of the queue on this thread, if one is left to take. */
  private help(): boolean {
    const head = Atomics.load(this.ctl, HEAD);
    if (!this.helper || head === (this.tail | 0)) return false;
    const slot = head & (SLOTS - 1);
    const at = slot * SLOT_WORDS;
    // Once the worker has moved past this call all its parts are taken, so a stale head takes none.
    const parts = this.calls[at + PARTS];
    if (parts === 1 || Atomics.load(this.calls, at + TAKEN) >= parts) return false;
    const j = Atomics.add(this.calls, at + TAKEN, 1);
    if (j >= parts) return false;
    const fn = this.calls[at + FN];
    const from = (slot * MAX_PARTS + j) * MAX_ARGS;
    try {
      this.helper[fn](...this.args.subarray(from, from + this.calls[at + ARGS]));
    } catch {
      Atomics.compareExchange(this.ctl, FAILED, 0, fn + 1);
    } finally {
      Atomics.add(this.calls, at + DONE, 1);
    }
    this.helped++;
    return true;
  }

  /**
   * Returns once `done()` ≥ count: taking parts of the worker's calls while there are any (polling
   * for `spinMs`, or HELP_SPIN_MS after the last part taken), then asleep until the worker gets
   * there and wakes this thread. A waiting thread that keeps polling takes a share of the machine's
   * cores from the worker it waits for.
   */
  waitFor(count: number, spinMs = 0): void {
    const poll = this.helper ? Math.max(spinMs, HELP_SPIN_MS) : spinMs;
    for (let until = performance.now() + poll; this.done() < count; ) {
      if (this.help()) until = performance.now() + poll;
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
    this.members = Array.from({ length: threads - 1 }, (_, i) => new Member(module, memory, names, i === 0 ? callerInstance(module, memory, names) : undefined));
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

  private checkArgs(fn: string, parts: ReadonlyArray<readonly number[]>): void {
    for (const args of parts) if (args.length > MAX_ARGS) throw new Error(`KernelTeam: ${fn} has more than ${MAX_ARGS} arguments`);
  }

  /** Calls put on the stream so far: a call's number, which `finish` takes. */
  get streamed(): number {
    return this.members[0].tail;
  }

  /** Calls the stream has run so far. */
  streamDone(): number {
    return this.members[0].done();
  }

  /** Parts of streamed calls that the caller ran while it waited for the stream. */
  get helped(): number {
    return this.members[0].helped;
  }

  /**
   * Puts fn on the stream (the first worker), once with each argument list of `parts` (at most
   * MAX_PARTS, which must write disjoint outputs), and returns the call's number; it runs after
   * every call put before it.
   */
  stream(fn: string, parts: ReadonlyArray<readonly number[]>): number {
    if (parts.length < 1 || parts.length > MAX_PARTS) throw new Error(`KernelTeam: ${fn} streamed in ${parts.length} parts (1 to ${MAX_PARTS})`);
    this.checkArgs(fn, parts);
    this.handedOff++;
    return this.members[0].put(this.at(fn), parts);
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
    this.checkArgs(fn, parts);
    this.drain();
    const busy = this.members.slice(0, parts.length - 1);
    this.handedOff += busy.length;
    const counts = busy.map((m, i) => m.put(at, [parts[i + 1]]));
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
    for (const m of this.members) m.put(-1, [[]]);
    return Promise.all(this.members.map((m) => m.worker.terminate()));
  }
}
