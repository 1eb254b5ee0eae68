import type { RunFolder, RunRecord } from './run-dir';
import { EXIT_INTERRUPTED } from './errors';
import { jsonLine } from './format';

/**
 * Ctrl-C asks the run to stop at the next step boundary (so it is recorded as cancelled);
 * a second Ctrl-C quits at once.
 */
export function abortOnSigint(): { signal: AbortSignal; release(): void } {
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(EXIT_INTERRUPTED);
    controller.abort();
    process.stderr.write('\nnas-studio: stopping after the current step (Ctrl-C again to quit now)\n');
  };
  process.on('SIGINT', onSigint);
  return { signal: controller.signal, release: () => process.off('SIGINT', onSigint) };
}

/** What the engine's run generators (runSearch, retrain) take besides their config. */
export interface EngineRunOptions {
  signal: AbortSignal;
  checkpointDir: string;
}

/**
 * Runs an engine generator into its run folder, for the `search` and `retrain` commands: writes
 * the config, logs and records every event, prints it (one JSON line each with `json`, else
 * through `report`) and lets Ctrl-C cancel; a failure is recorded in run.json before it is rethrown.
 */
export async function recordRun<Event extends { type: string }, Config>(
  run: Pick<RunFolder<Event, RunRecord>, 'dir' | 'checkpointDir' | 'add' | 'fail' | 'close'> & { writeConfig(config: Config): Promise<void> },
  config: Config,
  events: (options: EngineRunOptions) => AsyncIterable<Event>,
  print: { json: boolean; report(event: Event): void },
): Promise<void> {
  const sigint = abortOnSigint();
  try {
    await run.writeConfig(config);
    if (!print.json) process.stdout.write(`run directory ${run.dir}\n`);
    for await (const event of events({ signal: sigint.signal, checkpointDir: run.checkpointDir })) {
      await run.add(event);
      if (print.json) process.stdout.write(`${jsonLine(event)}\n`);
      else print.report(event);
    }
  } catch (e) {
    await run.fail(e);
    throw e;
  } finally {
    sigint.release();
    await run.close();
  }
}
