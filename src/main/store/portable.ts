import { randomUUID } from 'node:crypto';
import { closeSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { PRODUCT_VERSION } from '../../shared/product';
import { checkRunId, type StoreContext } from './context';
import { StoreError } from './errors';
import { SCHEMA_VERSION } from './migrations';
import type { ImportConflict } from './types';

/*
 * A run as one JSON-lines file. Line 1 is the manifest; every other line is one row,
 * `[table, ...values]`, in the column order the manifest lists. Store-local keys (rid, run,
 * id, parent) are not written: the run's uuid and its parent's are in the manifest and the
 * importing store assigns its own keys. Blobs are {"$b64": …}, non-finite numbers {"$num": …}.
 * Paths inside the run folder are stored relative to it, so they keep their meaning; the
 * files themselves (checkpoints, artifacts) do not travel.
 */

const FORMAT = 'nas-studio-run';
const FORMAT_VERSION = 1;
// Keys and the owning pid only mean something in the database they come from.
const LOCAL_KEYS = new Set(['rid', 'run', 'id', 'parent', 'owner_pid']);

interface Manifest {
  format: typeof FORMAT;
  version: number;
  schemaVersion: number;
  appVersion: string;
  exportedAt: string;
  runId: string;
  parentRunId: string | null;
  /** Exported columns per table ('runs' first), and how many rows each holds. */
  tables: Record<string, string[]>;
  rows: Record<string, number>;
}

interface TableInfo {
  name: string;
  pk: number;
}

/** The tables holding one run's rows: runs, plus every table keyed by `run` (so new migrations are covered). */
function runTables(ctx: StoreContext): Array<{ table: string; columns: string[]; order: string[] }> {
  const tables = ctx.stmt("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name = 'runs' DESC, name", 'pluck').all() as string[];
  return tables.flatMap((table) => {
    const info = ctx.db.pragma(`table_info(${table})`) as TableInfo[];
    if (table !== 'runs' && !info.some((c) => c.name === 'run')) return [];
    const order = info.filter((c) => c.pk > 0 && c.name !== 'run').sort((a, b) => a.pk - b.pk);
    return [{ table, columns: info.map((c) => c.name).filter((n) => !LOCAL_KEYS.has(n)), order: order.map((c) => c.name) }];
  });
}

const encodeValue = (v: unknown) =>
  Buffer.isBuffer(v) ? { $b64: v.toString('base64') } : typeof v === 'number' && !Number.isFinite(v) ? { $num: String(v) } : v;

const NON_FINITE: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The inverse of encodeValue, and nothing else: a number JSON overflowed to Infinity (1e999), a $num that is not one, or malformed base64 is refused. */
function decodeValue(v: unknown): unknown {
  if (typeof v === 'number' && !Number.isFinite(v)) throw new StoreError('bad-file', `number ${v} out of range (non-finite values are written as {"$num": …})`);
  if (v === null || typeof v !== 'object') return v;
  const keys = Object.keys(v);
  if (keys.length === 1 && '$b64' in v && typeof v.$b64 === 'string' && BASE64.test(v.$b64)) return Buffer.from(v.$b64, 'base64');
  if (keys.length === 1 && '$num' in v && typeof v.$num === 'string' && Object.hasOwn(NON_FINITE, v.$num)) return NON_FINITE[v.$num];
  throw new StoreError('bad-file', `unexpected value ${JSON.stringify(v).slice(0, 200)}`);
}

/** Writes run `id` to `file` (through a temporary file, from one consistent snapshot). */
export function exportRun(ctx: StoreContext, id: string, file: string): void {
  const tmp = `${file}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    ctx.db.transaction(() => {
      const run = ctx.runKey(id);
      const tables = runTables(ctx);
      const where = (table: string) => (table === 'runs' ? 'rid = ?' : 'run = ?');
      const manifest: Manifest = {
        format: FORMAT,
        version: FORMAT_VERSION,
        schemaVersion: SCHEMA_VERSION,
        appVersion: PRODUCT_VERSION,
        exportedAt: new Date().toISOString(),
        runId: id,
        parentRunId: ctx.stmt('SELECT p.id FROM runs r JOIN runs p ON p.rid = r.parent WHERE r.rid = ?', 'pluck').get(run) as string | null ?? null,
        tables: Object.fromEntries(tables.map((t) => [t.table, t.columns])),
        rows: Object.fromEntries(tables.map((t) => [t.table, ctx.stmt(`SELECT count(*) FROM ${t.table} WHERE ${where(t.table)}`, 'pluck').get(run) as number])),
      };
      let chunk = `${JSON.stringify(manifest)}\n`;
      for (const t of tables) {
        const order = t.order.length ? `ORDER BY ${t.order.join(', ')}` : '';
        for (const row of ctx.stmt(`SELECT ${t.columns.join(', ')} FROM ${t.table} WHERE ${where(t.table)} ${order}`, 'raw').iterate(run) as Iterable<unknown[]>) {
          chunk += `${JSON.stringify([t.table, ...row.map(encodeValue)])}\n`;
          if (chunk.length > 1 << 20) {
            writeSync(fd, chunk);
            chunk = '';
          }
        }
      }
      writeSync(fd, chunk);
    })();
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

function readManifest(line: string | undefined, file: string): Manifest {
  let m: Partial<Manifest>;
  try {
    m = JSON.parse(line ?? '') as Partial<Manifest>;
  } catch {
    m = {};
  }
  if (m.format !== FORMAT || m.version !== FORMAT_VERSION || typeof m.runId !== 'string' || !m.tables?.runs || m.rows?.runs !== 1) {
    throw new StoreError('bad-file', `${file} is not a NAS Studio run export (version ${FORMAT_VERSION})`);
  }
  if (typeof m.schemaVersion !== 'number' || m.schemaVersion > SCHEMA_VERSION) {
    throw new StoreError('newer-schema', `${file} was exported from schema version ${m.schemaVersion}; this NAS Studio knows up to ${SCHEMA_VERSION}`);
  }
  checkRunId(m.runId);
  return m as Manifest;
}

/**
 * Adds the run in `file` to this store and returns its id. The run keeps its id, so the same
 * run imported twice is caught: `onConflict: 'error'` (the default) refuses it, 'new-id' imports
 * a copy under a fresh id. A run exported while running or paused arrives interrupted.
 */
export function importRun(ctx: StoreContext, file: string, { onConflict = 'error' }: { onConflict?: ImportConflict } = {}): string {
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const m = readManifest(lines[0], file);
  const known = new Map(runTables(ctx).map((t) => [t.table, new Set(t.columns)]));
  for (const [table, columns] of Object.entries(m.tables)) {
    // Names from the file reach SQL text only after this check against the live schema.
    if (!known.has(table) || !Array.isArray(columns) || columns.some((c) => !known.get(table)?.has(c))) {
      throw new StoreError('bad-file', `${file}: table ${table} does not match this store's schema`);
    }
  }
  const exists = ctx.stmt('SELECT 1 FROM runs WHERE id = ?').get(m.runId) !== undefined;
  if (exists && onConflict === 'error') throw new StoreError('conflict', `run ${m.runId} is already in this store; import it as a copy with a new id instead`);
  const id = exists ? randomUUID() : m.runId;
  const parent = m.parentRunId === null ? null : ((ctx.stmt('SELECT rid FROM runs WHERE id = ?', 'pluck').get(m.parentRunId) as number | undefined) ?? null);
  const counts = new Map<string, number>();
  ctx.db.transaction(() => {
    let run = 0;
    for (const [i, line] of lines.slice(1).entries()) {
      const where = `${file}:${i + 2}`;
      let row: unknown;
      try {
        row = JSON.parse(line);
      } catch {
        throw new StoreError('bad-file', `${where}: not JSON`);
      }
      const table = Array.isArray(row) && typeof row[0] === 'string' && Object.hasOwn(m.tables, row[0]) ? row[0] : null;
      const columns = table === null ? [] : m.tables[table];
      if (table === null || (row as unknown[]).length !== columns.length + 1 || (table === 'runs') !== (i === 0)) {
        throw new StoreError('bad-file', `${where}: not a row of this export`);
      }
      const keys = table === 'runs' ? ['id', 'parent', ...columns] : ['run', ...columns];
      try {
        const values = [...(table === 'runs' ? [id, parent] : [run]), ...(row as unknown[]).slice(1).map(decodeValue)];
        const result = ctx.stmt(`INSERT INTO ${table} (${keys.join(', ')}) VALUES (${keys.map(() => '?').join(', ')})`).run(...values);
        if (table === 'runs') run = Number(result.lastInsertRowid);
      } catch (e) {
        throw new StoreError('bad-file', `${where}: ${(e as Error).message}`);
      }
      counts.set(table, (counts.get(table) ?? 0) + 1);
    }
    for (const [table, n] of Object.entries(m.rows)) {
      if ((counts.get(table) ?? 0) !== n) throw new StoreError('bad-file', `${file}: ${table} has ${counts.get(table) ?? 0} rows, the manifest says ${n} (truncated?)`);
    }
    ctx.stmt("UPDATE runs SET status = 'interrupted' WHERE rid = ? AND status IN ('running', 'paused')").run(run);
  })();
  return id;
}
