// The desktop app's worker process: Electron's utilityProcess, behind the same WorkerHandle the
// Node host gets from child_process.fork. Thin on purpose: everything else is shared.
import { utilityProcess } from 'electron';
import type { SpawnWorker } from './process-host';

/** `modulePath`: the built worker bundle (out/main/worker.js). */
export function utilityWorker(modulePath: string): SpawnWorker {
  return () => {
    const child = utilityProcess.fork(modulePath, [], { serviceName: 'NAS Studio search', stdio: 'inherit' });
    let alive = true;
    child.once('exit', () => (alive = false));
    return {
      send: (msg) => {
        if (alive) child.postMessage(msg);
      },
      onMessage: (cb) => child.on('message', cb),
      onExit: (cb) => child.once('exit', (code) => cb(code, null)),
      kill: () => {
        child.kill();
      },
    };
  };
}
