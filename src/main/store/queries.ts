import type { SearchConfig } from '../../shared/config';
import type { GenotypeJsonShape, RunMetadata } from '../../shared/search-events';
import type { StoreContext } from './context';
import { StoreError } from './errors';
import { fromStoredPath } from './files';
import { decodeMatrix } from './matrix';
import type { AlphaSnapshot, ArtifactRecord, CheckpointRecord, EpochMetrics, LogEntry, RunDetail, RunListQuery, RunPage, RunSummary, SortKey } from './types';

const SUMMARY_COLUMNS = `r.id, r.name, r.status, r.kind, p.id AS parent_id,
  (SELECT json_group_array(tag) FROM (SELECT tag FROM run_tags WHERE run = r.rid ORDER BY tag)) AS tags,
  r.created_at, r.started_at, r.finished_at, r.seed, r.backend, r.device, r.gpu, r.app_version,
  r.dataset, r.space, r.strategy, r.epochs, r.epochs_done, r.best_val_acc, r.final_val_acc`;
const FROM_RUNS = 'FROM runs r LEFT JOIN runs p ON p.rid = r.parent';

interface SummaryRow {
  id: string;
  name: string;
  status: RunSummary['status'];
  kind: RunSummary['kind'];
  parent_id: string | null;
  tags: string;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  seed: number;
  backend: string;
  device: string | null;
  gpu: number | null;
  app_version: string;
  dataset: string;
  space: string;
  strategy: string;
  epochs: number;
  epochs_done: number;
  best_val_acc: number | null;
  final_val_acc: number | null;
}

function toSummary(r: SummaryRow): RunSummary {
  return {
    id: r.id,
    name: r.name,
    status: r.status,
    kind: r.kind,
    parentRunId: r.parent_id,
    tags: JSON.parse(r.tags) as string[],
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    seed: r.seed,
    backend: r.backend,
    device: r.device,
    gpu: r.gpu === null ? null : r.gpu === 1,
    appVersion: r.app_version,
    dataset: r.dataset,
    space: r.space,
    strategy: r.strategy,
    epochs: r.epochs,
    epochsDone: r.epochs_done,
    bestValAcc: r.best_val_acc,
    finalValAcc: r.final_val_acc,
  };
}

const SORT_COLUMNS: Record<SortKey, string> = {
  created: 'r.created_at',
  name: 'r.name COLLATE NOCASE',
  status: 'r.status',
  finalValAcc: 'r.final_val_acc',
};

/** WHERE clause and parameters of a run-list query; every value is bound, never spliced in. */
function listFilter(q: RunListQuery): { where: string; params: unknown[] } {
  const terms: string[] = [];
  const params: unknown[] = [];
  const add = (term: string, ...values: unknown[]) => {
    terms.push(term);
    params.push(...values);
  };
  if (q.status?.length) add(`r.status IN (${q.status.map(() => '?').join(', ')})`, ...q.status);
  if (q.kind) add('r.kind = ?', q.kind);
  if (q.space) add('r.space = ?', q.space);
  if (q.strategy) add('r.strategy = ?', q.strategy);
  if (q.dataset) add('r.dataset = ?', q.dataset);
  if (q.tag) add('EXISTS (SELECT 1 FROM run_tags t WHERE t.run = r.rid AND t.tag = ?)', q.tag);
  if (q.createdFrom !== undefined) add('r.created_at >= ?', q.createdFrom);
  if (q.createdTo !== undefined) add('r.created_at <= ?', q.createdTo);
  if (q.text) add("r.name LIKE ? ESCAPE '\\'", `%${q.text.replace(/[\\%_]/g, '\\$&')}%`);
  return { where: terms.length ? `WHERE ${terms.join(' AND ')}` : '', params };
}

/** One page of the run list, filtered and sorted (newest first unless told), with the total count. */
export function listRuns(ctx: StoreContext, q: RunListQuery = {}): RunPage {
  const { where, params } = listFilter(q);
  const sort = SORT_COLUMNS[q.sort ?? 'created'];
  if (!sort) throw new StoreError('invalid', `cannot sort runs by ${String(q.sort)}`);
  const order = q.order === 'asc' ? 'ASC' : 'DESC';
  const limit = Math.min(Math.max(Math.trunc(q.limit ?? 50), 1), 1000);
  const offset = Math.max(Math.trunc(q.offset ?? 0), 0);
  const total = (ctx.stmt(`SELECT count(*) AS n FROM runs r ${where}`).get(...params) as { n: number }).n;
  // Ties fall back to creation order in the same direction (rowid last: two runs can share a
  // millisecond), so pages never overlap or skip and an ascending list is first-created first.
  const rows = ctx
    .stmt(`SELECT ${SUMMARY_COLUMNS} ${FROM_RUNS} ${where} ORDER BY ${sort} ${order} NULLS LAST, r.created_at ${order}, r.rid ${order} LIMIT ? OFFSET ?`)
    .all(...params, limit, offset) as SummaryRow[];
  return { total, runs: rows.map(toSummary) };
}

