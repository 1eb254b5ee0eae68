import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { RunManager, forkWorker } from '../../../src/main/runs';
import { tinyRetrain } from '../../helpers/tiny-retrain';
import { manager, sleep, stepCount, storedSteps, tempDbPath, tempStore, tinyConfig, untilStatus, waitFor } from './fixtures';

describe('run manager', () => {
  it('runs a search in a worker process to done, recording every epoch, the genotype and progress', async () => {
    const store = tempStore();
    const { m, updates } = manager(store);
    const id = m.start(tinyConfig(), { name: 'tiny', tags: ['t'] });
    await untilStatus(store, id, 'done');
    const d = store.runDetail(id);
    expect(d).toMatchObject({ name: 'tiny', tags: ['t'], epochsDone: 3, error: null });
    expect(d.epochMetrics.map((e) => e.epoch)).toEqual([0, 1, 2]);
    expect(d.finalGenotype?.normal.length).toBeGreaterThan(0);
    expect(d.checkpoints.map((c) => c.epoch)).toEqual([0, 1, 2]);
    expect(storedSteps(store, id).total).toBe(9);
    const progress = updates.flatMap((u) => ('progress' in u && u.progress ? [u.progress] : []));
    expect(progress.map((p) => p.stepsDone)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(progress[0].etaSeconds).toBeGreaterThan(0);
    expect(progress.at(-1)).toMatchObject({ fraction: 1, etaSeconds: 0 });
    expect(m.progress(id)).toBeNull();
  });

  it('reports no live progress once a run has said done, even before its worker exits', async () => {
    const store = tempStore();
    const { m } = manager(store);
    const id = m.start(tinyConfig(1, 2));
    const seen: Array<ReturnType<typeof m.progress>> = [];
    // Listeners run inside the worker's message handler, before the worker's exit is noticed.
    m.subscribe((u) => {
      if (u.runId === id && 'status' in u && u.status === 'done') seen.push(m.progress(id));
    });
    await untilStatus(store, id, 'done');
    await waitFor(() => seen.length > 0);
    expect(seen).toEqual([null]);
  });

  it('pauses at a step boundary and resumes to done', async () => {
    const store = tempStore();
    const { m, updates } = manager(store);
    const id = m.start(tinyConfig());
    await waitFor(() => stepCount(updates, id) >= 1);
    m.pause(id);
    // 'paused' once the worker holds: the step under way when the pause came reports before that.
    await untilStatus(store, id, 'paused');
    expect(updates.findLast((u) => u.runId === id && 'status' in u)).toEqual({ runId: id, status: 'paused' });
    const before = stepCount(updates, id);
    await sleep(1500);
    expect(stepCount(updates, id)).toBe(before);
    expect(before).toBeLessThan(9);
    m.resume(id);
    expect(store.runDetail(id).status).toBe('running');
    await untilStatus(store, id, 'done');
    expect(store.runDetail(id).epochMetrics).toHaveLength(3);
  });

  it('cancels a live run and a queued one', async () => {
    const store = tempStore();
    const { m, updates } = manager(store);
    const live = m.start(tinyConfig());
    const queued = m.start(tinyConfig());
    m.cancel(queued);
    expect(store.runDetail(queued).status).toBe('cancelled');
    await waitFor(() => stepCount(updates, live) >= 1);
    m.cancel(live);
    await untilStatus(store, live, 'cancelled');
    expect(updates.some((u) => u.runId === live && 'event' in u && u.event.type === 'cancelled')).toBe(true);
  });

  it('queues runs beyond the concurrency limit', async () => {
    const store = tempStore();
    const { m } = manager(store, 1);
    const a = m.start(tinyConfig(1, 2));
    const b = m.start(tinyConfig(1, 2));
    await untilStatus(store, a, 'running');
    expect(store.runDetail(b).status).toBe('queued');
    await untilStatus(store, b, 'done');
    const [ra, rb] = [store.runDetail(a), store.runDetail(b)];
    expect(ra.status).toBe('done');
    expect(rb.startedAt!).toBeGreaterThanOrEqual(ra.finishedAt!);
  });

  it('survives a SIGKILLed worker: the run is interrupted with its metrics and resumes after a restart without duplicates', async () => {
    const path = tempDbPath();
    const store = tempStore(path);
    const { m, workers, updates } = manager(store);
    m.subscribe((u) => {
      // Mid-epoch: the first step after the epoch-0 checkpoint.
      if ('event' in u && u.event.type === 'step' && u.event.epoch === 1) workers[0].kill('SIGKILL');
    });
    const id = m.start(tinyConfig());
    await untilStatus(store, id, 'interrupted');
    expect(updates.some((u) => 'event' in u && u.event.type === 'checkpoint' && u.event.epoch === 0)).toBe(true);
    const crashed = store.runDetail(id);
    expect(crashed.error).toMatch(/SIGKILL/);
    expect(crashed.epochMetrics.map((e) => e.epoch)).toEqual([0]);
    expect(storedSteps(store, id).total).toBe(4); // epoch 0 and the step of epoch 1 that arrived
    await m.shutdown();
    store.close();

    // An app restart: a new store and manager over the same file.
    const store2 = tempStore(path);
    const { m: m2, updates: updates2 } = manager(store2);
    expect(store2.runDetail(id).status).toBe('interrupted');
    m2.resumeInterrupted(id);
    await untilStatus(store2, id, 'done');
    const start = updates2.find((u) => 'event' in u && u.event.type === 'start');
    expect(start && 'event' in start && start.event.type === 'start' && start.event.resumedFromEpoch).toBe(1);
    const d = store2.runDetail(id);
    expect(d.epochMetrics.map((e) => e.epoch)).toEqual([0, 1, 2]);
    expect(d.genotypes.map((g) => g.epoch)).toEqual([0, 1, 2]);
    const steps = storedSteps(store2, id);
    expect(steps.total).toBe(9);
    expect(steps.x).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('marks runs a dead app left running as interrupted; one without a checkpoint restarts from the beginning, saying so', async () => {
    const path = tempDbPath();
    const store = tempStore(path);
    const id = store.createRun({ config: tinyConfig(1, 2) }).id;
    const other = store.createRun({ config: tinyConfig() }).id;
    store.setStatus(id, 'running');
    store.setStatus(other, 'running');
    const { m } = manager(store);
    expect(store.runDetail(id).status).toBe('interrupted');
    expect(() => m.pause(id)).toThrow(/not running/);
    m.cancel(other);
    expect(store.runDetail(other).status).toBe('cancelled');
    m.resumeInterrupted(id);
    await untilStatus(store, id, 'done');
    expect(store.runLog(id).map((l) => l.message)).toContain('no checkpoint yet: the run restarts from the beginning');
    expect(storedSteps(store, id).x).toEqual([0, 1]);
  });

  it('notices, while it runs, that the process holding a run died, and marks the run interrupted', async () => {
    const store = tempStore();
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    const id = store.createRun({ config: tinyConfig() }).id;
    store.setStatus(id, 'running');
    const db = new Database(store.path);
    db.prepare('UPDATE runs SET owner_pid = ?').run(other.pid);
    db.close();
    const updates: string[] = [];
    const m = new RunManager({ store, spawn: forkWorker, ownerCheckMs: 50 });
    try {
      m.subscribe((u) => 'status' in u && updates.push(`${u.runId}:${u.status}`));
      await sleep(300);
      expect(store.runDetail(id).status).toBe('running');
      const gone = new Promise((r) => other.once('exit', r));
      other.kill('SIGKILL');
      await gone;
      await untilStatus(store, id, 'interrupted');
      expect(store.runDetail(id).error).toMatch(new RegExp(`its process \\(pid ${other.pid}\\) is gone`));
      expect(updates).toContain(`${id}:interrupted`);
      m.cancel(id);
      expect(store.runDetail(id).status).toBe('cancelled');
    } finally {
      other.kill();
      await m.shutdown();
    }
  });

  it("leaves a live process's runs alone and says whose they are when asked to control them", async () => {
    const store = tempStore();
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      const running = store.createRun({ config: tinyConfig() }).id;
      store.setStatus(running, 'running');
      const queued = store.createRun({ config: tinyConfig() }).id;
      const db = new Database(store.path);
      db.prepare('UPDATE runs SET owner_pid = ?').run(other.pid);
      db.close();
      const { m } = manager(store);
      expect(store.runDetail(running).status).toBe('running');
      expect(m.isLive(queued)).toBe(false);
      const whose = new RegExp(`belongs to another process \\(pid ${other.pid}`);
      expect(() => m.pause(running)).toThrow(whose);
      expect(() => m.cancel(running)).toThrow(whose);
      expect(() => m.cancel(queued)).toThrow(whose);
      expect(store.runDetail(queued).status).toBe('queued');
    } finally {
      other.kill();
    }
  });

  it('starts the runs a previous process left queued, in order', async () => {
    const path = tempDbPath();
    const store = tempStore(path);
    const first = store.createRun({ config: tinyConfig(1, 1), name: 'first' }).id;
    const second = store.createRun({ config: tinyConfig(1, 1), name: 'second' }).id;
    const { m } = manager(store);
    expect(m.isLive(first) && m.isLive(second)).toBe(true);
    await untilStatus(store, second, 'done');
    expect(store.runDetail(first).status).toBe('done');
    expect(store.runDetail(second).startedAt!).toBeGreaterThanOrEqual(store.runDetail(first).finishedAt!);
  });

  it('retrains a genotype in a worker, linked to its search, with the trained checkpoint recorded', async () => {
    const store = tempStore();
    const { m, updates } = manager(store);
    const search = store.createRun({ config: tinyConfig(1, 1) }).id;
    store.setStatus(search, 'cancelled');
    const id = m.start(tinyRetrain(), { parentRunId: search, name: 'retrain tiny' });
    await untilStatus(store, id, 'done');
    const d = store.runDetail(id);
    expect(d).toMatchObject({ kind: 'retrain', parentRunId: search, name: 'retrain tiny', space: 'genotype', strategy: 'retrain', epochsDone: 2 });
    expect(d.meta).toMatchObject({ kind: 'retrain', params: expect.any(Number), multiplyAdds: expect.any(Number) });
    expect(d.checkpoints.at(-1)?.epoch).toBe(1);
    expect(d.finalGenotype).toEqual(tinyRetrain().genotype);
    expect(store.metricSeries({ runIds: [id], metric: 'step.dropPathProb' })[0].y).toEqual([0, 0, 0.1, 0.1]);
    // Progress counts the retraining's own steps (w steps only).
    const progress = updates.flatMap((u) => (u.runId === id && 'progress' in u && u.progress ? [u.progress.stepsDone] : []));
    expect(progress).toEqual([1, 2, 3, 4]);
  });

  it('a worker refuses an invalid message with an error and a non-zero exit', async () => {
    const w = forkWorker();
    const messages: unknown[] = [];
    w.onMessage((msg) => messages.push(msg));
    const exit = new Promise<number | null>((resolve) => w.onExit((code) => resolve(code)));
    w.send({ type: 'bogus' } as never);
    expect(await exit).toBe(1);
    expect(messages).toEqual([{ type: 'error', message: expect.stringMatching(/invalid message/) }]);
  });
});
