import type { StoreContext } from './context';
import { StoreError } from './errors';
import { EPOCH_SERIES, STEP_SERIES, type Series, type SeriesMetric, type SeriesQuery } from './types';

function source(metric: SeriesMetric): { table: string; x: string; y: string } {
  const [scope, name] = metric.split('.');
  const y = scope === 'step' ? STEP_SERIES[name as keyof typeof STEP_SERIES] : scope === 'epoch' ? EPOCH_SERIES[name as keyof typeof EPOCH_SERIES] : undefined;
  if (!y) throw new StoreError('invalid', `no metric series ${JSON.stringify(metric)}`);
  return scope === 'step' ? { table: 'step_metrics', x: 'global_step', y } : { table: 'epoch_metrics', x: 'epoch', y };
}

/**
 * Min/max downsampling in SQL: the run's x range is cut into (points - 2) / 2 equal buckets,
 * each keeps its lowest and highest point, and the series keeps its first and last. That
 * bounds the output by the budget, keeps the ends and every extreme a chart must show, and
 * uses nearly all the budget (M4's first/last per bucket mostly repeat min/max on a trend).
 * SQLite takes bare columns (x, and the time t) from the row that holds the query's single min() or max().
 * (The CAST: JS numbers bind as REAL, which would make the bucket division fractional.)
 */
function minMaxSql(table: string, x: string, y: string): string {
  return `WITH s AS (SELECT ${x} AS x, ${y} AS y, time AS t, CAST((${x} - @x0) * @buckets / @span AS INTEGER) AS b FROM ${table} WHERE run = @run AND ${y} IS NOT NULL)
    SELECT x, min(y), t FROM s GROUP BY b UNION SELECT x, max(y), t FROM s GROUP BY b
    UNION SELECT min(x), y, t FROM s UNION SELECT max(x), y, t FROM s
    ORDER BY 1`;
}

/** Each run's series with at most `points` points, computed in SQLite: only the output reaches JS. */
export function metricSeries(ctx: StoreContext, q: SeriesQuery): Series[] {
  const points = Math.trunc(q.points ?? 2000);
  if (!(points >= 4)) throw new StoreError('invalid', `a series needs a budget of at least 4 points, not ${q.points}`);
  const { table, x, y } = source(q.metric);
  const range = ctx.stmt(`SELECT count(${y}) AS n, min(${x}) AS x0, max(${x}) AS x1 FROM ${table} WHERE run = ? AND ${y} IS NOT NULL`);
  const all = ctx.stmt(`SELECT ${x}, ${y}, time FROM ${table} WHERE run = ? AND ${y} IS NOT NULL ORDER BY ${x}`, 'raw');
  const minMax = ctx.stmt(minMaxSql(table, x, y), 'raw');
  return q.runIds.map((runId) => {
    const run = ctx.runKey(runId);
    const { n, x0, x1 } = range.get(run) as { n: number; x0: number; x1: number };
    const rows = (n <= points ? all.all(run) : minMax.all({ run, x0, span: x1 - x0 + 1, buckets: Math.floor((points - 2) / 2) })) as Array<[number, number, number | null]>;
    return { runId, metric: q.metric, x: rows.map((r) => r[0]), y: rows.map((r) => r[1]), time: rows.map((r) => r[2]), total: n };
  });
}
