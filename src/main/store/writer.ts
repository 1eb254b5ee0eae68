import type { Transaction } from 'better-sqlite3';
import type { StoreContext } from './context';
import { StoreError } from './errors';
import { applyRecord } from './event-rows';
import type { RunRecord } from './types';

export interface WriterOptions {
  /** Step records held before a flush (default 500). */
  batchSize?: number;
  /** Longest a step record waits for its flush, in ms (default 250): what a crash can lose. */
  flushMs?: number;
}

type RecordsTransaction = Transaction<(records: readonly RunRecord[]) => void>;

function recordsTransaction(ctx: StoreContext, runId: string): RecordsTransaction {
  const run = ctx.runKey(runId);
  const dir = ctx.runDir(runId);
  return ctx.db.transaction((records: readonly RunRecord[]) => {
    for (const r of records) applyRecord(ctx, run, dir, r);
  });
}

/** Writes `records` of one run in one transaction. */
export function appendRecords(ctx: StoreContext, runId: string, records: readonly RunRecord[]): void {
  recordsTransaction(ctx, runId)(records);
}

/**
 * Buffers one run's records and writes them in batched transactions with reused statements.
 * Step records (one per training step) wait for a full batch or the timer; any other record
 * is rare and marks progress, so it flushes the batch at once. Queuing a step costs well under
 * a microsecond; the commit runs in the write that fills the batch, or on the timer.
 * A failed timer flush keeps its records and surfaces from the next call.
 */
export class RunWriter {
  private queue: RunRecord[] = [];
  private timer: NodeJS.Timeout | null = null;
  private failure: unknown = null;
  private closed = false;
  private readonly batchSize: number;
  private readonly flushMs: number;
  private readonly commit: RecordsTransaction;

  constructor(
    ctx: StoreContext,
    readonly runId: string,
    opts: WriterOptions = {},
  ) {
    this.batchSize = opts.batchSize ?? 500;
    this.flushMs = opts.flushMs ?? 250;
    this.commit = recordsTransaction(ctx, runId);
  }

  write(record: RunRecord): void {
    this.rethrow();
    if (this.closed) throw new StoreError('invalid', `the writer of run ${this.runId} is closed`);
    this.queue.push(record);
    if (record.type !== 'step' || this.queue.length >= this.batchSize) this.flush();
    else this.timer ??= setTimeout(() => this.flushFromTimer(), this.flushMs).unref();
  }

  /** Writes whatever is buffered, now. */
  flush(): void {
    this.rethrow();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.queue.length) return;
    this.commit(this.queue);
    this.queue = [];
  }

  /** Flushes and stops accepting records; safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
  }

  private flushFromTimer(): void {
    this.timer = null;
    try {
      this.flush();
    } catch (e) {
      this.failure = e;
    }
  }

  private rethrow(): void {
    const e = this.failure;
    this.failure = null;
    if (e) throw e;
  }
}
