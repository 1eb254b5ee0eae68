// A search or retraining in its own process: started, paused, resumed and cancelled by the run
// manager over IPC.
import { exportRun, type ExportedFile } from '../../engine/export';
import { retrain } from '../../engine/retrain';
import { calibrate, runSearch } from '../../engine/search';
import { parseRetrainConfig, parseSearchConfig } from '../../shared/config';
import { storeSource } from '../exports/store-source';
import { openStore } from '../store';
import type { FromWorker, RunEvent, ToWorker } from './protocol';
import { toWorkerSchema } from './protocol';

type Start = Extract<ToWorker, { type: 'start' }>;

const abort = new AbortController();
let started = false;
let paused = false;
let wake: (() => void) | null = null;

function unpause(): void {
  paused = false;
  wake?.();
  wake = null;
}

// The parent is the run manager through Node's IPC (child_process.fork) or, in the desktop app,
// Electron's utilityProcess port; both deliver structured messages (NaN survives).
interface ElectronParentPort {
  postMessage(msg: unknown): void;
  on(event: 'message', cb: (e: { data: unknown }) => void): void;
}
const parentPort = (process as { parentPort?: ElectronParentPort }).parentPort;

// Resolves once the message is handed to the channel: the loop never runs ahead of its output.
function send(msg: FromWorker): Promise<void> {
  if (parentPort) {
    parentPort.postMessage(msg);
    return Promise.resolve();
  }
  return new Promise((resolve, reject) => process.send!(msg, (e: Error | null) => (e ? reject(e) : resolve())));
}

function onParentMessage(cb: (raw: unknown) => void): void {
  if (parentPort) parentPort.on('message', (e) => cb(e.data));
  else process.on('message', cb);
}

/** The run's event stream: a search (plain or progressive) or a retraining, by the run's kind. */
function events(m: Start): AsyncGenerator<RunEvent, void, void> {
  const opts = { signal: abort.signal, checkpointDir: m.checkpointDir, resumeFrom: m.resumeFrom };
  return m.kind === 'retrain' ? retrain(parseRetrainConfig(m.config), opts) : runSearch(parseSearchConfig(m.config), opts);
}

async function run(m: Start): Promise<void> {
  const stream = events(m);
  for (;;) {
    // Messages are read here, before the next pull starts a step (the search's own yield to the
    // event loop comes after the step is already committed to); not pulling leaves the generator
    // suspended at its last yield, i.e. at a step boundary.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (paused) {
      await send({ type: 'paused' });
      while (paused) await new Promise<void>((resolve) => (wake = resolve));
    }
    const next = await stream.next();
    if (next.done) return;
    await send({ type: 'event', event: next.value });
  }
}

/** A stored run's export, read through its own connection (WAL: the host keeps writing meanwhile). */
async function exportFromStore(m: Extract<ToWorker, { type: 'export' }>): Promise<ExportedFile[]> {
  const store = openStore({ path: m.dbPath });
  try {
    const src = await storeSource(store, m.runId);
    try {
      return await exportRun(src, m.formats, m.dir);
    } finally {
      src.model?.dispose();
    }
  } finally {
    store.close();
  }
}

async function fail(e: unknown): Promise<never> {
  const message = e instanceof Error ? e.message : String(e);
  await send({ type: 'error', message }).catch(() => undefined);
  process.exit(1);
}

onParentMessage((raw) => {
  const parsed = toWorkerSchema.safeParse(raw);
  if (!parsed.success) return void fail(`invalid message to the worker: ${parsed.error.message}`);
  const m = parsed.data;
  switch (m.type) {
    case 'start':
      if (started) return void fail('the worker was started twice');
      started = true;
      run(m).then(() => process.exit(0), fail);
      return;
    case 'export':
      if (started) return void fail('the worker was started twice');
      started = true;
      exportFromStore(m)
        .then((files) => send({ type: 'exported', files }))
        .then(() => process.exit(0), fail);
      return;
    case 'estimate':
      if (started) return void fail('the worker was started twice');
      started = true;
      calibrate(parseSearchConfig(m.config))
        .then((result) => send({ type: 'estimate', result }))
        .then(() => process.exit(0), fail);
      return;
    case 'pause':
      paused = true;
      return;
    case 'resume':
      return unpause();
    case 'cancel':
      // A paused search must be pulled again to notice the signal and emit 'cancelled'.
      abort.abort();
      return unpause();
  }
});

// The manager is gone (app crash): nobody records the events, so stop rather than linger. (A
// utility process is ended by Electron with its parent.)
if (!parentPort) process.on('disconnect', () => process.exit(1));
// Ctrl-C in a terminal reaches the whole process group: the host decides what it means (the CLI
// cancels the run at a step boundary; `serve` stops its workers, leaving the runs resumable).
process.on('SIGINT', () => {});
