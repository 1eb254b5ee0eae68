// The run manager: searches in worker processes, queued, controlled and recorded in the run store.
export { RunManager, RunStateError, type RunListener, type RunManagerOptions, type RunUpdate } from './manager';
export { forkWorker, type SpawnWorker, type WorkerHandle } from './process-host';
export type { RunProgress } from './progress';
export type { ToWorker } from './protocol';
export { estimateInWorker, exportInWorker, type ExportJob } from './worker-job';
