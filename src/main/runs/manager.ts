import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { RunUpdate, RunUpdateListener } from '../../shared/api';
import { totalEpochs } from '../../shared/config';
import type { RunEvent } from '../../shared/runs';
import { isRetrainConfig, type NewRun, type RunConfig, type RunStatus, type RunStore, type RunWriter } from '../store';
import type { SpawnWorker, WorkerHandle } from './process-host';
import { ProgressMeter, type RunProgress } from './progress';
import { parseFromWorker } from './protocol';

export type { RunUpdate };
export type RunListener = RunUpdateListener;

export interface RunManagerOptions {
  store: RunStore;
  spawn: SpawnWorker;
  /** Runs at once (default 1); the rest wait queued. */
  concurrency?: number;
  /**
   * Take over, at start, the runs that processes now gone left running (→ interrupted) or queued
   * (→ started). Default true; false for a manager that runs only what it is given (the CLI).
   */
  adoptOrphans?: boolean;
  /** How often (ms) a host that adopts orphans looks for runs whose owner process died since (default 5000). */
  ownerCheckMs?: number;
}

interface Queued {
  id: string;
  resumeFrom?: string;
}

interface Active {
  id: string;
  handle: WorkerHandle;
  writer: RunWriter;
  meter: ProgressMeter;
  paused: boolean;
  /** A 'done' or 'cancelled' event arrived: the store already has the final status. */
  finished: boolean;
  error: string | null;
  /** Why the manager stopped the worker, if it did. */
  stopping: 'cancel' | 'shutdown' | null;
  exited: Promise<void>;
}

/** An action that the run's current state does not allow (pausing a finished run, say). */
export class RunStateError extends Error {
  override name = 'RunStateError';
}

const checkpointDir = (store: RunStore, id: string) => join(store.runDir(id), 'checkpoint');

/** SQLite's and the file system's ways of saying the disk is full (the worker reports only a message). */
const isOutOfSpace = (message: string) => /SQLITE_FULL|ENOSPC|database or disk is full|no space left on device/i.test(message);

/**
 * Runs searches in worker processes: a queue with a concurrency limit, pause/resume at step
 * boundaries, cancel, and resume from the last checkpoint after a crash. The store holds every
 * status and metric; the worker's events are written as they arrive.
 */
export class RunManager {
  private readonly store: RunStore;
  private readonly spawn: SpawnWorker;
  private readonly concurrency: number;
  private readonly queue: Queued[] = [];
  private readonly active = new Map<string, Active>();
  private readonly listeners = new Set<RunListener>();
  private closed = false;
  private ownerCheck: NodeJS.Timeout | null = null;
  /** Final statuses the store could not record (a full disk): written by the periodic check once it can. */
  private readonly unrecorded = new Map<string, { status: RunStatus; error?: string }>();

  constructor(opts: RunManagerOptions) {
    this.store = opts.store;
    this.spawn = opts.spawn;
    this.concurrency = Math.max(1, opts.concurrency ?? 1);
    if (opts.adoptOrphans === false) return;
    // A previous process that died left its runs 'running' or 'paused'; its queue is in the store.
    this.store.markInterruptedRuns();
    for (const id of this.store.adoptQueuedRuns()) this.queue.push({ id, resumeFrom: this.lastCheckpoint(id) });
    this.pump();
    // A CLI search on this database that is killed later leaves its run 'running': notice it while serving.
    this.ownerCheck = setInterval(() => this.housekeeping(), opts.ownerCheckMs ?? 5000).unref();
  }

  /** Whether the run is queued or has a worker: such a run cannot be deleted. */
  isLive(id: string): boolean {
    return this.active.has(id) || this.queue.some((q) => q.id === id);
  }

  /** Creates the run (queued: a search, or a retraining when the config names a genotype) and starts it when a slot is free. */
  start(config: RunConfig, opts: Omit<NewRun, 'config'> = {}): string {
    this.checkOpen();
    const { id } = this.store.createRun({ config, ...opts });
    this.queue.push({ id });
    this.pump();
    return id;
  }

