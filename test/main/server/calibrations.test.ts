import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openHost, type Host } from '../../../src/main/host';
import { forkWorker, type SpawnWorker } from '../../../src/main/runs';
import { startServer } from '../../../src/main/server';
import { WS_PATH } from '../../../src/shared/api';
import { TINY_SEARCH } from '../../helpers/tiny-search';
import { client, rejection, waitFor } from './fixtures';

// A calibration that takes far longer than a request's round trip (a DARTS step at C=16, 8 cells,
// 32x32 images); the tests cancel it as soon as its worker has been started.
const SLOW = {
  ...TINY_SEARCH,
  data: { ...TINY_SEARCH.data, options: { trainCount: 256, testCount: 32, height: 32, width: 32, channels: 3, numClasses: 10 }, batchSize: 64 },
  model: { channels: 16, layers: 8 },
};
const TINY = { ...TINY_SEARCH, budget: { epochs: 1, stepsPerEpoch: 2, evalBatches: 1 } };

/** Every worker the host starts, whether it has exited, and how many were alive when it started. */
interface Worker {
  exited: boolean;
  aliveBefore: number;
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A real host (forked workers, watched) behind a real server. */
async function serveWatched(calibrations?: number): Promise<{ host: Host; wsUrl: string; workers: Worker[] }> {
  const workers: Worker[] = [];
  const spawn: SpawnWorker = () => {
    const handle = forkWorker();
    const w: Worker = { exited: false, aliveBefore: workers.filter((x) => !x.exited).length };
    // Registered before the job's own exit handler: set by the time the call settles.
    handle.onExit(() => (w.exited = true));
    workers.push(w);
    return handle;
  };
  const dir = mkdtempSync(join(tmpdir(), 'nas-calib-'));
  mkdirSync(join(dir, 'renderer'));
  const host = openHost({ dbPath: join(dir, 'nas-studio.db'), spawn, transport: 'websocket', calibrations });
  const server = await startServer({ service: host.service, store: host.store, rendererDir: join(dir, 'renderer'), port: 0 });
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanups.push(() => host.close());
  cleanups.push(() => server.close());
  return { host, wsUrl: `ws://127.0.0.1:${server.port}${WS_PATH}`, workers };
}

describe('calibrations (estimateRun) are cancellable and bounded', () => {
  it('cancelEstimate kills the worker and the call rejects as cancelled; the server keeps serving', async () => {
    const { host, wsUrl, workers } = await serveWatched();
    const { api } = await client(wsUrl);
    const slow = rejection(api.call('estimateRun', { config: SLOW }));
    await waitFor(() => workers.length === 1);
    expect(await api.call('cancelEstimate')).toEqual({ cancelled: true });
    expect(await slow).toMatchObject({ code: 'cancelled' });
    // The call settles only once the worker process has gone.
    expect(workers[0].exited).toBe(true);
    expect(host.calibrations.counts()).toEqual({ running: 0, waiting: 0 });
    expect(await api.call('cancelEstimate')).toEqual({ cancelled: false });

    const est = await api.call('estimateRun', { config: TINY });
    expect(est.stepsPerEpoch).toBe(2);
    expect(workers.map((w) => w.exited)).toEqual([true, true]);
  });

  it("a client's new estimateRun cancels its previous one", async () => {
    const { wsUrl, workers } = await serveWatched();
    const { api } = await client(wsUrl);
    const first = rejection(api.call('estimateRun', { config: SLOW }));
    await waitFor(() => workers.length === 1);
    const second = api.call('estimateRun', { config: TINY });
    expect(await first).toMatchObject({ code: 'cancelled', message: expect.stringMatching(/replaced/) });
    expect(workers[0].exited).toBe(true);
    expect((await second).stepsPerEpoch).toBe(2);
    expect(workers).toHaveLength(2);
  });

  it("a disconnecting client's calibration is killed; other clients are still served", async () => {
    const { host, wsUrl, workers } = await serveWatched();
    const leaving = await client(wsUrl);
    const staying = await client(wsUrl);
    void leaving.api.call('estimateRun', { config: SLOW }).catch(() => undefined); // its socket closes: no answer comes
    await waitFor(() => workers.length === 1);
    leaving.close();
    await waitFor(() => workers[0].exited);
    await waitFor(() => host.calibrations.counts().running === 0);
    expect((await staying.api.call('estimateRun', { config: TINY })).stepsPerEpoch).toBe(2);
  });

  it('past the global cap requests wait their turn, and a waiting one can be cancelled before it starts', async () => {
    const { host, wsUrl, workers } = await serveWatched(1);
    const a = await client(wsUrl);
    const b = await client(wsUrl);
    const aSlow = rejection(a.api.call('estimateRun', { config: SLOW }));
    await waitFor(() => workers.length === 1);
    const bWaiting = rejection(b.api.call('estimateRun', { config: SLOW }));
    await waitFor(() => host.calibrations.counts().waiting === 1);
    expect(workers).toHaveLength(1);

    // Cancelled while waiting: no worker was ever started for it.
    expect(await b.api.call('cancelEstimate')).toEqual({ cancelled: true });
    expect(await bWaiting).toMatchObject({ code: 'cancelled' });
    expect(host.calibrations.counts()).toEqual({ running: 1, waiting: 0 });

    const bTiny = b.api.call('estimateRun', { config: TINY });
    await waitFor(() => host.calibrations.counts().waiting === 1);
    await a.api.call('cancelEstimate');
    expect(await aSlow).toMatchObject({ code: 'cancelled' });
    expect((await bTiny).stepsPerEpoch).toBe(2);
    // b's worker started only after a's had exited: never more than one alive.
    expect(workers.map((w) => w.aliveBefore)).toEqual([0, 0]);
  });
});
