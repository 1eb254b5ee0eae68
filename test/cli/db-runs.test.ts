import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openStore, type RunStore } from '../../src/main/store';
import { TINY_RETRAIN_FILE } from '../helpers/tiny-retrain';
import { TINY_SEARCH } from '../helpers/tiny-search';
import { runCli } from './run-cli';

const BIN = fileURLToPath(new URL('../../bin/nas-studio.js', import.meta.url));

async function tinyConfig(epochs: number, stepsPerEpoch = 2): Promise<{ dir: string; file: string; db: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'nas-cli-db-'));
  const file = join(dir, 'tiny.json');
  await writeFile(file, JSON.stringify({ ...TINY_SEARCH, budget: { ...TINY_SEARCH.budget, epochs, stepsPerEpoch } }));
  return { dir, file, db: join(dir, 'runs.db') };
}

/**
 * Starts `nas-studio search … --json` in its own process group (as a shell runs a job) and calls
 * `onEvent` for each JSONL event until it returns true; resolves with the exit code.
 */
function runUntil(args: string[], onEvent: (e: { type: string }, pid: number) => boolean): Promise<{ code: number | null; types: string[] }> {
  const child = spawn(process.execPath, [BIN, ...args], { detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
  let acted = false;
  const types: string[] = [];
  const lines = createInterface({ input: child.stdout! });
  lines.on('line', (line) => {
    const event = JSON.parse(line) as { type: string };
    types.push(event.type);
    if (!acted) acted = onEvent(event, child.pid!);
  });
  const closed = new Promise((resolve) => lines.once('close', resolve));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return Promise.all([exited, closed]).then(([code]) => ({ code, types }));
}

function inStore<T>(db: string, read: (store: RunStore) => T): T {
  const store = openStore({ path: db });
  try {
    return read(store);
  } finally {
    store.close();
  }
}

/** The database's one run (or the newest of its kind). */
const readRun = (db: string, kind: 'search' | 'retrain' = 'search') =>
  inStore(db, (store) => {
    const [summary] = store.listRuns({ kind }).runs;
    return { summary, detail: store.runDetail(summary.id) };
  });

describe('nas-studio search --db', () => {
  it('records the search in the database through a worker process, named, with every epoch and the final genotype', async () => {
    const { file, db } = await tinyConfig(1);
    const r = await runCli(['search', '--db', db, '--config', file, '--name', 'tiny in db', '--json']);
    expect(r.code).toBe(0);
    const events = r.stdout.trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(events[0].type).toBe('start');
    expect(events.at(-1).type).toBe('done');
    const { summary, detail } = readRun(db);
    expect(summary).toMatchObject({ name: 'tiny in db', status: 'done', kind: 'search', epochsDone: 1 });
    expect(detail.finalGenotype).toEqual(events.at(-1).genotype);
    expect(detail.epochMetrics.map((e) => e.epoch)).toEqual([0]);
  });

  it('Ctrl-C to the process group cancels at a step boundary: the run is recorded as cancelled, exit 130', async () => {
    const { file, db } = await tinyConfig(3, 20);
    const { code, types } = await runUntil(['search', '--db', db, '--config', file, '--json'], (e, pid) => {
      if (e.type !== 'step') return false;
      process.kill(-pid, 'SIGINT'); // the CLI and its worker, as a terminal does
      return true;
    });
    expect(code).toBe(130);
    // The worker was not killed by the signal: it stopped at a step boundary and said so.
    expect(types.at(-1)).toBe('cancelled');
    expect(readRun(db).summary.status).toBe('cancelled');
  });

  it('a run whose CLI was killed is resumed by id from its last checkpoint, metrics continuing', async () => {
    const { file, db } = await tinyConfig(2);
    await runUntil(['search', '--db', db, '--config', file, '--json'], (e, pid) => {
      if (e.type !== 'checkpoint') return false;
      process.kill(pid, 'SIGKILL'); // the CLI only: its worker exits when the channel closes
      return true;
    });
    const { summary } = readRun(db);
    expect(summary.status).toBe('running'); // nobody has looked yet

    const wrong = await runCli(['search', '--db', db, '--resume', summary.id, '--epochs', '3']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/leave out --epochs/);

    const r = await runCli(['search', '--db', db, '--resume', summary.id, '--json']);
    expect(r.code).toBe(0);
    const events = r.stdout.trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(events[0]).toMatchObject({ type: 'start', resumedFromEpoch: 1 });
    const { detail } = readRun(db);
    expect(detail.status).toBe('done');
    expect(detail.epochMetrics.map((e) => e.epoch)).toEqual([0, 1]);
  });

  it('bad combinations and unknown runs are usage errors naming the flag', async () => {
    const { file, db } = await tinyConfig(1);
    const out = await runCli(['search', '--db', db, '--config', file, '--out', join(tmpdir(), 'x')]);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/--out and --db/);
    const unknown = await runCli(['search', '--db', db, '--resume', 'no-such-run']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--resume: .*no-such-run/);
    const name = await runCli(['search', '--config', file, '--name', 'x']);
    expect(name.code).toBe(2);
  });
});

describe('nas-studio retrain --db', () => {
  it('retrains a stored search\'s genotype as a run linked to it, and continues an interrupted one by id', async () => {
    const { dir, file, db } = await tinyConfig(1);
    expect((await runCli(['search', '--db', db, '--config', file, '--json'])).code).toBe(0);
    const search = readRun(db).detail;
    const config = join(dir, 'retrain.json');
    await writeFile(config, JSON.stringify(TINY_RETRAIN_FILE));

    // Killed after its first checkpoint, as a crash would: the retraining stays resumable.
    await runUntil(['retrain', '--db', db, '--run', search.id, '--config', config, '--name', 'rt one', '--json'], (e, pid) => {
      if (e.type !== 'checkpoint') return false;
      process.kill(pid, 'SIGKILL');
      return true;
    });
    const started = readRun(db, 'retrain').summary;
    expect(started).toMatchObject({ name: 'rt one', kind: 'retrain', parentRunId: search.id, status: 'running' });

    const wrongKind = await runCli(['search', '--db', db, '--resume', started.id]);
    expect(wrongKind.code).toBe(2);
    expect(wrongKind.stderr).toMatch(/is a retraining, not a search/);

    const r = await runCli(['retrain', '--db', db, '--resume', started.id, '--json']);
    expect(r.code).toBe(0);
    const events = r.stdout.trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(events[0]).toMatchObject({ type: 'start', resumedFromEpoch: 1 });
    expect(events.at(-1).type).toBe('done');
    const { detail } = readRun(db, 'retrain');
    expect(detail).toMatchObject({ status: 'done', parentRunId: search.id });
    expect(detail.epochMetrics.map((e) => e.epoch)).toEqual([0, 1]);
    const recorded = detail.config as { genotype: unknown; source: unknown };
    expect(recorded.genotype).toEqual(search.finalGenotype);
    expect(recorded.source).toEqual({ run: search.id });
  });

  it('bad combinations and unknown runs are usage errors naming the flag', async () => {
    const { db } = await tinyConfig(1);
    const cases: Array<[string[], RegExp]> = [
      [['retrain', '--run', 'x', '--preset', 'quick'], /--run goes with --db/],
      [['retrain', '--db', db, '--from', tmpdir(), '--preset', 'quick'], /--from and --db/],
      [['retrain', '--db', db, '--preset', 'quick'], /exactly one of --run/],
      [['retrain', '--db', db, '--run', 'no-such-run', '--preset', 'quick'], /--run: .*no-such-run/],
      [['retrain', '--db', db, '--resume', 'x', '--epochs', '3'], /leave out --epochs/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });
});
