import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { PRODUCT_VERSION } from '../../shared/product';
import type { StoreContext } from './context';
import { StoreError } from './errors';
import { fromStoredPath, isInside, sha256File, toStoredPath } from './files';
import { ownedByAnotherLiveProcess } from './owner';
import { runSummary } from './queries';
import { appendLog, configColumns, isRetrainConfig, setRunStatus, strategyColumn, type RunConfig } from './run-rows';
import { RUN_STATUSES, type ArtifactRecord, type DeleteResult, type NewRun, type RunStatus, type RunSummary } from './types';

function checkName(name: string): string {
  const n = name.trim();
  if (!n || n.length > 200) throw new StoreError('invalid', 'a run name has 1 to 200 characters');
  return n;
}

/** A new run, queued; the run manager moves it on. */
const defaultName = (c: RunConfig) => (isRetrainConfig(c) ? `retrain · ${c.source.named ?? 'genotype'} · ${c.data.dataset}` : `${strategyColumn(c)} · ${c.model.space} · ${c.data.dataset}`);

export function createRun(ctx: StoreContext, input: NewRun): RunSummary {
  const id = randomUUID();
  const c = input.config;
  const parent = input.parentRunId === undefined ? null : ctx.runKey(input.parentRunId);
  ctx.db.transaction(() => {
    const { lastInsertRowid } = ctx
      .stmt(
        `INSERT INTO runs (id, name, notes, status, kind, parent, created_at, seed, backend, app_version, config, dataset, space, strategy, epochs, owner_pid)
         VALUES (@id, @name, @notes, 'queued', @kind, @parent, @now, @seed, @backend, @version, @config, @dataset, @space, @strategy, @epochs, @pid)`,
      )
      .run({
        ...configColumns(c),
        id,
        name: checkName(input.name ?? c.name ?? defaultName(c)),
        notes: input.notes ?? '',
        kind: isRetrainConfig(c) ? 'retrain' : 'search',
        parent,
        now: Date.now(),
        backend: c.backend,
        version: PRODUCT_VERSION,
        pid: process.pid,
      });
    writeTags(ctx, Number(lastInsertRowid), input.tags ?? []);
    appendLog(ctx, Number(lastInsertRowid), 'info', 'queued');
  })();
  return runSummary(ctx, id);
}

export function setStatus(ctx: StoreContext, id: string, status: RunStatus, error?: string): void {
  if (!RUN_STATUSES.includes(status)) throw new StoreError('invalid', `no run status ${JSON.stringify(status)}`);
  const run = ctx.runKey(id);
  ctx.db.transaction(() => setRunStatus(ctx, run, status, { error }))();
}

export function renameRun(ctx: StoreContext, id: string, name: string): void {
  ctx.stmt('UPDATE runs SET name = ? WHERE rid = ?').run(checkName(name), ctx.runKey(id));
}

export function setNotes(ctx: StoreContext, id: string, notes: string): void {
  ctx.stmt('UPDATE runs SET notes = ? WHERE rid = ?').run(notes, ctx.runKey(id));
}

function writeTags(ctx: StoreContext, run: number, tags: readonly string[]): void {
  ctx.stmt('DELETE FROM run_tags WHERE run = ?').run(run);
  const insert = ctx.stmt('INSERT OR IGNORE INTO run_tags (run, tag) VALUES (?, ?)');
  for (const tag of tags.map((t) => t.trim()).filter(Boolean)) insert.run(run, tag);
}

/** Replaces the run's tags (trimmed, empty ones and repeats dropped). */
export function setTags(ctx: StoreContext, id: string, tags: readonly string[]): void {
  const run = ctx.runKey(id);
  ctx.db.transaction(() => writeTags(ctx, run, tags))();
}

type OwnedRow = { rid: number; id: string; owner_pid: number | null };

/** Marks interrupted, in one transaction, the running or paused runs `orphaned` picks. Returns their ids. */
function interruptRuns(ctx: StoreContext, orphaned: (r: OwnedRow) => boolean, error?: (r: OwnedRow) => string): string[] {
  return ctx.db.transaction(() => {
    const rows = ctx.stmt("SELECT rid, id, owner_pid FROM runs WHERE status IN ('running', 'paused')").all() as OwnedRow[];
    const runs = rows.filter(orphaned);
    for (const r of runs) setRunStatus(ctx, r.rid, 'interrupted', { error: error?.(r) });
    return runs.map((r) => r.id);
  })();
}

/**
 * At start-up: runs that were running or paused when their process died become interrupted,
 * metrics kept; those of a process still running (another host on this database) are left alone.
 * Returns their ids.
 */