export function runSummary(ctx: StoreContext, id: string): RunSummary {
  return toSummary(ctx.stmt(`SELECT ${SUMMARY_COLUMNS} ${FROM_RUNS} WHERE r.rid = ?`).get(ctx.runKey(id)) as SummaryRow);
}

/** The runs that name `id` as their parent (of one kind, e.g. a search's retrainings), oldest first. */
export function childRuns(ctx: StoreContext, id: string, kind: RunSummary['kind']): RunSummary[] {
  const rows = ctx.stmt(`SELECT ${SUMMARY_COLUMNS} ${FROM_RUNS} WHERE r.parent = ? AND r.kind = ? ORDER BY r.created_at, r.rid`).all(ctx.runKey(id), kind) as SummaryRow[];
  return rows.map(toSummary);
}

const parseJson = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));

/** Everything the run page shows at once; the long series come from metricSeries and alphaHistory. */
export function runDetail(ctx: StoreContext, id: string): RunDetail {
  const run = ctx.runKey(id);
  const dir = ctx.runDir(id);
  const extra = ctx.stmt('SELECT notes, error, config, meta, final_genotype FROM runs WHERE rid = ?').get(run) as {
    notes: string;
    error: string | null;
    config: string;
    meta: string | null;
    final_genotype: string | null;
  };
  const rows = <T>(sql: string) => ctx.stmt(sql).all(run) as T[];
  return {
    ...runSummary(ctx, id),
    notes: extra.notes,
    error: extra.error,
    config: JSON.parse(extra.config) as SearchConfig,
    meta: parseJson<RunMetadata>(extra.meta),
    finalGenotype: parseJson<GenotypeJsonShape>(extra.final_genotype),
    dir,
    epochMetrics: rows<EpochMetrics>(
      `SELECT epoch, train_loss AS trainLoss, train_acc AS trainAcc, val_loss AS valLoss, val_acc AS valAcc, lr, seconds
       FROM epoch_metrics WHERE run = ? ORDER BY epoch`,
    ),
    genotypes: rows<{ epoch: number; genotype: string }>('SELECT epoch, genotype FROM genotypes WHERE run = ? ORDER BY epoch').map((g) => ({
      epoch: g.epoch,
      genotype: JSON.parse(g.genotype) as GenotypeJsonShape,
    })),
    checkpoints: rows<CheckpointRecord>('SELECT epoch, path, sha256, created_at AS createdAt FROM checkpoints WHERE run = ? ORDER BY epoch').map((c) => ({
      ...c,
      path: fromStoredPath(dir, c.path),
    })),
    artifacts: rows<ArtifactRecord & { meta: string | null }>(
      'SELECT id, kind, path, sha256, created_at AS createdAt, meta FROM artifacts WHERE run = ? ORDER BY id',
    ).map((a) => ({ ...a, path: fromStoredPath(dir, a.path), meta: parseJson(a.meta) })),
  };
}

/** Every α snapshot of a run, by epoch. */
export function alphaHistory(ctx: StoreContext, id: string): AlphaSnapshot[] {
  const rows = ctx.stmt('SELECT epoch, grp, rows, cols, raw, weights FROM alpha_snapshots WHERE run = ? ORDER BY epoch, grp').all(ctx.runKey(id)) as Array<{
    epoch: number;
    grp: string;
    rows: number;
    cols: number;
    raw: Buffer;
    weights: Buffer;
  }>;
  const out: AlphaSnapshot[] = [];
  for (const r of rows) {
    if (out.at(-1)?.epoch !== r.epoch) out.push({ epoch: r.epoch, raw: {}, weights: {} });
    const snap = out[out.length - 1];
    snap.raw[r.grp] = decodeMatrix(r.raw, r.rows, r.cols);
    snap.weights[r.grp] = decodeMatrix(r.weights, r.rows, r.cols);
  }
  return out;
}

/** The run's last `limit` log entries, oldest first. */
export function runLog(ctx: StoreContext, id: string, limit = 200): LogEntry[] {
  const rows = ctx
    .stmt('SELECT ts, level, message, data FROM (SELECT id, ts, level, message, data FROM events WHERE run = ? ORDER BY id DESC LIMIT ?) ORDER BY id')
    .all(ctx.runKey(id), limit) as Array<Omit<LogEntry, 'data'> & { data: string | null }>;
  return rows.map((r) => ({ ...r, data: parseJson(r.data) }));
}

export function diagnostics(ctx: StoreContext, id: string): Array<{ epoch: number; key: string; value: number | null }> {
  return ctx.stmt('SELECT epoch, key, value FROM diagnostics WHERE run = ? ORDER BY key, epoch').all(ctx.runKey(id)) as Array<{
    epoch: number;
    key: string;
    value: number | null;
  }>;
}
