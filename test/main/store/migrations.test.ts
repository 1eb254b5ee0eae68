import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { defaultDbPath, openStore, SCHEMA_VERSION, StoreError } from '../../../src/main/store';
import { migrate } from '../../../src/main/store/migrate';
import { MIGRATIONS } from '../../../src/main/store/migrations';
import { config, tempDir, tempStore } from './fixtures';

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const tables = (db: Database.Database) => db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all();

function expectStoreError(f: () => unknown, code: string, message: RegExp): void {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(StoreError);
    expect((e as StoreError).code).toBe(code);
    expect((e as StoreError).message).toMatch(message);
    return;
  }
  expect.unreachable('no error thrown');
}

describe('opening and migrating', () => {
  it('creates the newest schema in an empty file, in WAL mode with foreign keys on', () => {
    const dir = tempDir();
    const file = join(dir, 'nested', 'folder', 'nas-studio.db');
    const store = tempStore(file);
    expect(store.schemaVersion).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBe(7);
    store.close();
    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(7);
    expect(tables(db)).toEqual(['alpha_snapshots', 'artifacts', 'checkpoints', 'diagnostics', 'epoch_metrics', 'events', 'genotypes', 'run_tags', 'runs', 'step_metrics', 'templates']);
    db.close();
    // Reopening an up-to-date file is a no-op.
    expect(tempStore(file).schemaVersion).toBe(7);
  });

  it('turns foreign keys on for its connection, so deleting a run cascades', () => {
    const store = tempStore();
    const run = store.createRun({ config: config() });
    store.appendEvents(run.id, [{ type: 'log', level: 'info', message: 'hello' }]);
    store.deleteRun(run.id);
    store.close();
    const db = new Database(store.path, { readonly: true });
    expect(db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(0);
    db.close();
  });

  it('migrates a version-1 database to the newest version, keeping its data', () => {
    const file = join(tempDir(), 'v1.db');
    const v1 = new Database(file);
    migrate(v1, file, MIGRATIONS.slice(0, 1));
    expect(v1.pragma('user_version', { simple: true })).toBe(1);
    expect(tables(v1)).not.toContain('artifacts');
    v1.prepare(
      `INSERT INTO runs (id, name, status, kind, created_at, seed, backend, app_version, config, dataset, space, strategy, epochs)
       VALUES ('5b0c6c2e-8d1f-4a63-9a43-0d6f2a1c7e11', 'old run', 'done', 'search', 1, 2, 'wasm', '0.0.1', ?, 'mnist', 'darts', 'first-order', 3)`,
    ).run(JSON.stringify(config()));
    v1.prepare('INSERT INTO step_metrics (run, global_step, epoch, step, train_loss) VALUES (1, 0, 0, 0, 2.3)').run();
    v1.close();

    const store = tempStore(file);
    expect(store.schemaVersion).toBe(SCHEMA_VERSION);
    const [run] = store.listRuns().runs;
    expect(run).toMatchObject({ id: '5b0c6c2e-8d1f-4a63-9a43-0d6f2a1c7e11', name: 'old run', status: 'done', appVersion: '0.0.1' });
    // A row from before schema 6 has no recording time: null, not 0.
    expect(store.metricSeries({ runIds: [run.id], metric: 'step.trainLoss' })[0]).toMatchObject({ x: [0], y: [2.3], time: [null] });
    // The new table works on the migrated file.
    expect(store.addArtifact(run.id, { kind: 'onnx', path: 'model.onnx' })).toMatchObject({ kind: 'onnx', sha256: null });
  });

  it('migrates a version-2 database to the newest (templates, retraining step columns), keeping its runs', () => {
    const file = join(tempDir(), 'v2.db');
    const v2 = new Database(file);
    migrate(v2, file, MIGRATIONS.slice(0, 2));
    expect(tables(v2)).not.toContain('templates');
    v2.prepare(
      `INSERT INTO runs (id, name, status, kind, created_at, seed, backend, app_version, config, dataset, space, strategy, epochs)
       VALUES ('5b0c6c2e-8d1f-4a63-9a43-0d6f2a1c7e12', 'v2 run', 'queued', 'search', 1, 2, 'wasm', '0.1.0', ?, 'mnist', 'darts', 'first-order', 3)`,
    ).run(JSON.stringify(config()));
    v2.close();
    const run = { id: '5b0c6c2e-8d1f-4a63-9a43-0d6f2a1c7e12' };
    const store = tempStore(file);
    expect(store.schemaVersion).toBe(SCHEMA_VERSION);
    expect(store.runDetail(run.id).status).toBe('queued');
    const columns = (store as unknown as { ctx: { db: Database.Database } }).ctx.db.prepare("SELECT name FROM pragma_table_info('step_metrics')").pluck().all();
    expect(columns).toEqual(expect.arrayContaining(['aux_loss', 'drop_path']));
    store.saveTemplate('tiny', config());
    store.saveTemplate('tiny', { ...config(), seed: 7 });
    expect(store.listTemplates()).toMatchObject([{ name: 'tiny', config: { seed: 7 } }]);
    store.deleteTemplate('tiny');
    expect(() => store.deleteTemplate('tiny')).toThrow(/no template/);
  });

  it("migrating to version 7 lists each search row's whole-run epochs, and a random search's strategy", () => {
    const file = join(tempDir(), 'v6.db');
    const v6 = new Database(file);
    migrate(v6, file, MIGRATIONS.slice(0, 6));
    const insert = v6.prepare(
      `INSERT INTO runs (id, name, status, kind, created_at, seed, backend, app_version, config, dataset, space, strategy, epochs)
       VALUES (?, ?, 'done', 'search', 1, 2, 'wasm', '0.1.0', ?, 'mnist', 'darts', 'first-order', 3)`,
    );
    const ids = (['plain', 'progressive', 'random'] as const).map((name, i) => [name, `5b0c6c2e-8d1f-4a63-9a43-0d6f2a1c7e2${i}`] as const);
    const progressive = { cells: [5, 11, 17], channels: [16, 16, 16], keep: [5, 3, 1], skipDropout: [0, 0.4, 0.7] };
    const configs = { plain: config(), progressive: config({ progressive }), random: config({ randomSearch: { samples: 20, keep: 2 } }) };
    for (const [name, id] of ids) insert.run(id, name, JSON.stringify(configs[name]));
    v6.close();
    const store = tempStore(file);
    const rows = Object.fromEntries(store.listRuns().runs.map((r) => [r.name, [r.epochs, r.strategy]]));
    expect(rows).toEqual({ plain: [3, 'first-order'], progressive: [9, 'first-order'], random: [20, 'random-search'] });
    // New rows are written the same way.
    const fresh = store.createRun({ config: configs.random });
    expect(store.runSummary(fresh.id)).toMatchObject({ epochs: 20, strategy: 'random-search', name: 'random-search · darts · mnist' });
  });

  it('refuses a database from a newer schema version and leaves the file untouched', () => {
    const file = join(tempDir(), 'future.db');
    tempStore(file).close();
    const db = new Database(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    const before = sha(file);
    expectStoreError(
      () => openStore({ path: file }),
      'newer-schema',
      new RegExp(`schema version ${SCHEMA_VERSION + 1}, but NAS Studio .* knows versions up to ${SCHEMA_VERSION}: open it with a newer NAS Studio`),
    );
    expect(sha(file)).toBe(before);
    const after = new Database(file, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1);
    after.close();
  });

  it('refuses a newer-schema database left in WAL mode without checkpointing or deleting its -wal', () => {
    const dir = tempDir();
    const live = join(dir, 'live.db');
    tempStore(live).close();
    const writer = new Database(live);
    writer.pragma('wal_autocheckpoint = 0');
    writer.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    // A copy taken while the writer is open: the newer version lives in the -wal only, as after a crash.
    const file = join(dir, 'future.db');
    for (const suffix of ['', '-wal', '-shm']) copyFileSync(live + suffix, file + suffix);
    writer.close();
    const before = [sha(file), sha(`${file}-wal`)];
    expectStoreError(() => openStore({ path: file }), 'newer-schema', /schema version .* \(the file was left untouched\)/);
    expect(existsSync(`${file}-wal`)).toBe(true);
    expect([sha(file), sha(`${file}-wal`)]).toEqual(before);
  });

  it('refuses a SQLite file that is not a NAS Studio database, unchanged', () => {
    const file = join(tempDir(), 'other.db');
    const db = new Database(file);
    db.exec('CREATE TABLE notes (text TEXT)');
    db.close();
    const before = sha(file);
    expectStoreError(() => openStore({ path: file }), 'not-a-store', /not a NAS Studio one/);
    expect(sha(file)).toBe(before);
  });

  it('refuses a directory or a path under a file', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'a-folder'));
    writeFileSync(join(dir, 'a-file'), 'x');
    expectStoreError(() => openStore({ path: join(dir, 'a-folder') }), 'bad-path', /is a directory/);
    expectStoreError(() => openStore({ path: join(dir, 'a-file', 'db.sqlite') }), 'bad-path', /cannot create the folder/);
  });
});

