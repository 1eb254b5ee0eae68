import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { config, searchEvents, tempStore } from './fixtures';

// Plain CommonJS for an eval worker: a second connection in its own thread, as the UI's reader would be.
const READER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require('better-sqlite3');
const db = new Database(workerData.file, { readonly: true });
const count = db.prepare('SELECT count(*) AS n, max(global_step) AS last FROM step_metrics');
const pause = new Int32Array(new SharedArrayBuffer(4));
const samples = [];
const until = Date.now() + 20000;
try {
  while (Date.now() < until) {
    db.exec('BEGIN');
    const a = count.get();
    Atomics.wait(pause, 0, 0, 15); // hold the read snapshot while the writer commits
    const b = count.get();
    db.exec('COMMIT');
    samples.push({ n: a.n, last: a.last, again: b.n });
    if (a.n === workerData.total) break;
  }
  parentPort.postMessage({ samples });
} catch (e) {
  parentPort.postMessage({ samples, error: String(e) });
}
`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('WAL: a concurrent reader', () => {
  it('reads consistent snapshots in another thread while the writer commits, and never blocks it', async () => {
    const store = tempStore();
    const batch = 50;
    const batches = 40;
    const cfg = config({ budget: { epochs: 1 } });
    const run = store.createRun({ config: cfg });
    const [start] = searchEvents(cfg);
    const step = searchEvents(cfg).find((e) => e.type === 'step')!;
    const writer = store.writer(run.id, { batchSize: batch });
    writer.write(start);

    const worker = new Worker(READER, { eval: true, workerData: { file: store.path, total: batch * batches } });
    const result = new Promise<{ samples: Array<{ n: number; last: number | null; again: number }>; error?: string }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    const commitMs: number[] = [];
    for (let b = 0; b < batches; b++) {
      const t = performance.now();
      for (let i = 0; i < batch; i++) writer.write({ ...step, step: b * batch + i, stepsPerEpoch: batch * batches });
      commitMs.push(performance.now() - t);
      await sleep(5);
    }
    writer.close();
    const { samples, error } = await result;
    await worker.terminate();

    expect(error).toBeUndefined();
    const counts = samples.map((s) => s.n);
    expect(counts.at(-1)).toBe(batch * batches);
    expect(new Set(counts).size).toBeGreaterThan(3); // it saw the table grow
    for (let i = 1; i < counts.length; i++) expect(counts[i]).toBeGreaterThanOrEqual(counts[i - 1]);
    for (const s of samples) {
      expect(s.n % batch).toBe(0); // whole transactions only
      expect(s.again).toBe(s.n); // a snapshot does not move while the writer commits
      expect(s.last).toBe(s.n ? s.n - 1 : null);
    }
    // The reader's open snapshots never made the writer wait for its busy timeout.
    expect(Math.max(...commitMs)).toBeLessThan(1000);
  });
});
