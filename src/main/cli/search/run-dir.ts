import type { SearchConfig } from '../../../shared/config';
import type { GenotypeJsonShape, RunMetadata, SearchEvent } from '../../../shared/search-events';
import { RunFolder, freshRecord, writeJson, type RunRecord } from '../run-dir';

/** run.json of a search: the start event's metadata plus where the run stands. */
type SearchRecord = RunRecord &
  Partial<RunMetadata> & {
    gpu?: boolean;
    genotype?: GenotypeJsonShape;
    seconds?: number;
  };

/** A search's output directory: config, run record, event log, genotype and checkpoints. */
export class RunDir extends RunFolder<SearchEvent, SearchRecord> {
  /** Creates `dir`; one that already holds a run is reused only when `continuing` it (its event log grows). */
  static async open(dir: string, continuing: boolean): Promise<RunDir> {
    return new RunDir(dir, await RunFolder.openLog(dir, continuing), freshRecord());
  }

  async writeConfig(config: SearchConfig): Promise<void> {
    await writeJson(this.path('config'), config, 2);
  }

  /** The record follows all but the frequent step and α snapshots; the genotype also gets its own file. */
  protected async follow(event: SearchEvent): Promise<boolean> {
    switch (event.type) {
      case 'alpha':
        return false;
      case 'start':
        this.started(event.meta, event.resumedFromEpoch, { gpu: event.meta.backend.gpu });
        return true;
      case 'genotype':
        this.record.genotype = event.genotype;
        await writeJson(this.path('genotype'), event.genotype);
        return true;
      case 'done':
        this.finish('done', { genotype: event.genotype, seconds: event.seconds });
        await writeJson(this.path('genotype'), event.genotype);
        return true;
      case 'diagnostics':
      case 'stage':
        return true;
      default:
        return this.followShared(event);
    }
  }
}
