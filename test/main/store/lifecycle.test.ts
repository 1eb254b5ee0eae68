import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { StoreError } from '../../../src/main/store';
import { config, GENOTYPE, retrainConfig, searchEvents, tempDir, tempStore } from './fixtures';

const rowsOf = (file: string, runKey: number) => {
  const db = new Database(file, { readonly: true });
  // Every table with per-run rows (runs itself and templates have none).
  const tables = db
    .prepare("SELECT m.name FROM sqlite_schema m WHERE m.type = 'table' AND m.name != 'runs' AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) WHERE name = 'run')")
    .pluck()
    .all() as string[];
  const n = Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT count(*) FROM ${t} WHERE run = ?`).pluck().get(runKey)]));
  db.close();
  return n;
};

describe('run lifecycle', () => {
  it('creates a queued run with its defaults, then renames, tags and annotates it', () => {
    const store = tempStore();
    const run = store.createRun({ config: config() });
    expect(run).toMatchObject({ name: 'first-order · darts · mnist', status: 'queued', kind: 'search', parentRunId: null, tags: [], backend: 'auto', startedAt: null });
    store.rename(run.id, '  tuned  ');
    store.setTags(run.id, ['b', 'a', 'a']);
    store.setNotes(run.id, 'lr 0.05 diverges');
    expect(store.runDetail(run.id)).toMatchObject({ name: 'tuned', tags: ['a', 'b'], notes: 'lr 0.05 diverges' });
    expect(() => store.rename(run.id, ' ')).toThrow(StoreError);
    expect(() => store.runDetail('00000000-0000-4000-8000-000000000000')).toThrow(/no run/);
    expect(() => store.runDetail('../../etc')).toThrow(/not a uuid/);
  });

  it('keeps start and finish times with status changes', () => {
    const store = tempStore();
    const { id } = store.createRun({ config: config() });
    store.setStatus(id, 'running');
    const started = store.runDetail(id).startedAt;
    expect(started).not.toBeNull();
    store.setStatus(id, 'paused');
    store.setStatus(id, 'running');
    store.setStatus(id, 'failed', 'backend lost');
    expect(store.runDetail(id)).toMatchObject({ status: 'failed', startedAt: started, error: 'backend lost' });
    expect(store.runDetail(id).finishedAt).not.toBeNull();
    expect(store.runLog(id).at(-1)).toMatchObject({ level: 'error', message: 'failed: backend lost' });
  });

  it('markInterruptedRuns turns running and paused runs into interrupted ones, metrics kept', () => {
    const store = tempStore();
    const cfg = config();
    const ids = ['running', 'paused', 'done', 'queued'].map((status) => {
      const { id } = store.createRun({ config: cfg });
      store.appendEvents(id, searchEvents(cfg).slice(0, 8));
      if (status !== 'running') store.setStatus(id, status as 'paused');
      return id;
    });
    store.close();

    const reopened = tempStore(store.path);
    expect(reopened.markInterruptedRuns().sort()).toEqual([ids[0], ids[1]].sort());
    expect(ids.map((id) => reopened.runDetail(id).status)).toEqual(['interrupted', 'interrupted', 'done', 'queued']);
    expect(reopened.metricSeries({ runIds: [ids[0]], metric: 'step.trainLoss' })[0].total).toBe(4);
    expect(reopened.runDetail(ids[0]).epochMetrics).toHaveLength(1);
    expect(reopened.markInterruptedRuns()).toEqual([]);
  });

  it('at start-up takes over only the runs of processes that are gone, never those of a live one', async () => {
    const store = tempStore();
    const cfg = config();
    // A live process other than this one, and the pid of one that has exited.
    const live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    const dead = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    await new Promise((resolve) => dead.once('exit', resolve));
    try {
      const run = (status: 'running' | 'queued', owner: number | undefined) => {
        const { id } = store.createRun({ config: cfg });
        if (status === 'running') store.setStatus(id, 'running');
        const db = new Database(store.path);
        db.prepare('UPDATE runs SET owner_pid = ? WHERE id = ?').run(owner ?? null, id);
        db.close();
        return id;
      };
      const [liveRunning, deadRunning, liveQueued, deadQueued, ownQueued] = [
        run('running', live.pid),
        run('running', dead.pid),
        run('queued', live.pid),
        run('queued', dead.pid),
        run('queued', process.pid),
      ];
      expect(store.markInterruptedRuns()).toEqual([deadRunning]);
      expect(store.runDetail(liveRunning).status).toBe('running');
      expect(store.adoptQueuedRuns()).toEqual([deadQueued, ownQueued]);
      // Adopted runs are now this process's: another start-up here adopts them again, a live host's never.
      expect(store.adoptQueuedRuns()).toEqual([deadQueued, ownQueued]);
      expect(store.listRuns({ status: ['queued'] }).total).toBe(3);
      expect(store.runDetail(liveQueued).status).toBe('queued');
    } finally {
      live.kill();
    }
  });

  it('links a retrain to its search, and unlinks it when the search is deleted', () => {
    const store = tempStore();
    const search = store.createRun({ config: config() });
    const retrain = store.createRun({ config: retrainConfig(), parentRunId: search.id });
    expect(retrain).toMatchObject({ kind: 'retrain', parentRunId: search.id, space: 'genotype', strategy: 'retrain', dataset: 'cifar10', epochs: 3 });
    expect(store.runDetail(retrain.id).config).toMatchObject({ genotype: GENOTYPE, model: { channels: 36 } });
    store.deleteRun(search.id);
    expect(store.runDetail(retrain.id).parentRunId).toBeNull();
  });
});

describe('deleteRun', () => {
  it('removes every row of the run and its folder, and leaves files outside the folder alone', () => {
    const store = tempStore();
    const cfg = config();
    const keep = store.createRun({ config: cfg });
    const gone = store.createRun({ config: cfg });
    const dir = store.runDir(gone.id);
    mkdirSync(join(dir, 'checkpoint'), { recursive: true });
    writeFileSync(join(dir, 'checkpoint', 'checkpoint.json'), '{}');
    writeFileSync(join(dir, 'checkpoint', 'tensors.bin'), 'weights');
    const outside = join(tempDir(), 'exported.onnx');
    writeFileSync(outside, 'onnx');
    // A link inside the run folder to a folder elsewhere: removing the run removes the link, not its target.
    const elsewhere = tempDir();
    writeFileSync(join(elsewhere, 'precious.txt'), 'keep me');
    symlinkSync(elsewhere, join(dir, 'link'));
    for (const id of [keep.id, gone.id]) {
      store.appendEvents(id, [...searchEvents(cfg, { checkpointPath: join(store.runDir(id), 'checkpoint', 'checkpoint.json') }), { type: 'diagnostics', epoch: 0, values: { entropy: 1 } }]);
    }
    store.addArtifact(gone.id, { kind: 'onnx', path: outside });
    store.addArtifact(gone.id, { kind: 'log', path: '../../../../../../etc/hostname' });
    store.addArtifact(gone.id, { kind: 'tfjs', path: 'checkpoint/tensors.bin' });
    expect(store.runDetail(gone.id).artifacts.map((a) => a.path)).toEqual([outside, '/etc/hostname', join(dir, 'checkpoint', 'tensors.bin')]);

    const result = store.deleteRun(gone.id);
    expect(result).toEqual({ removedDir: dir, keptOutside: expect.arrayContaining([outside, '/etc/hostname']) });
    expect(result.keptOutside).toHaveLength(2);
    expect(existsSync(dir)).toBe(false);
    expect(existsSync(outside)).toBe(true);
    expect(existsSync(join(elsewhere, 'precious.txt'))).toBe(true);
    expect(existsSync('/etc/hostname')).toBe(true);
    expect(() => store.runDetail(gone.id)).toThrow(/no run/);
    expect(Object.values(rowsOf(store.path, 2)).every((n) => n === 0)).toBe(true);
    // The other run is whole.
    expect(rowsOf(store.path, 1)).toMatchObject({ step_metrics: 12, epoch_metrics: 3, alpha_snapshots: 6, genotypes: 3, checkpoints: 3, diagnostics: 1, events: 3 });
    expect(store.listRuns().runs.map((r) => r.id)).toEqual([keep.id]);
  });

  it('refuses to delete a live run and tolerates a run without a folder', () => {
    const store = tempStore();
    const { id } = store.createRun({ config: config() });
    store.setStatus(id, 'running');
    expect(() => store.deleteRun(id)).toThrow(/running: cancel it before deleting it/);
    store.setStatus(id, 'cancelled');
    expect(store.deleteRun(id)).toEqual({ removedDir: null, keptOutside: [] });
  });
});