  /**
   * Asks the worker to hold at the next step boundary. The status turns 'paused' when the worker
   * says it holds (a step under way finishes and reports first), so the status never claims a
   * pause that has not happened yet.
   */
  pause(id: string): void {
    const run = this.running(id);
    if (run.paused) return;
    run.paused = true;
    run.handle.send({ type: 'pause' });
  }

  resume(id: string): void {
    const run = this.running(id);
    if (!run.paused) return;
    run.paused = false;
    run.handle.send({ type: 'resume' });
    if (this.store.runDetail(id).status === 'paused') this.setStatus(id, 'running');
  }

  /** A live run stops at the next step boundary; a queued or interrupted one is cancelled at once. */
  cancel(id: string): void {
    const run = this.active.get(id);
    if (run) {
      run.stopping = 'cancel';
      run.handle.send({ type: 'cancel' });
      return;
    }
    const queued = this.queue.findIndex((q) => q.id === id);
    if (queued >= 0) this.queue.splice(queued, 1);
    else if (this.store.runDetail(id).status !== 'interrupted') throw this.notHere(id, 'queued, running or interrupted');
    this.setStatus(id, 'cancelled');
  }

  /** Queues an interrupted run to continue from its last checkpoint, or from the start when it had none yet. */
  resumeInterrupted(id: string): void {
    this.checkOpen();
    const { status } = this.store.runDetail(id);
    if (status !== 'interrupted') throw new RunStateError(`run ${id} is ${status}, not interrupted`);
    const resumeFrom = this.lastCheckpoint(id);
    if (!resumeFrom) this.store.log(id, 'no checkpoint yet: the run restarts from the beginning');
    this.store.claimRun(id);
    this.setStatus(id, 'queued');
    this.queue.push({ id, resumeFrom });
    this.pump();
  }

  /**
   * The latest progress of a live run (null before its first step or when it is not live). A run
   * that reported done or cancelled is not live, even while its worker is still exiting.
   */
  progress(id: string): RunProgress | null {
    const run = this.active.get(id);
    return run && !run.finished ? run.meter.progress : null;
  }

