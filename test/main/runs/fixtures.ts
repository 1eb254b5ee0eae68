import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { forkWorker, RunManager, type RunUpdate, type WorkerHandle } from '../../../src/main/runs';
import { openStore, type RunStatus, type RunStore } from '../../../src/main/store';
import { parseSearchConfig, type SearchConfig } from '../../../src/shared/config';
import { TINY_SEARCH } from '../../helpers/tiny-search';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A database file in a temporary folder, removed after the test. */
export function tempDbPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nas-runs-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'nas-studio.db');
}

export function tempStore(path = tempDbPath()): RunStore {
  const store = openStore({ path });
  cleanups.push(() => store.close());
  return store;
}

/** A manager over real worker processes; `workers` holds their handles in spawn order. */
export function manager(store: RunStore, concurrency = 1) {
  const workers: WorkerHandle[] = [];
  const updates: RunUpdate[] = [];
  const m = new RunManager({
    store,
    concurrency,
    spawn: () => {
      const w = forkWorker();
      workers.push(w);
      return w;
    },
  });
  m.subscribe((u) => updates.push(u));
  cleanups.push(() => m.shutdown());
  return { m, workers, updates };
}

export function tinyConfig(epochs = 3, stepsPerEpoch = 3): SearchConfig {
  return parseSearchConfig({ ...TINY_SEARCH, budget: { epochs, stepsPerEpoch, evalBatches: 1 } });
}

export async function waitFor(check: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function untilStatus(store: RunStore, id: string, status: RunStatus): Promise<void> {
  await waitFor(() => {
    const s = store.runDetail(id).status;
    if (s === 'failed') throw new Error(`run failed: ${store.runDetail(id).error}`);
    return s === status;
  });
}

export const stepCount = (updates: RunUpdate[], runId: string) => updates.filter((u) => u.runId === runId && 'event' in u && u.event.type === 'step').length;

export const storedSteps = (store: RunStore, runId: string) => store.metricSeries({ runIds: [runId], metric: 'step.trainLoss' })[0];
