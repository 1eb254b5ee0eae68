import type { Calibration } from '../../engine/search';
import type { SearchConfig } from '../../shared/config';
import type { SpawnWorker } from './process-host';
import { parseFromWorker } from './protocol';

/**
 * Measures a config's calibration step in a worker process of its own, so that a config that
 * exhausts memory or hangs the backend fails this call, not the host. Killed after `timeoutMs`.
 */
export function estimateInWorker(spawn: SpawnWorker, config: SearchConfig, timeoutMs = 10 * 60_000): Promise<Calibration> {
  return new Promise((resolve, reject) => {
    const handle = spawn();
    let outcome: { ok: true; value: Calibration } | { ok: false; error: Error } | null = null;
    const timer = setTimeout(() => {
      outcome ??= { ok: false, error: new Error(`calibration took longer than ${Math.round(timeoutMs / 1000)} s`) };
      handle.kill('SIGKILL');
    }, timeoutMs);
    handle.onMessage((raw) => {
      try {
        const msg = parseFromWorker(raw);
        if (msg.type === 'estimate') outcome ??= { ok: true, value: msg.result };
        else if (msg.type === 'error') outcome ??= { ok: false, error: new Error(msg.message) };
      } catch (e) {
        outcome ??= { ok: false, error: e as Error };
        handle.kill('SIGKILL');
      }
    });
    handle.onExit((code, signal) => {
      clearTimeout(timer);
      const o = outcome ?? { ok: false, error: new Error(`the calibration worker exited (${signal ?? `code ${code}`}) without a result`) };
      if (o.ok) resolve(o.value);
      else reject(o.error);
    });
    handle.send({ type: 'estimate', config });
  });
}
