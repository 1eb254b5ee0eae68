/**
 * Run-store benchmark (npm run bench:store), on real SQLite files in a temporary folder:
 *  1. write: step events through the batched RunWriter, as a run manager feeds it: rows per
 *     second, and the time each training step spends in the store (mean, p99, worst write);
 *  2. scale: a generated database of 1,000 runs and 10 million step-metric rows, then the UI's
 *     queries (run list with filter + sort + page, 5 runs' series at 2,000 points, α history).
 *   npm run bench:store                      defaults
 *   npm run bench:store -- --runs 100 --steps 1000 --keep
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { openStore, type RunStore } from '../src/main/store';
import { parseSearchConfig } from '../src/shared/config';
import type { SearchEvent } from '../src/shared/search-events';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '1000' },
    steps: { type: 'string', default: '10000' },
    'write-events': { type: 'string', default: '1000000' },
    keep: { type: 'boolean', default: false },
  },
});
const RUNS = Number(values.runs);
const STEPS = Number(values.steps);
const STEPS_PER_EPOCH = 200;
const EPOCHS = Math.ceil(STEPS / STEPS_PER_EPOCH);
const WRITE_EVENTS = Number(values['write-events']);

const dir = mkdtempSync(join(tmpdir(), 'nas-bench-store-'));
const log = (msg: string) => process.stderr.write(`${msg}\n`);
const round = (x: number, digits = 3) => Number(x.toPrecision(digits));

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Median milliseconds of `reps` calls after one warm-up. */
function timeMs(f: () => unknown, reps = 15): number {
  f();
  const ts: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    f();
    ts.push(performance.now() - t);
  }
  return round(median(ts));
}

function stepEvent(t: number): Extract<SearchEvent, { type: 'step' }> {
  return {
    type: 'step',
    epoch: Math.floor(t / STEPS_PER_EPOCH),
    step: t % STEPS_PER_EPOCH,
    stepsPerEpoch: STEPS_PER_EPOCH,
    trainLoss: 2.3 * Math.exp(-t / 3000) + 0.05 * Math.random(),
    trainAcc: 1 - Math.exp(-t / 3000),
    valLoss: 2.4 * Math.exp(-t / 3000),
    lr: 0.025,
    archLr: 3e-4,
    gradNorm: 1 + Math.random(),
    archTime: 0.3,
    weightTime: 0.4,
  };
}

/** (1) Every event goes through writer.write, exactly as the run manager would pass it on. */
function writeThroughput(store: RunStore) {
  const config = parseSearchConfig({ budget: { epochs: Math.ceil(WRITE_EVENTS / STEPS_PER_EPOCH) } });
  const events = Array.from({ length: WRITE_EVENTS }, (_, t) => stepEvent(t));
  const run = store.createRun({ config });
  const writer = store.writer(run.id);
  const began = performance.now();
  for (const e of events) writer.write(e);
  writer.close();
  const seconds = (performance.now() - began) / 1000;

  // Per-call latency on a second run: most writes only queue, one in a batch commits it.
  const timed = store.writer(store.createRun({ config }).id);
  const calls = events.slice(0, 200_000).map((e) => {
    const t = performance.now();
    timed.write(e);
    return (performance.now() - t) * 1000;
  });
  timed.close();
  calls.sort((a, b) => a - b);
  return {
    events: WRITE_EVENTS,
    batchSize: 500,
    rowsPerSecond: Math.round(WRITE_EVENTS / seconds),
    storeMicrosecondsPerStep: round((seconds * 1e6) / WRITE_EVENTS),
    writeCallMicroseconds: { p50: round(calls[calls.length >> 1]), p99: round(calls[Math.floor(calls.length * 0.99)]), max: round(calls[calls.length - 1]) },
  };
}

const SPACES = ['darts', 'nb201'];
const STRATEGIES = ['first-order', 'second-order', 'pc-darts', 'fair-darts'];
const DATASETS = ['mnist', 'fashion-mnist', 'cifar10'];
const STATUSES = ['done', 'done', 'done', 'failed', 'cancelled', 'interrupted'];
const YEAR_MS = 365 * 86_400_000;

/** Float32 α blob of 14 × 8. */
function alphaBlob(seed: number): Buffer {
  const b = Buffer.alloc(14 * 8 * 4);
  for (let i = 0; i < 14 * 8; i++) b.writeFloatLE(Math.sin(seed + i) / 4, i * 4);
  return b;
}

/**
 * (2) Runs through the store's API; their metric rows straight into its tables in one
 * transaction with prepared statements (the writer's path costs per event, measured above).
 */
