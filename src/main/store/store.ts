import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { StoreContext } from './context';
import { StoreError } from './errors';
import { createRun, addArtifact, adoptQueuedRuns, claimRun, deleteRun, heldElsewhere, logRun, markAbandonedRuns, markInterruptedRuns, renameRun, setNotes, setStatus, setTags } from './lifecycle';
import { checkSchema, migrate, schemaVersion } from './migrate';
import { sqliteBinding } from './native-binding';
import { prepareDbPath } from './paths';
import { exportRun, importRun } from './portable';
import { alphaHistory, childRuns, diagnostics, listRuns, runDetail, runLog, runSummary } from './queries';
import { metricSeries } from './series';
import { deleteTemplate, listTemplates, saveTemplate } from './templates';
import type { SearchConfig } from '../../shared/config';
import type { ImportConflict, NewRun, RunKind, RunListQuery, RunRecord, RunStatus, SeriesQuery } from './types';
import { appendRecords, RunWriter, type WriterOptions } from './writer';

export interface OpenStoreOptions {
  /** The database file; the host passes defaultDbPath() or its --db flag. */
  path: string;
  /** Where run folders live (default: `runs` beside the database). */
  runsDir?: string;
  /** How long a statement waits for another process's lock, in ms (default 5000). */
  busyTimeoutMs?: number;
}

/**
 * Opens (creating if needed) the run database: WAL, so readers never wait for the writer;
 * foreign keys on, so deleting a run cascades; migrations applied. A database from a newer
 * version, or not from NAS Studio, is refused before anything writes to it.
 */
export function openStore(opts: OpenStoreOptions): RunStore {
  const file = prepareDbPath(opts.path);
  if (existsSync(file)) checkReadOnly(file);
  const db = new Database(file, { nativeBinding: sqliteBinding() });
  try {
    db.pragma(`busy_timeout = ${Math.trunc(opts.busyTimeoutMs ?? 5000)}`);
    checkSchema(db, file);
    if (db.pragma('journal_mode = WAL', { simple: true }) !== 'wal') throw new StoreError('bad-path', `${file}: the file system does not support SQLite's WAL mode`);
    // In WAL mode NORMAL survives an app crash; a power cut may lose the last commits, never the file.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db, file);
  } catch (e) {
    db.close();
    throw e;
  }
  return new RunStore(new StoreContext(db, path.resolve(path.dirname(file), opts.runsDir ?? 'runs')), file);
}

/**
 * The version check on a connection that cannot write: closing a read-write connection to a refused
 * WAL database would checkpoint its -wal into the file and delete it.
 */
function checkReadOnly(file: string): void {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, nativeBinding: sqliteBinding() });
  } catch (e) {
    throw new StoreError('bad-path', `cannot open ${file} (${(e as { code?: string }).code ?? (e as Error).message})`);
  }
  try {
    db.pragma(`busy_timeout = 5000`);
    checkSchema(db, file);
  } finally {
    db.close();
  }
}

/** The run store: one connection, used from one thread (better-sqlite3 is synchronous). */
export class RunStore {
  constructor(
    private readonly ctx: StoreContext,
    readonly path: string,
  ) {}

  get runsDir(): string {
    return this.ctx.runsDir;
  }

  get schemaVersion(): number {
    return schemaVersion(this.ctx.db);
  }

  runDir(id: string): string {
    return this.ctx.runDir(id);
  }

  // Lifecycle
  createRun = (input: NewRun) => createRun(this.ctx, input);
  setStatus = (id: string, status: RunStatus, error?: string) => setStatus(this.ctx, id, status, error);
  rename = (id: string, name: string) => renameRun(this.ctx, id, name);
  setTags = (id: string, tags: readonly string[]) => setTags(this.ctx, id, tags);
  setNotes = (id: string, notes: string) => setNotes(this.ctx, id, notes);
  markInterruptedRuns = () => markInterruptedRuns(this.ctx);
  markAbandonedRuns = () => markAbandonedRuns(this.ctx);
  log = (id: string, message: string) => logRun(this.ctx, id, message);
  adoptQueuedRuns = () => adoptQueuedRuns(this.ctx);
  claimRun = (id: string) => claimRun(this.ctx, id);
  heldElsewhere = (id: string) => heldElsewhere(this.ctx, id);
  addArtifact = (id: string, artifact: { kind: string; path: string; meta?: unknown }) => addArtifact(this.ctx, id, artifact);
  deleteRun = (id: string) => deleteRun(this.ctx, id);

  // Writes
  writer = (id: string, opts?: WriterOptions) => new RunWriter(this.ctx, id, opts);
  appendEvents = (id: string, records: readonly RunRecord[]) => appendRecords(this.ctx, id, records);

  // Queries
  listRuns = (query?: RunListQuery) => listRuns(this.ctx, query);
  runSummary = (id: string) => runSummary(this.ctx, id);
  childRuns = (id: string, kind: RunKind) => childRuns(this.ctx, id, kind);
  runDetail = (id: string) => runDetail(this.ctx, id);
  metricSeries = (query: SeriesQuery) => metricSeries(this.ctx, query);
  alphaHistory = (id: string) => alphaHistory(this.ctx, id);
  runLog = (id: string, limit?: number) => runLog(this.ctx, id, limit);
  diagnostics = (id: string) => diagnostics(this.ctx, id);

  // Wizard templates
  listTemplates = () => listTemplates(this.ctx);
  saveTemplate = (name: string, config: SearchConfig) => saveTemplate(this.ctx, name, config);
  deleteTemplate = (name: string) => deleteTemplate(this.ctx, name);

  // Portable files
  exportRun = (id: string, file: string) => exportRun(this.ctx, id, file);
  importRun = (file: string, opts?: { onConflict?: ImportConflict }) => importRun(this.ctx, file, opts);

  /** Closes the connection (the last one to close checkpoints the WAL into the file). */
  close(): void {
    this.ctx.db.close();
  }
}