export function markInterruptedRuns(ctx: StoreContext): string[] {
  return interruptRuns(ctx, (r) => !ownedByAnotherLiveProcess(r.owner_pid));
}

/**
 * While this host runs: runs another process held running or paused (a CLI search on this
 * database) whose process is now gone become interrupted. This process's own runs are its manager's.
 */
export function markAbandonedRuns(ctx: StoreContext): string[] {
  return interruptRuns(
    ctx,
    (r) => r.owner_pid !== null && r.owner_pid !== process.pid && !ownedByAnotherLiveProcess(r.owner_pid),
    (r) => `its process (pid ${r.owner_pid}) is gone`,
  );
}

/**
 * At start-up: the queued runs no live process holds, first created first, now held by this one.
 * One transaction, so two hosts starting together never both take a run.
 */
export function adoptQueuedRuns(ctx: StoreContext): string[] {
  return ctx.db.transaction(() => {
    const rows = ctx.stmt("SELECT rid, id, owner_pid FROM runs WHERE status = 'queued' ORDER BY created_at, rid").all() as OwnedRow[];
    const runs = rows.filter((r) => !ownedByAnotherLiveProcess(r.owner_pid));
    for (const r of runs) claim(ctx, r.rid);
    return runs.map((r) => r.id);
  })();
}

/** A line in the run's log. */
export function logRun(ctx: StoreContext, id: string, message: string): void {
  appendLog(ctx, ctx.runKey(id), 'info', message);
}

/** The pid of another live process that holds the run (a CLI search on this database), else null. */
export function heldElsewhere(ctx: StoreContext, id: string): number | null {
  const owner = ctx.stmt('SELECT owner_pid FROM runs WHERE rid = ?', 'pluck').get(ctx.runKey(id)) as number | null;
  return ownedByAnotherLiveProcess(owner) ? owner : null;
}

/** This process takes the run (to queue or run it). */
export function claimRun(ctx: StoreContext, id: string): void {
  claim(ctx, ctx.runKey(id));
}

const claim = (ctx: StoreContext, run: number) => ctx.stmt('UPDATE runs SET owner_pid = ? WHERE rid = ?').run(process.pid, run);

/** Records a file the run produced (`path` absolute or relative to the run folder); its hash is taken now. */
export function addArtifact(ctx: StoreContext, id: string, a: { kind: string; path: string; meta?: unknown }): ArtifactRecord {
  const run = ctx.runKey(id);
  const dir = ctx.runDir(id);
  const createdAt = Date.now();
  const sha256 = sha256File(fromStoredPath(dir, a.path));
  const stored = toStoredPath(dir, a.path);
  const meta = a.meta === undefined ? null : JSON.stringify(a.meta);
  const { lastInsertRowid } = ctx.stmt('INSERT INTO artifacts (run, kind, path, sha256, created_at, meta) VALUES (?, ?, ?, ?, ?, ?)').run(run, a.kind, stored, sha256, createdAt, meta);
  return { id: Number(lastInsertRowid), kind: a.kind, path: fromStoredPath(dir, stored), sha256, createdAt, meta: a.meta ?? null };
}

/**
 * Deletes the run's rows (the foreign keys cascade) and then its folder, the only files it
 * owns. Recorded checkpoints or artifacts outside that folder (an export the user saved
 * elsewhere) are left alone and reported. A live run must be stopped first.
 */
export function deleteRun(ctx: StoreContext, id: string): DeleteResult {
  const run = ctx.runKey(id);
  const dir = ctx.runDir(id);
  const { status } = ctx.stmt('SELECT status FROM runs WHERE rid = ?').get(run) as { status: RunStatus };
  if (status === 'running' || status === 'paused') throw new StoreError('conflict', `run ${id} is ${status}: cancel it before deleting it`);
  const recorded = ctx.stmt('SELECT path FROM checkpoints WHERE run = ? UNION SELECT path FROM artifacts WHERE run = ?', 'pluck').all(run, run) as string[];
  const keptOutside = recorded.map((p) => fromStoredPath(dir, p)).filter((p) => !isInside(dir, p));
  ctx.stmt('DELETE FROM runs WHERE rid = ?').run(run);
  // Rows first: a folder left behind by a failed removal is harmless, rows pointing at deleted files are not.
  // rmSync removes symbolic links inside the folder without following them.
  return { removedDir: rmDir(dir) ? dir : null, keptOutside };
}

function rmDir(dir: string): boolean {
  try {
    rmSync(dir, { recursive: true });
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}
