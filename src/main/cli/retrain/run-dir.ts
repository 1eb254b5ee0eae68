import type { RetrainConfig } from '../../../shared/config';
import type { RetrainEvent, RetrainMetadata } from '../../../shared/retrain-events';
import { RunFolder, freshRecord, writeJson, type RunRecord } from '../run-dir';

/** run.json of a retraining: kind 'retrain', the start metadata, where it stands, its result. */
type RetrainRecord = RunRecord &
  Partial<RetrainMetadata> & {
    kind: 'retrain';
    parentRun?: string;
    result?: { valAcc: number; bestValAcc: number; seconds: number };
  };

/**
 * A retraining's folder, laid out like a search's (config.json, run.json, events.jsonl,
 * checkpoint/, genotype.json), so `export`, `--resume` and the app read both the same way.
 */
export class RetrainRunDir extends RunFolder<RetrainEvent, RetrainRecord> {
  static async open(dir: string, continuing: boolean, parentRun?: string): Promise<RetrainRunDir> {
    const record: RetrainRecord = { kind: 'retrain', ...freshRecord(), ...(parentRun && { parentRun }) };
    return new RetrainRunDir(dir, await RunFolder.openLog(dir, continuing), record);
  }

  async writeConfig(config: RetrainConfig): Promise<void> {
    await writeJson(this.path('config'), config, 2);
    await writeJson(this.path('genotype'), config.genotype);
  }

  protected follow(event: RetrainEvent): boolean {
    switch (event.type) {
      case 'start':
        this.started(event.meta, event.resumedFromEpoch);
        return true;
      case 'done':
        this.finish('done', { result: { valAcc: event.valAcc, bestValAcc: event.bestValAcc, seconds: event.seconds } });
        return true;
      default:
        return this.followShared(event);
    }
  }
}
