import { mkdir, open, rename, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { RetrainConfig } from '../../../shared/config';
import type { RetrainEvent, RetrainMetadata } from '../../../shared/retrain-events';
import { UsageError, errorMessage } from '../errors';
import { isFile } from '../files';
import { RUN_FILES } from '../search/run-dir';

type Status = 'running' | 'done' | 'cancelled' | 'failed';

/** run.json of a retraining: kind 'retrain', the start metadata, where it stands, its result. */
type RetrainRecord = Partial<RetrainMetadata> & {
  kind: 'retrain';
  status: Status;
  startedAt: string;
  finishedAt?: string;
  parentRun?: string;
  resumedFromEpoch?: number | null;
  epochsCompleted: number;
  lastEpoch?: { trainLoss: number; trainAcc: number; valLoss: number; valAcc: number; seconds: number };
  checkpoint?: string | null;
  result?: { valAcc: number; bestValAcc: number; seconds: number };
  stoppedAt?: { epoch: number; step: number };
  error?: string;
};

async function writeJson(path: string, value: unknown, indent?: number): Promise<void> {
  await writeFile(`${path}.tmp`, `${JSON.stringify(value, null, indent)}\n`);
  await rename(`${path}.tmp`, path);
}

/**
 * A retraining's folder, laid out like a search's (config.json, run.json, events.jsonl,
 * checkpoint/, genotype.json), so `export`, `--resume` and the app read both the same way.
 */
export class RetrainRunDir {
  readonly checkpointDir: string;
  private readonly record: RetrainRecord;

  private constructor(
    readonly dir: string,
    private readonly events: FileHandle,
    parentRun: string | undefined,
  ) {
    this.checkpointDir = join(dir, RUN_FILES.checkpoint);
    this.record = { kind: 'retrain', status: 'running', startedAt: new Date().toISOString(), epochsCompleted: 0, ...(parentRun && { parentRun }) };
  }

  static async open(dir: string, continuing: boolean, parentRun?: string): Promise<RetrainRunDir> {
    if (!continuing && (await isFile(join(dir, RUN_FILES.run)))) {
      throw new UsageError(`--out ${dir} already holds a run; continue it with --resume ${dir}, or choose another --out`);
    }
    try {
      await mkdir(dir, { recursive: true });
    } catch (e) {
      throw new UsageError(`--out ${dir}: cannot create (${(e as NodeJS.ErrnoException).code ?? errorMessage(e)})`);
    }
    return new RetrainRunDir(dir, await open(join(dir, RUN_FILES.events), 'a'), parentRun);
  }

  get status(): Status {
    return this.record.status;
  }

  async writeConfig(config: RetrainConfig): Promise<void> {
    await writeJson(join(this.dir, RUN_FILES.config), config, 2);
    await writeJson(join(this.dir, RUN_FILES.genotype), config.genotype);
  }

  async add(event: RetrainEvent): Promise<void> {
    await this.events.write(`${JSON.stringify(event)}\n`);
    const r = this.record;
    switch (event.type) {
      case 'step':
        return;
      case 'start':
        Object.assign(r, event.meta, { resumedFromEpoch: event.resumedFromEpoch, epochsCompleted: event.resumedFromEpoch ?? 0 });
        break;
      case 'epoch':
        r.epochsCompleted = event.epoch + 1;
        r.lastEpoch = { trainLoss: event.trainLoss, trainAcc: event.trainAcc, valLoss: event.valLoss, valAcc: event.valAcc, seconds: event.seconds };
        break;
      case 'checkpoint':
        r.checkpoint = event.path;
        break;
      case 'done':
        Object.assign(r, { status: 'done', finishedAt: new Date().toISOString(), result: { valAcc: event.valAcc, bestValAcc: event.bestValAcc, seconds: event.seconds } });
        break;
      case 'cancelled':
        Object.assign(r, { status: 'cancelled', finishedAt: new Date().toISOString(), stoppedAt: { epoch: event.epoch, step: event.step } });
        break;
    }
    await writeJson(join(this.dir, RUN_FILES.run), r, 2);
  }

  async fail(error: unknown): Promise<void> {
    Object.assign(this.record, { status: 'failed', finishedAt: new Date().toISOString(), error: errorMessage(error) });
    await writeJson(join(this.dir, RUN_FILES.run), this.record, 2);
  }

  async close(): Promise<void> {
    await this.events.close();
  }
}
