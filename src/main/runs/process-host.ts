// "A worker process" behind one small interface: child_process.fork here (Node host, CLI); the
// desktop app's Electron utilityProcess is a second implementation of the same interface.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ToWorker } from './protocol';

export interface WorkerHandle {
  send(msg: ToWorker): void;
  onMessage(cb: (msg: unknown) => void): void;
  /** Called once, when the process has gone (by itself, killed or crashed). */
  onExit(cb: (code: number | null, signal: NodeJS.Signals | null) => void): void;
  kill(signal?: NodeJS.Signals): void;
}

export type SpawnWorker = () => WorkerHandle;

// A plain-JS bootstrap registers tsx from its own location, so the worker loads from any cwd.
const ENTRY = fileURLToPath(new URL('./worker-entry.js', import.meta.url));

export const forkWorker: SpawnWorker = () => {
  // execArgv [] keeps the parent's flags (a test runner's loaders, inspectors) out of the worker;
  // 'advanced' serialization keeps NaN and Infinity in metrics, which JSON would turn into null.
  const child = fork(ENTRY, [], { execArgv: [], serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return {
    send: (msg) => {
      if (child.connected) child.send(msg);
    },
    onMessage: (cb) => child.on('message', cb),
    onExit: (cb) => child.once('exit', cb),
    kill: (signal) => child.kill(signal),
  };
};
