import { mkdir, open, rename, writeFile, type FileHandle } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { SearchConfig } from '../../../shared/config';
import type { GenotypeJsonShape, RunMetadata, SearchEvent } from '../../../shared/search-events';
import { UsageError, errorMessage } from '../errors';
import { isFile, requireDir } from '../files';

/** What a run directory holds. */
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

/** run.json: the start event's metadata plus where the run stands. */
type RunRecord = Partial<RunMetadata> & {
  status: RunStatus;
  startedAt: string;
  finishedAt?: string;
  gpu?: boolean;
  resumedFromEpoch?: number | null;
  epochsCompleted: number;
  lastEpoch?: { trainLoss: number; trainAcc: number; valLoss: number; valAcc: number; seconds: number };
  checkpoint?: string;
  genotype?: GenotypeJsonShape;
  seconds?: number;
  stoppedAt?: { epoch: number; step: number };
  error?: string;
};

/** Written through a temporary file and a rename, so a reader never sees half a file. */
async function writeJson(path: string, value: unknown, indent?: number): Promise<void> {
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

/** A search's output directory: config, run record, event log, genotype and checkpoints. */
export class RunDir {
  readonly checkpointDir: string;
  private readonly record: RunRecord = { status: 'running', startedAt: new Date().toISOString(), epochsCompleted: 0 };

  private constructor(
    readonly dir: string,
    private readonly events: FileHandle,
  ) {
    this.checkpointDir = join(dir, RUN_FILES.checkpoint);
  }

  /** Creates `dir`; one that already holds a run is reused only when `continuing` it (its event log grows). */
  static async open(dir: string, continuing: boolean): Promise<RunDir> {
    if (!continuing && (await isFile(join(dir, RUN_FILES.run)))) {
      throw new UsageError(`--out ${dir} already holds a run; continue it with --resume ${dir}, or choose another --out`);
    }
    try {
      await mkdir(dir, { recursive: true });
    } catch (e) {
      throw new UsageError(`--out ${dir}: cannot create (${(e as NodeJS.ErrnoException).code ?? errorMessage(e)})`);
    }
    return new RunDir(dir, await open(join(dir, RUN_FILES.events), 'a'));
  }

  private path(file: keyof typeof RUN_FILES): string {
    return join(this.dir, RUN_FILES[file]);
  }

  get status(): RunStatus {
    return this.record.status;
  }

  /** Whether a checkpoint exists to resume from. */
  async resumable(): Promise<boolean> {
    return isFile(join(this.checkpointDir, CHECKPOINT_MANIFEST));
  }

  async writeConfig(config: SearchConfig): Promise<void> {
    await writeJson(this.path('config'), config, 2);
  }

  /** Logs every event; the run record follows all but the frequent step and α snapshots. */
  async add(event: SearchEvent): Promise<void> {
    await this.events.write(`${JSON.stringify(event)}\n`);
    const r = this.record;
    switch (event.type) {
      case 'step':
      case 'alpha':
        return;
      case 'start':
        Object.assign(r, event.meta, { gpu: event.meta.backend.gpu, resumedFromEpoch: event.resumedFromEpoch, epochsCompleted: event.resumedFromEpoch ?? 0 });
        break;
      case 'epoch':
        r.epochsCompleted = event.epoch + 1;
        r.lastEpoch = { trainLoss: event.trainLoss, trainAcc: event.trainAcc, valLoss: event.valLoss, valAcc: event.valAcc, seconds: event.seconds };
        break;
      case 'genotype':
        r.genotype = event.genotype;
        await writeJson(this.path('genotype'), event.genotype);
        break;
      case 'checkpoint':
        r.checkpoint = event.path;
        break;
      case 'done':
        Object.assign(r, { status: 'done', finishedAt: new Date().toISOString(), genotype: event.genotype, seconds: event.seconds });
        await writeJson(this.path('genotype'), event.genotype);
        break;
      case 'cancelled':
        Object.assign(r, { status: 'cancelled', finishedAt: new Date().toISOString(), stoppedAt: { epoch: event.epoch, step: event.step } });
        break;
    }
    await writeJson(this.path('run'), r, 2);
  }

  async fail(error: unknown): Promise<void> {
    Object.assign(this.record, { status: 'failed', finishedAt: new Date().toISOString(), error: errorMessage(error) });
    await writeJson(this.path('run'), this.record, 2);
  }

  async close(): Promise<void> {
    await this.events.close();
  }
}