  /** Listeners are called synchronously from the worker's message handler: keep them cheap. Returns the unsubscribe. */
  subscribe(listener: RunListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops every worker; their runs become interrupted (resumable), queued runs stay queued. */
  async shutdown(): Promise<void> {
    this.closed = true;
    if (this.ownerCheck) clearInterval(this.ownerCheck);
    this.queue.length = 0;
    const runs = [...this.active.values()];
    for (const run of runs) {
      run.stopping = 'shutdown';
      run.handle.kill('SIGTERM');
    }
    await Promise.all(runs.map((r) => r.exited));
  }

  private housekeeping(): void {
    try {
      for (const [id, { status, error }] of this.unrecorded) {
        this.store.setStatus(id, status, error);
        this.unrecorded.delete(id);
      }
      for (const id of this.store.markAbandonedRuns()) this.emit({ runId: id, status: 'interrupted' });
    } catch {
      // A busy or full database: the next check tries again.
    }
  }

  private lastCheckpoint(id: string): string | undefined {
    const dir = checkpointDir(this.store, id);
    return existsSync(join(dir, 'checkpoint.json')) ? dir : undefined;
  }

  private pump(): void {
    while (!this.closed && this.active.size < this.concurrency && this.queue.length) this.launch(this.queue.shift()!);
  }

  private launch({ id, resumeFrom }: Queued): void {
    const { kind } = this.store.runSummary(id);
    const config = this.store.runDetail(id).config as RunConfig;
    const handle = this.spawn();
    let exited!: () => void;
    const run: Active = {
      id,
      handle,
      writer: this.store.writer(id),
      meter: new ProgressMeter(isRetrainConfig(config) ? config.budget.epochs : totalEpochs(config)),
      paused: false,
      finished: false,
      error: null,
      stopping: null,
      exited: new Promise((resolve) => (exited = resolve)),
    };
    this.active.set(id, run);
    handle.onMessage((msg) => this.onMessage(run, msg));
    handle.onExit((code, signal) => {
      this.onExit(run, code, signal);
      exited();
    });
    handle.send({ type: 'start', runId: id, kind, config, checkpointDir: checkpointDir(this.store, id), resumeFrom });
  }

  private onMessage(run: Active, raw: unknown): void {
    let event: RunEvent;
    try {
      const msg = parseFromWorker(raw);
      if (msg.type === 'error') {
        run.error = msg.message;
        return;
      }
      if (msg.type === 'paused') {
        // A resume sent before this acknowledgement arrived has already released the worker.
        if (run.paused) this.setStatus(run.id, 'paused');
        return;
      }
      if (msg.type !== 'event') throw new Error(`unexpected '${msg.type}' message from a search worker`);
      event = msg.event;
      run.writer.write(event);
    } catch (e) {
      // A worker we cannot understand or record is stopped: its run fails rather than drifts.
      run.error = (e as Error).message;
      run.handle.kill('SIGKILL');
      return;
    }
    this.emit({ runId: run.id, event, progress: run.meter.observe(event) });
    // The writer recorded the final status with the event; subscribers hear of it like any other.
    if (event.type === 'done' || event.type === 'cancelled') {
      run.finished = true;
      this.emit({ runId: run.id, status: event.type === 'done' ? 'done' : 'cancelled' });
    }
  }

  private onExit(run: Active, code: number | null, signal: NodeJS.Signals | null): void {
    this.active.delete(run.id);
    // Every event that arrived is committed before the status changes: a crash keeps all metrics.
    try {
      run.writer.close();
    } catch (e) {
      run.error ??= (e as Error).message;
    }
    if (!run.finished) {
      // Out of space is no fault of the run: it stays resumable from its last checkpoint once space is freed.
      if (run.error && isOutOfSpace(run.error)) this.recordFinal(run.id, 'interrupted', `out of disk space (${run.error}): free some space, then resume the run`);
      else if (run.error) this.recordFinal(run.id, 'failed', run.error);
      else if (run.stopping === 'cancel') this.recordFinal(run.id, 'cancelled');
      else this.recordFinal(run.id, 'interrupted', run.stopping ? undefined : `worker exited (${signal ?? `code ${code}`})`);
    }
    this.pump();
  }

  /**
   * A worker's end, recorded. This runs in the worker's exit handler, where a throw would take the
   * host down: a status the store cannot write now (disk full) is announced anyway and written later.
   */
  private recordFinal(id: string, status: RunStatus, error?: string): void {
    try {
      this.store.setStatus(id, status, error);
    } catch (e) {
      this.unrecorded.set(id, { status, error });
      error = `${error ?? status}; not yet recorded in the database (${(e as Error).message})`;
    }
    this.emit({ runId: id, status, ...(error === undefined ? {} : { error }) });
  }

  private running(id: string): Active {
    const run = this.active.get(id);
    if (!run) throw this.notHere(id, 'running');
    return run;
  }

  /** Why this manager cannot act on a run: it is another live process's (a CLI run on this database), or not `state`. */
  private notHere(id: string, state: string): RunStateError {
    const pid = this.store.heldElsewhere(id);
    if (pid !== null) return new RunStateError(`run ${id} belongs to another process (pid ${pid}, e.g. \`nas-studio search --db\`): pause or cancel it there (Ctrl-C)`);
    return new RunStateError(`run ${id} is not ${state}`);
  }

  private setStatus(id: string, status: RunStatus, error?: string): void {
    this.store.setStatus(id, status, error);
    this.emit({ runId: id, status, ...(error === undefined ? {} : { error }) });
  }

  private emit(update: RunUpdate): void {
    for (const listener of this.listeners) {
      try {
        listener(update);
      } catch {
        // A faulty subscriber must not stop the run or the other subscribers.
      }
    }
  }

  private checkOpen(): void {
    if (this.closed) throw new RunStateError('the run manager is shut down');
  }
}
