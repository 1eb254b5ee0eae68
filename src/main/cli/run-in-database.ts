import { forkWorker, RunManager, type SpawnWorker } from '../runs';
import { openStore, type NewRun, type RunStatus, type RunStore } from '../store';
import type { RunEvent, RunKind } from '../../shared/runs';
import type { Args } from './args';
import { EXIT_INTERRUPTED, EXIT_OK, EXIT_RUNTIME, lookup, UsageError } from './errors';

export interface DatabaseRun {
  dbPath: string;
  /** The command's kind of run: a resumed run must be one. */
  kind: RunKind;
  /** A new run (built from the open store, e.g. a search's genotype), or an interrupted run's id to continue from its last checkpoint. */
  start: ((store: RunStore) => Promise<NewRun> | NewRun) | { resumeId: string };
  onEvent(event: RunEvent): void;
  /** Human-readable lines (run id, outcome); absent with --json. */
  say?(line: string): void;
  spawn?: SpawnWorker;
}

const FINAL: readonly RunStatus[] = ['done', 'cancelled', 'failed', 'interrupted'];

/** `--db … --resume RUN_ID` continues a run with the config it was recorded with: flags that would change it are refused. */
export function refuseOnResume(args: Args, flags: readonly string[]): void {
  const given = flags.filter((f) => args.has(f));
  if (given.length) throw new UsageError(`--resume RUN_ID continues the run with its recorded config: leave out --${given.join(', --')}`);
}

/**
 * `search --db` and `retrain --db`: the run goes through the same run manager and worker process
 * as in the app, so it is recorded in the database (and visible to `serve` or the app on that file,
 * live) exactly as if launched from the UI. This manager takes over nothing else in the database.
 * Ctrl-C cancels at the next step boundary; a second one stops the worker (the run is then
 * interrupted and can be resumed from its last checkpoint).
 */
export async function runInDatabase(opts: DatabaseRun): Promise<number> {
  const store = openStore({ path: opts.dbPath });
  const manager = new RunManager({ store, spawn: opts.spawn ?? forkWorker, adoptOrphans: false });
  let id = '';
  let error: string | undefined;
  const finished = new Promise<RunStatus>((resolve) => {
    manager.subscribe((u) => {
      if (u.runId !== id) return;
      if ('event' in u) opts.onEvent(u.event);
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
      if (kind !== opts.kind) throw new UsageError(`--resume: run ${id} is a ${kind === 'retrain' ? 'retraining' : 'search'}, not a ${opts.kind === 'retrain' ? 'retraining' : 'search'}`);
      lookup('--resume', () => manager.resumeInterrupted(id));
    } else {
      const { config, ...rest } = await opts.start(store);
      id = manager.start(config, rest);
    }
    opts.say?.(`run ${id} in ${store.path}`);
    process.on('SIGINT', onSigint);
    const status = await finished;
    if (status === 'interrupted' && error) process.stderr.write(`nas-studio: run ${id} interrupted: ${error}\n`);
    if (status === 'interrupted') opts.say?.(`interrupted; continue with: nas-studio ${opts.kind} --db ${store.path} --resume ${id}`);
    if (status === 'failed') process.stderr.write(`nas-studio: run ${id} failed: ${error ?? 'unknown error'}\n`);
    return status === 'done' ? EXIT_OK : status === 'failed' ? EXIT_RUNTIME : EXIT_INTERRUPTED;
  } finally {
    process.off('SIGINT', onSigint);
    await manager.shutdown();
    store.close();
  }
}
