import type { Calibration } from '../../engine/search';
import type { SearchConfig } from '../../shared/config';
import type { SpawnWorker } from './process-host';
import { parseFromWorker, type ExportedFileMessage, type FromWorker, type ToWorker } from './protocol';

/**
 * One request answered by a worker process of its own (a calibration step, an export), so that
 * work that exhausts memory or hangs the backend fails this call, not the host. The worker exits
 * after answering; it is killed after `timeoutMs`, or when `signal` aborts: the call then rejects
 * with the signal's reason, once the process has gone (so a rejection never leaves a worker behind).
 */
function workerJob<T>(spawn: SpawnWorker, request: ToWorker, answer: (msg: FromWorker) => T | undefined, timeoutMs: number, signal?: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const aborted = () => (signal?.reason instanceof Error ? signal.reason : new Error(`the ${request.type} job was cancelled`));
    if (signal?.aborted) return reject(aborted());
    const handle = spawn();
    let outcome: { ok: true; value: T } | { ok: false; error: Error } | null = null;
    const timer = setTimeout(() => {
      outcome ??= { ok: false, error: new Error(`the ${request.type} worker took longer than ${Math.round(timeoutMs / 1000)} s`) };
      handle.kill('SIGKILL');
    }, timeoutMs);
    handle.onMessage((raw) => {
      try {
        const msg = parseFromWorker(raw);
        const value = answer(msg);
        if (value !== undefined) outcome ??= { ok: true, value };
        else if (msg.type === 'error') outcome ??= { ok: false, error: new Error(msg.message) };
      } catch (e) {
        outcome ??= { ok: false, error: e as Error };
        handle.kill('SIGKILL');
      }
    });
    const abort = () => {
      outcome ??= { ok: false, error: aborted() };
      handle.kill('SIGKILL');
    };
    signal?.addEventListener('abort', abort, { once: true });
    handle.onExit((code, exitSignal) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', abort);
      const o = outcome ?? { ok: false, error: new Error(`the ${request.type} worker exited (${exitSignal ?? `code ${code}`}) without a result`) };
      if (o.ok) resolve(o.value);
      else reject(o.error);
    });
    handle.send(request);
  });
}

/** Measures a config's calibration step (see the engine's calibrate()); `signal` kills the worker. */
export function estimateInWorker(spawn: SpawnWorker, config: SearchConfig, { timeoutMs = 10 * 60_000, signal }: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<Calibration> {
  return workerJob(spawn, { type: 'estimate', config }, (m) => (m.type === 'estimate' ? m.result : undefined), timeoutMs, signal);
}

export interface ExportJob {
  dbPath: string;
  runId: string;
  formats: string[];
  /** Where the files go: a folder the host chose inside the run's own folder. */
  dir: string;
}

/** Exports a stored run in the asked formats (the engine's exportRun over the store's view of the run). */
export function exportInWorker(spawn: SpawnWorker, job: ExportJob, timeoutMs = 30 * 60_000): Promise<ExportedFileMessage[]> {
  return workerJob(spawn, { type: 'export', ...job }, (m) => (m.type === 'exported' ? m.files : undefined), timeoutMs);
}
