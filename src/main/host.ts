import { ApiService, Calibrations } from './api';
import { hostInfo } from './host-info';
import { estimateInWorker, exportInWorker, RunManager, type SpawnWorker } from './runs';
import { openStore, type RunStore } from './store';

export interface HostOptions {
  dbPath: string;
  /** How search workers start: utilityProcess in the desktop app, child_process.fork elsewhere. */
  spawn: SpawnWorker;
  transport: 'electron' | 'websocket';
  /** Searches at once (default 1). */
  concurrency?: number;
  /** The desktop app's save dialog (see ApiContext.saveAs). */
  saveAs?(file: string, name: string): Promise<string | null>;
  /** Calibrations (estimateRun) running at once over all clients (default 2; more wait their turn). */
  calibrations?: number;
}

export interface Host {
  store: RunStore;
  manager: RunManager;
  service: ApiService;
  calibrations: Calibrations;
  /** Stops the workers (their runs become interrupted, resumable) and closes the database. */
  close(): Promise<void>;
}

/** The back end both hosts share: the run store, the run manager and the API on top of them. */
export function openHost(opts: HostOptions): Host {
  const store = openStore({ path: opts.dbPath });
  const manager = new RunManager({ store, spawn: opts.spawn, concurrency: opts.concurrency });
  const calibrations = new Calibrations((config, signal) => estimateInWorker(opts.spawn, config, { signal }), opts.calibrations);
  const service = new ApiService({
    store,
    manager,
    calibrations,
    exportFiles: (job) => exportInWorker(opts.spawn, { dbPath: store.path, ...job }),
    hostInfo: () => hostInfo({ transport: opts.transport, dbPath: store.path }),
    saveAs: opts.saveAs,
  });
  return {
    store,
    manager,
    service,
    calibrations,
    async close() {
      calibrations.cancelAll();
      await manager.shutdown();
      store.close();
    },
  };
}
