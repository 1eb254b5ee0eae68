import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { RetrainEvent, RetrainMetadata } from '../../../src/shared/retrain-events';
import type { SearchEvent } from '../../../src/shared/search-events';
import { openStore } from '../../../src/main/store';
import { GENOTYPE, META, config, retrainConfig, searchEvents, tempDir, tempStore } from './fixtures';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('RunWriter: search events to rows', () => {
  it('maps a whole search (start, steps, epochs, α, genotypes, checkpoints, done) to rows', () => {
    const store = tempStore();
    const cfg = config({ name: 'mapped', budget: { epochs: 3 } });
    const run = store.createRun({ config: cfg, tags: ['baseline', ' mnist ', 'baseline', ''] });
    const ckpt = join(store.runDir(run.id), 'checkpoint', 'checkpoint.json');
    mkdirSync(join(store.runDir(run.id), 'checkpoint'), { recursive: true });
    writeFileSync(ckpt, '{"epoch":3}');
    const events = searchEvents(cfg, { checkpointPath: ckpt, startTime: Date.UTC(2025, 0, 1) });

    const writer = store.writer(run.id);
    for (const e of events) writer.write(e);
    writer.close();

    const d = store.runDetail(run.id);
    expect(d).toMatchObject({
      name: 'mapped',
      status: 'done',
      kind: 'search',
      tags: ['baseline', 'mnist'],
      backend: 'wasm',
      device: '@tensorflow/tfjs-backend-wasm',
      gpu: false,
      seed: cfg.seed,
      dataset: 'mnist',
      space: 'darts',
      strategy: 'first-order',
      epochs: 3,
      epochsDone: 3,
      error: null,
      meta: META,
      config: cfg,
      finalGenotype: GENOTYPE,
    });
    expect(d.bestValAcc).toBeCloseTo(0.6);
    expect(d.finalValAcc).toBeCloseTo(0.6);
    expect(d.startedAt).toBeGreaterThanOrEqual(d.createdAt);
    expect(d.finishedAt).toBeGreaterThanOrEqual(d.startedAt!);
    const epochs = events.filter((e): e is Extract<SearchEvent, { type: 'epoch' }> => e.type === 'epoch');
    expect(d.epochMetrics).toEqual(epochs.map((e) => ({ epoch: e.epoch, trainLoss: e.trainLoss, trainAcc: e.trainAcc, valLoss: e.valLoss, valAcc: e.valAcc, lr: e.lr, seconds: e.seconds })));
    expect(d.genotypes).toEqual([0, 1, 2].map((epoch) => ({ epoch, genotype: GENOTYPE })));
    const hash = createHash('sha256').update('{"epoch":3}').digest('hex');
    expect(d.checkpoints.map((c) => [c.epoch, c.path, c.sha256])).toEqual([0, 1, 2].map((e) => [e, ckpt, hash]));

    // Step rows, read back raw through a second connection: global_step = epoch · stepsPerEpoch + step.
    const db = new Database(store.path, { readonly: true });
    const steps = db.prepare('SELECT * FROM step_metrics ORDER BY global_step').all() as Array<Record<string, number>>;
    db.close();
    const stepEvents = events.filter((e): e is Extract<SearchEvent, { type: 'step' }> => e.type === 'step');
    expect(steps).toEqual(
      stepEvents.map((e) => ({
        run: 1,
        global_step: e.epoch * e.stepsPerEpoch + e.step,
        epoch: e.epoch,
        step: e.step,
        train_loss: e.trainLoss,
        train_acc: e.trainAcc,
        val_loss: e.valLoss,
        lr: e.lr,
        arch_lr: e.archLr,
        grad_norm: e.gradNorm,
        arch_time: e.archTime,
        weight_time: e.weightTime,
        aux_loss: null,
        drop_path: null,
        time: e.time,
      })),
    );

    const alphas = events.flatMap((e) => (e.type === 'alpha' ? [{ epoch: e.epoch, raw: e.raw, weights: e.weights }] : []));
    expect(store.alphaHistory(run.id)).toEqual(alphas);
    expect(store.runLog(run.id).map((l) => l.message)).toEqual(['queued', 'running', 'done']);
    expect(store.runLog(run.id)[2].data).toEqual({ epochs: 3, seconds: 4.5 });
  });

  it('maps a retraining (its own start, steps with aux loss and drop path, done) to rows', () => {
    const store = tempStore();
    const cfg = retrainConfig();
    const run = store.createRun({ config: cfg });
    const meta: RetrainMetadata = {
      kind: 'retrain',
      backend: META.backend,
      params: 1000,
      trainedParams: 1200,
      multiplyAdds: 50_000,
      stepsPerEpoch: 2,
      trainExamples: 16,
      valExamples: 8,
      valSource: 'test',
      dataset: META.dataset,
      preprocessing: { mean: [0.5], std: [0.25] },
    };
    const step = (epoch: number, s: number): RetrainEvent => ({ type: 'step', epoch, step: s, stepsPerEpoch: 2, trainLoss: 2 - s, trainAcc: 0.5, auxLoss: 1.5, lr: 0.025, dropPathProb: epoch * 0.1, gradNorm: 1, weightTime: 0.02 });
    const events: RetrainEvent[] = [
      { type: 'start', config: cfg, meta, resumedFromEpoch: null },
      step(0, 0),
      step(0, 1),
      { type: 'epoch', epoch: 0, epochs: 1, trainLoss: 1.5, trainAcc: 0.5, valLoss: 1.4, valAcc: 0.6, lr: 0.025, seconds: 1 },
      { type: 'done', epochs: 1, genotype: GENOTYPE, seconds: 1, valAcc: 0.6, bestValAcc: 0.6, checkpoint: null },
    ];
    const writer = store.writer(run.id);
    for (const e of events) writer.write(e);
    writer.close();
    expect(store.runDetail(run.id)).toMatchObject({ kind: 'retrain', status: 'done', space: 'genotype', strategy: 'retrain', epochsDone: 1, finalValAcc: 0.6, finalGenotype: GENOTYPE, meta });
    expect(store.metricSeries({ runIds: [run.id], metric: 'step.auxLoss' })[0].y).toEqual([1.5, 1.5]);
    // A series leaves out steps without the metric: a retraining has no α-side validation loss.
    expect(store.metricSeries({ runIds: [run.id], metric: 'step.valLoss' })[0].y).toEqual([]);
  });

  it('holds step rows until a batch fills, the timer fires or a rarer event arrives', async () => {
    const store = tempStore();
    const cfg = config();
    const run = store.createRun({ config: cfg });
    const [start, ...rest] = searchEvents(cfg);
    const steps = rest.filter((e) => e.type === 'step');
    const reader = new Database(store.path, { readonly: true });
    const stored = () => reader.prepare('SELECT count(*) FROM step_metrics').pluck().get();

    const writer = store.writer(run.id, { batchSize: 5, flushMs: 30 });
    writer.write(start);
    for (const e of steps.slice(0, 4)) writer.write(e);
    expect(stored()).toBe(0);
    writer.write(steps[4]);
    expect(stored()).toBe(5);
    writer.write(steps[5]);
    expect(stored()).toBe(5);
    await sleep(80);
    expect(stored()).toBe(6);
    writer.write(steps[6]);
    writer.write({ type: 'log', level: 'warn', message: 'slow step' });
    expect(stored()).toBe(7);
    writer.close();
    reader.close();
  });

  it('surfaces a failed timer flush from the next call and keeps the records for a retry', async () => {
    const file = join(tempDir(), 'busy.db');
    const store = openStore({ path: file, busyTimeoutMs: 10 });
    const cfg = config();
    const run = store.createRun({ config: cfg });
    const steps = searchEvents(cfg).filter((e) => e.type === 'step');
    const other = new Database(file);
    other.prepare('BEGIN IMMEDIATE').run();
    const writer = store.writer(run.id, { flushMs: 5 });
    writer.write(steps[0]);
    await sleep(60);
    expect(() => writer.write(steps[1])).toThrow(/locked|busy/i);
    other.prepare('COMMIT').run();
    writer.write(steps[1]);
    writer.close();
    expect(store.metricSeries({ runIds: [run.id], metric: 'step.trainLoss' })[0].x).toEqual([0, 1]);
    other.close();
    store.close();
  });

  it('records a cancellation with where it stopped', () => {
    const store = tempStore();
    const cfg = config();
    const run = store.createRun({ config: cfg });
    const events = searchEvents(cfg).slice(0, 3);
    store.appendEvents(run.id, [...events, { type: 'cancelled', epoch: 0, step: 2 }]);
    const d = store.runDetail(run.id);
    expect(d.status).toBe('cancelled');
    expect(d.finishedAt).not.toBeNull();
    expect(store.runLog(run.id).at(-1)).toMatchObject({ message: 'cancelled', data: { epoch: 0, step: 2 } });
  });

  it('on resume, replaces what was recorded after the checkpoint and continues the metrics', () => {
    const store = tempStore();
    const cfg = config({ budget: { epochs: 3 } });
    const run = store.createRun({ config: cfg });
    const all = searchEvents(cfg);
    // The first attempt dies in epoch 2 after two steps; its last checkpoint was after epoch 1 (2 epochs done).
    const crashAt = all.findIndex((e) => e.type === 'step' && e.epoch === 2 && e.step === 2);
    store.appendEvents(run.id, all.slice(0, crashAt));
    store.appendEvents(run.id, [{ type: 'diagnostics', epoch: 2, values: { skipShare: 0.5 } }]);
    expect(store.markInterruptedRuns()).toEqual([run.id]);
    expect(store.runDetail(run.id)).toMatchObject({ status: 'interrupted', epochsDone: 2 });

    const resumed = searchEvents(cfg, { fromEpoch: 2 }).map((e) => (e.type === 'step' ? { ...e, trainLoss: e.trainLoss + 1 } : e));
    const writer = store.writer(run.id);
    writer.write(resumed[0]);
    writer.flush();
    // The resume discarded epoch 2's partial rows (2 steps, the diagnostic) and kept epochs 0 and 1.
    expect(store.metricSeries({ runIds: [run.id], metric: 'step.trainLoss' })[0].total).toBe(8);
    expect(store.diagnostics(run.id)).toEqual([]);
    for (const e of resumed.slice(1)) writer.write(e);
    writer.close();

    const d = store.runDetail(run.id);
    expect(d).toMatchObject({ status: 'done', epochsDone: 3 });
    expect(d.epochMetrics.map((m) => m.epoch)).toEqual([0, 1, 2]);
    const s = store.metricSeries({ runIds: [run.id], metric: 'step.trainLoss' })[0];
    expect(s.x).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect(s.y[7]).toBeCloseTo(2.3 / 1.7);
    expect(s.y[8]).toBeCloseTo(2.3 / 1.8 + 1);
    expect(store.runLog(run.id).map((l) => l.message)).toEqual(['queued', 'running', 'interrupted', 'running', 'done']);
  });
});
