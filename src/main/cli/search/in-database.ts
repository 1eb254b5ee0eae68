import { forkWorker, RunManager, type SpawnWorker } from '../../runs';
import { openStore, type RunStatus } from '../../store';
import type { SearchConfig } from '../../../shared/config';
import type { SearchEvent } from '../../../shared/search-events';
import { EXIT_INTERRUPTED, EXIT_OK, EXIT_RUNTIME, lookup, UsageError } from '../errors';

export interface DatabaseRun {
  dbPath: string;
  /** A new search (with its run name), or the id of an interrupted run to continue from its last checkpoint. */
  start: { config: SearchConfig; name?: string } | { resumeId: string };
  onEvent(event: SearchEvent): void;
  /** Human-readable lines (run id, outcome); absent with --json. */
  say?(line: string): void;
  spawn?: SpawnWorker;
}

const FINAL: readonly RunStatus[] = ['done', 'cancelled', 'failed', 'interrupted'];

/**
 * `search --db`: the run goes through the same run manager and worker process as in the app, so it
 * is recorded in the database (and visible to `serve` or the app on that file, live) exactly as if
 * launched from the UI. This manager takes over nothing else in the database.
 * Ctrl-C cancels at the next step boundary; a second one stops the worker (the run is then
 * interrupted and can be resumed from its last checkpoint).
 */
export async function searchInDatabase(opts: DatabaseRun): Promise<number> {
  const store = openStore({ path: opts.dbPath });
  const manager = new RunManager({ store, spawn: opts.spawn ?? forkWorker, adoptOrphans: false });
  let id = '';
  let error: string | undefined;
  const finished = new Promise<RunStatus>((resolve) => {
    manager.subscribe((u) => {
      if (u.runId !== id) return;
      if ('event' in u) opts.onEvent(u.event as SearchEvent);
      else if (FINAL.includes(u.status)) {
        error = u.error;
        resolve(u.status);
      }
    });
  });
  let interrupts = 0;
  const onSigint = () => {
    interrupts += 1;
    if (interrupts === 1) {
      process.stderr.write('\nnas-studio: cancelling after the current step (Ctrl-C again to stop now; the run stays resumable)\n');
      manager.cancel(id);
    } else void manager.shutdown();
  };
  try {
    if ('resumeId' in opts.start) {
      id = opts.start.resumeId;
      // A run whose process died (a killed CLI, a crashed app) still reads 'running' until a host marks it.
      store.markInterruptedRuns();
      const kind = lookup('--resume', () => store.runSummary(id).kind);
      if (kind !== 'search') throw new UsageError(`--resume: run ${id} is a retraining, not a search`);
      lookup('--resume', () => manager.resumeInterrupted(id));
    } else {
      id = manager.start(opts.start.config, { name: opts.start.name });
    }
    opts.say?.(`run ${id} in ${store.path}`);
    process.on('SIGINT', onSigint);
    const status = await finished;
    if (status === 'interrupted') opts.say?.(`interrupted; continue with: nas-studio search --db ${store.path} --resume ${id}`);
    if (status === 'failed') process.stderr.write(`nas-studio: run ${id} failed: ${error ?? 'unknown error'}\n`);
    return status === 'done' ? EXIT_OK : status === 'failed' ? EXIT_RUNTIME : EXIT_INTERRUPTED;
  } finally {
    process.off('SIGINT', onSigint);
    await manager.shutdown();
    store.close();
  }
}