function generate(file: string) {
  const began = performance.now();
  const store = openStore({ path: file });
  const now = Date.now();
  const ids = Array.from({ length: RUNS }, (_, i) => {
    const config = parseSearchConfig({
      name: `sweep ${i % 10} run ${i}`,
      seed: i,
      model: { space: SPACES[i % SPACES.length] },
      strategy: { id: STRATEGIES[i % STRATEGIES.length] },
      data: { dataset: DATASETS[i % DATASETS.length] },
      budget: { epochs: EPOCHS },
    });
    return store.createRun({ config, tags: i % 5 === 0 ? ['baseline'] : [`sweep-${i % 10}`] }).id;
  });
  store.close();

  const db = new Database(file);
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -1048576');
  const rid = db.prepare('SELECT rid FROM runs WHERE id = ?').pluck();
  const step = db.prepare(
    `INSERT INTO step_metrics (run, global_step, epoch, step, train_loss, train_acc, val_loss, lr, arch_lr, grad_norm, arch_time, weight_time)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const epoch = db.prepare('INSERT INTO epoch_metrics (run, epoch, train_loss, train_acc, val_loss, val_acc, lr, seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const alpha = db.prepare('INSERT INTO alpha_snapshots (run, epoch, grp, rows, cols, raw, weights) VALUES (?, ?, ?, 14, 8, ?, ?)');
  const summary = db.prepare(
    'UPDATE runs SET status = ?, created_at = ?, started_at = ?, finished_at = ?, epochs_done = ?, best_val_acc = ?, final_val_acc = ? WHERE rid = ?',
  );
  db.transaction(() => {
    ids.forEach((id, i) => {
      const run = rid.get(id) as number;
      const quality = 0.5 + 0.45 * Math.random();
      for (let t = 0; t < STEPS; t++) {
        const decay = Math.exp(-t / (STEPS / 3));
        step.run(run, t, Math.floor(t / STEPS_PER_EPOCH), t % STEPS_PER_EPOCH, 2.3 * decay + 0.05 * Math.random(), quality * (1 - decay), 2.4 * decay, 0.025, 3e-4, 1 + Math.random(), 0.3, 0.4);
      }
      let acc = 0; // rises every epoch, so the last is also the best
      for (let e = 0; e < EPOCHS; e++) {
        acc = quality * (1 - Math.exp(-(e + 1) / (EPOCHS / 3)));
        epoch.run(run, e, 2.3 / (e + 1), acc, 2.4 / (e + 1), acc, 0.025, 60);
        for (const group of ['normal', 'reduce']) alpha.run(run, e, group, alphaBlob(i + e), alphaBlob(i - e));
      }
      const created = now - YEAR_MS + (i * YEAR_MS) / RUNS;
      summary.run(STATUSES[i % STATUSES.length], created, created + 1000, created + 3_600_000, EPOCHS, acc, acc, run);
      if ((i + 1) % 100 === 0) log(`generated ${i + 1}/${RUNS} runs (${(((i + 1) * STEPS) / 1e6).toFixed(1)}M step rows, ${((performance.now() - began) / 1000).toFixed(0)} s)`);
    });
  })();
  db.close();
  const seconds = (performance.now() - began) / 1000;
  return { ids, seconds };
}

function scale() {
  const file = join(dir, 'scale.db');
  const { ids, seconds } = generate(file);
  const store = openStore({ path: file });
  const size = statSync(file).size;
  const five = [0, 1, 2, 3, 4].map((k) => ids[Math.floor((k * RUNS) / 5)]);
  const one = ids[RUNS >> 1];
  const series = store.metricSeries({ runIds: five, metric: 'step.trainLoss', points: 2000 });
  const queries = {
    runList_done_darts_sortFinalValAcc_page3: timeMs(() =>
      store.listRuns({ status: ['done'], space: 'darts', sort: 'finalValAcc', order: 'desc', offset: 100, limit: 50 }),
    ),
    runList_tag_text_dateRange_sortName: timeMs(() =>
      store.listRuns({ tag: 'baseline', text: 'sweep 5', createdFrom: Date.now() - YEAR_MS / 2, sort: 'name', order: 'asc', limit: 50 }),
    ),
    runList_all_sortCreated_firstPage: timeMs(() => store.listRuns({ limit: 50 })),
    series_5runs_2000points: timeMs(() => store.metricSeries({ runIds: five, metric: 'step.trainLoss', points: 2000 })),
    series_5runs_epochValAcc: timeMs(() => store.metricSeries({ runIds: five, metric: 'epoch.valAcc', points: 2000 })),
    alphaHistory_1run: timeMs(() => store.alphaHistory(one)),
    runDetail_1run: timeMs(() => store.runDetail(one)),
  };
  store.close();
  return {
    runs: RUNS,
    stepRows: RUNS * STEPS,
    epochRows: RUNS * EPOCHS,
    alphaRows: RUNS * EPOCHS * 2,
    generationSeconds: round(seconds),
    databaseMB: Math.round(size / 2 ** 20),
    seriesPointsPerRun: series.map((s) => s.x.length),
    queryMilliseconds: queries,
  };
}

try {
  const version = new Database(':memory:').prepare('SELECT sqlite_version()').pluck().get();
  const writeStore = openStore({ path: join(dir, 'write.db') });
  log(`write: ${WRITE_EVENTS} step events through RunWriter…`);
  const write = writeThroughput(writeStore);
  writeStore.close();
  log(`scale: generating ${RUNS} runs × ${STEPS} steps…`);
  const result = {
    date: new Date().toISOString(),
    machine: { cpu: cpus()[0]?.model, cores: cpus().length, memoryGB: Math.round(totalmem() / 2 ** 30), platform: `${process.platform} ${process.arch}`, node: process.version, sqlite: version },
    write,
    scale: scale(),
  };
  console.log(JSON.stringify(result, null, 2));
} finally {
  if (values.keep) log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
