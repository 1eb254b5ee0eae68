import { totalEpochs, type RetrainConfig, type SearchConfig } from '../../shared/config';
import type { StoreContext } from './context';
import type { LogLevel, RunStatus } from './types';

// Row writes shared by the event writer and the lifecycle helpers.

export type RunConfig = SearchConfig | RetrainConfig;

/** A retraining config names a genotype; a search config names a space to search. */
export const isRetrainConfig = (c: RunConfig): c is RetrainConfig => 'genotype' in c;

/** What the run list calls a run's strategy: the gradient strategy's id, 'random-search' for the baseline, 'retrain' for a retraining. */
export const strategyColumn = (c: RunConfig): string => (isRetrainConfig(c) ? 'retrain' : c.randomSearch ? 'random-search' : c.strategy.id);

/**
 * The config as stored: the whole JSON plus the columns the run list filters on. A retraining
 * lists its "space" as 'genotype'. `epochs` is the whole run's: every stage of a progressive
 * search, a random search's samples (migration 007 recomputes rows written before).
 */
export function configColumns(config: RunConfig) {
  const retrain = isRetrainConfig(config);
  return {
    config: JSON.stringify(config),
    seed: config.seed,
    dataset: config.data.dataset,
    space: retrain ? 'genotype' : config.model.space,
    strategy: strategyColumn(config),
    epochs: retrain ? config.budget.epochs : totalEpochs(config),
  };
}

/** A resumed run may change its budget, so the start event rewrites the config. */
export function updateConfig(ctx: StoreContext, run: number, config: RunConfig): void {
  ctx
    .stmt('UPDATE runs SET config = @config, seed = @seed, dataset = @dataset, space = @space, strategy = @strategy, epochs = @epochs WHERE rid = @run')
    .run({ ...configColumns(config), run });
}

const TERMINAL: readonly RunStatus[] = ['done', 'failed', 'cancelled'];

/** Sets the status with its timestamps (started once, finished when terminal) and logs the change with `data`. */
export function setRunStatus(ctx: StoreContext, run: number, status: RunStatus, { error = null, data = null }: { error?: string | null; data?: unknown } = {}): void {
  const ts = Date.now();
  ctx
    .stmt(
      `UPDATE runs SET status = @status,
         started_at = CASE WHEN @status = 'running' THEN coalesce(started_at, @ts) ELSE started_at END,
         finished_at = CASE WHEN @terminal THEN @ts WHEN @status = 'interrupted' THEN finished_at END,
         error = @error
       WHERE rid = @run`,
    )
    .run({ status, ts, terminal: TERMINAL.includes(status) ? 1 : 0, error, run });
  appendLog(ctx, run, status === 'failed' ? 'error' : 'info', error ? `${status}: ${error}` : status, data, ts);
}

export function appendLog(ctx: StoreContext, run: number, level: LogLevel, message: string, data: unknown = null, ts = Date.now()): void {
  ctx
    .stmt('INSERT INTO events (run, ts, level, message, data) VALUES (?, ?, ?, ?, ?)')
    .run(run, ts, level, message, data === null || data === undefined ? null : JSON.stringify(data));
}

/** Recomputes the run's summary columns from its epoch rows (after an epoch, or after a resume discarded some). */
export function refreshSummary(ctx: StoreContext, run: number): void {
  ctx
    .stmt(
      `UPDATE runs SET
         epochs_done = coalesce((SELECT max(epoch) + 1 FROM epoch_metrics WHERE run = @run), 0),
         best_val_acc = (SELECT max(val_acc) FROM epoch_metrics WHERE run = @run),
         final_val_acc = (SELECT val_acc FROM epoch_metrics WHERE run = @run ORDER BY epoch DESC LIMIT 1)
       WHERE rid = @run`,
    )
    .run({ run });
}