describe('defaultDbPath', () => {
  const home = '/home/ada';
  it('uses XDG_DATA_HOME on Linux, else ~/.local/share, ignoring a relative XDG_DATA_HOME', () => {
    expect(defaultDbPath({ platform: 'linux', home, env: { XDG_DATA_HOME: '/data' } })).toBe('/data/nas-studio/nas-studio.db');
    expect(defaultDbPath({ platform: 'linux', home, env: {} })).toBe('/home/ada/.local/share/nas-studio/nas-studio.db');
    expect(defaultDbPath({ platform: 'linux', home, env: { XDG_DATA_HOME: 'rel' } })).toBe('/home/ada/.local/share/nas-studio/nas-studio.db');
  });
  it('uses Application Support on macOS and %APPDATA% on Windows', () => {
    expect(defaultDbPath({ platform: 'darwin', home, env: {} })).toBe('/home/ada/Library/Application Support/NAS Studio/nas-studio.db');
    expect(defaultDbPath({ platform: 'win32', home: 'C:\\Users\\ada', env: { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' } })).toBe(
      'C:\\Users\\ada\\AppData\\Roaming\\NAS Studio\\nas-studio.db',
    );
  });
  it("uses Electron's userData folder when given", () => {
    expect(defaultDbPath({ platform: 'linux', userData: '/home/ada/.config/NAS Studio' })).toBe('/home/ada/.config/NAS Studio/nas-studio.db');
  });
});
