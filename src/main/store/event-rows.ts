import type { StoreContext } from './context';
import { sha256File, toStoredPath } from './files';
import { encodeMatrix } from './matrix';
import { appendLog, refreshSummary, setRunStatus, updateConfig } from './run-rows';
import type { RunRecord } from './types';

type Of<T extends RunRecord['type']> = Extract<RunRecord, { type: T }>;

/** Tables with per-epoch rows: a resumed run discards those at or after the epoch it resumes from. */
const EPOCH_TABLES = ['step_metrics', 'epoch_metrics', 'alpha_snapshots', 'genotypes', 'diagnostics', 'checkpoints'];

// Re-emitted rows (a resume repeats the epoch after its checkpoint) replace the earlier ones.
const INSERT_STEP = `INSERT OR REPLACE INTO step_metrics
  (run, global_step, epoch, step, train_loss, train_acc, val_loss, lr, arch_lr, grad_norm, arch_time, weight_time, aux_loss, drop_path, time)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

function start(ctx: StoreContext, run: number, e: Of<'start'>): void {
  if (e.resumedFromEpoch !== null) {
    for (const table of EPOCH_TABLES) ctx.stmt(`DELETE FROM ${table} WHERE run = ? AND epoch >= ?`).run(run, e.resumedFromEpoch);
    refreshSummary(ctx, run);
  }
  updateConfig(ctx, run, e.config);
  const b = e.meta.backend;
  ctx.stmt('UPDATE runs SET backend = ?, device = ?, gpu = ?, meta = ? WHERE rid = ?').run(b.name, b.provider, b.gpu ? 1 : 0, JSON.stringify(e.meta), run);
  setRunStatus(ctx, run, 'running', { data: { backend: b.name, resumedFromEpoch: e.resumedFromEpoch } });
}

/** A search step has the α side (val loss, α lr and time); a retraining step the aux loss and drop path. */
function step(ctx: StoreContext, run: number, e: Of<'step'>): void {
  const search = 'archTime' in e ? e : null;
  const retrain = 'dropPathProb' in e ? e : null;
  ctx
    .stmt(INSERT_STEP)
    .run(
      run,
      e.epoch * e.stepsPerEpoch + e.step,
      e.epoch,
      e.step,
      e.trainLoss,
      e.trainAcc,
      search?.valLoss ?? null,
      e.lr,
      search?.archLr ?? null,
      e.gradNorm,
      search?.archTime ?? null,
      e.weightTime,
      retrain?.auxLoss ?? null,
      retrain?.dropPathProb ?? null,
      e.time ?? null,
    );
}

function epoch(ctx: StoreContext, run: number, e: Of<'epoch'>): void {
  ctx
    .stmt('INSERT OR REPLACE INTO epoch_metrics (run, epoch, train_loss, train_acc, val_loss, val_acc, lr, seconds, time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
    .run(run, e.epoch, e.trainLoss, e.trainAcc, e.valLoss, e.valAcc, e.lr, e.seconds, e.time ?? null);
  refreshSummary(ctx, run);
}

function alpha(ctx: StoreContext, run: number, e: Of<'alpha'>): void {
  const insert = ctx.stmt('INSERT OR REPLACE INTO alpha_snapshots (run, epoch, grp, rows, cols, raw, weights) VALUES (?, ?, ?, ?, ?, ?, ?)');
  for (const [group, raw] of Object.entries(e.raw)) {
    const r = encodeMatrix(raw);
    insert.run(run, e.epoch, group, r.rows, r.cols, r.blob, encodeMatrix(e.weights[group] ?? []).blob);
  }
}

/** Maps one record to its rows; call inside a transaction. `runDir` anchors checkpoint paths. */
export function applyRecord(ctx: StoreContext, run: number, runDir: string, r: RunRecord): void {
  switch (r.type) {
    case 'start':
      return start(ctx, run, r);
    case 'step':
      return step(ctx, run, r);
    case 'epoch':
      return epoch(ctx, run, r);
    case 'alpha':
      return alpha(ctx, run, r);
    case 'genotype':
      ctx.stmt('INSERT OR REPLACE INTO genotypes (run, epoch, genotype) VALUES (?, ?, ?)').run(run, r.epoch, JSON.stringify(r.genotype));
      return;
    case 'checkpoint':
      // Hashed now: the engine rewrites the same checkpoint folder every epoch, so the hash tells which one a row names.
      ctx
        .stmt('INSERT OR REPLACE INTO checkpoints (run, epoch, path, sha256, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(run, r.epoch, toStoredPath(runDir, r.path), sha256File(r.path), Date.now());
      return;
    case 'done':
      ctx.stmt('UPDATE runs SET final_genotype = ? WHERE rid = ?').run(JSON.stringify(r.genotype), run);
      setRunStatus(ctx, run, 'done', { data: { epochs: r.epochs, seconds: r.seconds } });
      return;
    case 'cancelled':
      setRunStatus(ctx, run, 'cancelled', { data: { epoch: r.epoch, step: r.step } });
      return;
    case 'log':
      return appendLog(ctx, run, r.level, r.message, r.data ?? null);
    case 'stage': {
      // A progressive (P-DARTS) search's stage boundary goes to the run's log, with its op sets.
      const message = `stage ${r.stage + 1}/${r.stages}: ${r.cells} cells, ${r.opsPerEdge} ops per edge, skip dropout ${r.skipDropout}`;
      return appendLog(ctx, run, 'info', message, { stage: r.stage, cells: r.cells, channels: r.channels, firstEpoch: r.firstEpoch, candidates: r.candidates });
    }
    case 'diagnostics': {
      const insert = ctx.stmt('INSERT OR REPLACE INTO diagnostics (run, epoch, key, value) VALUES (?, ?, ?, ?)');
      for (const [key, value] of Object.entries(r.values)) insert.run(run, r.epoch, key, value);
      return;
    }
  }
}
