import { mkdir, open, rename, writeFile, type FileHandle } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { SearchEvent } from '../../shared/search-events';
import { UsageError, errorMessage } from './errors';
import { isFile, requireDir } from './files';

/** What a run directory holds, whatever kind of run (search or retraining) it records. */
export const RUN_FILES = {
  run: 'run.json',
  config: 'config.json',
  events: 'events.jsonl',
  genotype: 'genotype.json',
  checkpoint: 'checkpoint',
} as const;

/** The engine's checkpoint manifest, the file that marks a checkpoint directory. */
const CHECKPOINT_MANIFEST = 'checkpoint.json';

export type RunStatus = 'running' | 'done' | 'cancelled' | 'failed';

/** The part of run.json every kind of run keeps; each kind adds its start metadata and result. */
export interface RunRecord {
  status: RunStatus;
  startedAt: string;
  finishedAt?: string;
  resumedFromEpoch?: number | null;
  epochsCompleted: number;
  lastEpoch?: { trainLoss: number; trainAcc: number; valLoss: number; valAcc: number; seconds: number };
  checkpoint?: string;
  stoppedAt?: { epoch: number; step: number };
  error?: string;
}

/** A fresh record: running since now, no epoch done yet. */
export function freshRecord(): RunRecord {
  return { status: 'running', startedAt: new Date().toISOString(), epochsCompleted: 0 };
}

/**
 * The events every kind of run emits and run.json follows the same way (a retraining's epoch,
 * checkpoint and cancelled events are the search's; steps differ but are never recorded).
 */
export type SharedRunEvent = { type: 'step' } | Extract<SearchEvent, { type: 'epoch' | 'checkpoint' | 'cancelled' }>;

/** Written through a temporary file and a rename, so a reader never sees half a file. */
export async function writeJson(path: string, value: unknown, indent?: number): Promise<void> {
  await writeFile(`${path}.tmp`, `${JSON.stringify(value, null, indent)}\n`);
  await rename(`${path}.tmp`, path);
}

export interface ResumePoint {
  checkpointDir: string;
  /** The run directory the checkpoint belongs to, when it has one. */
  runDir?: string;
}

/** `--resume` takes a run directory or its checkpoint directory. */
export async function resolveResume(dir: string): Promise<ResumePoint> {
  const abs = resolve(await requireDir(dir, '--resume'));
  if (await isFile(join(abs, CHECKPOINT_MANIFEST))) {
    const parent = dirname(abs);
    return { checkpointDir: abs, runDir: (await isFile(join(parent, RUN_FILES.run))) ? parent : undefined };
  }
  if (await isFile(join(abs, RUN_FILES.checkpoint, CHECKPOINT_MANIFEST))) return { checkpointDir: join(abs, RUN_FILES.checkpoint), runDir: abs };
  throw new UsageError(`--resume ${dir}: no checkpoint there (neither ${CHECKPOINT_MANIFEST} nor ${RUN_FILES.checkpoint}/${CHECKPOINT_MANIFEST})`);
}

/**
 * A run's folder: the event log (events.jsonl, every event) and the run record (run.json,
 * rewritten as the run goes). A kind of run says how its own events change its record
 * (`follow`); the events all kinds share, failure and the layout live here.
 */
export abstract class RunFolder<Event extends { type: string }, R extends RunRecord> {
  readonly checkpointDir: string;

  protected constructor(
    readonly dir: string,
    private readonly events: FileHandle,
    protected readonly record: R,
  ) {
    this.checkpointDir = join(dir, RUN_FILES.checkpoint);
  }

  /** Creates `dir` and opens its event log; a folder that already holds a run is reused only when `continuing` it (its log grows). */
  protected static async openLog(dir: string, continuing: boolean): Promise<FileHandle> {
    if (!continuing && (await isFile(join(dir, RUN_FILES.run)))) {
      throw new UsageError(`--out ${dir} already holds a run; continue it with --resume ${dir}, or choose another --out`);
    }
    try {
      await mkdir(dir, { recursive: true });
    } catch (e) {
      throw new UsageError(`--out ${dir}: cannot create (${(e as NodeJS.ErrnoException).code ?? errorMessage(e)})`);
    }
    return open(join(dir, RUN_FILES.events), 'a');
  }

  protected path(file: keyof typeof RUN_FILES): string {
    return join(this.dir, RUN_FILES[file]);
  }

  get status(): RunStatus {
    return this.record.status;
  }

  /** Whether a checkpoint exists to resume from. */
  async resumable(): Promise<boolean> {
    return isFile(join(this.checkpointDir, CHECKPOINT_MANIFEST));
  }

  /** Logs every event; run.json is rewritten unless `follow` says the event leaves it alone. */
  async add(event: Event): Promise<void> {
    await this.events.write(`${JSON.stringify(event)}\n`);
    if (await this.follow(event)) await this.save();
  }

  /** Brings the record up to `event`; false for the frequent events run.json does not follow. */
  protected abstract follow(event: Event): boolean | Promise<boolean>;

  /** The shared events' share of `follow`. */
  protected followShared(event: SharedRunEvent): boolean {
    const r = this.record;
    switch (event.type) {
      case 'step':
        return false;
      case 'epoch':
        r.epochsCompleted = event.epoch + 1;
        r.lastEpoch = { trainLoss: event.trainLoss, trainAcc: event.trainAcc, valLoss: event.valLoss, valAcc: event.valAcc, seconds: event.seconds };
        return true;
      case 'checkpoint':
        r.checkpoint = event.path;
        return true;
      case 'cancelled':
        this.finish('cancelled', { stoppedAt: { epoch: event.epoch, step: event.step } });
        return true;
    }
  }

  /** The start event: its metadata (plus what the kind derives from it) and where a resumed run picks up. */
  protected started(meta: object, resumedFromEpoch: number | null, derived: object = {}): void {
    Object.assign(this.record, meta, derived, { resumedFromEpoch, epochsCompleted: resumedFromEpoch ?? 0 });
  }

  protected finish(status: Exclude<RunStatus, 'running'>, result: Partial<RunRecord> | Partial<R>): void {
    Object.assign(this.record, { status, finishedAt: new Date().toISOString() }, result);
  }

  async fail(error: unknown): Promise<void> {
    this.finish('failed', { error: errorMessage(error) });
    await this.save();
  }

  private async save(): Promise<void> {
    await writeJson(this.path('run'), this.record, 2);
  }

  async close(): Promise<void> {
    await this.events.close();
  }
}
