import { useEffect, useRef, useState } from 'react';
import type { ApiClient, ApiResults, RunUpdate } from '../../../shared/api';
import type { AlphaSnapshot, LogEntry, RunProgress, RunStatus, SeriesMetric } from '../../../shared/runs';
import type { GenotypeJsonShape, SearchEvent } from '../../../shared/search-events';
import { chartX, ordinal } from '../lib/axes';
import { frameBatcher } from '../lib/frame-batcher';
import { errorMessage } from '../lib/format';

// One run's data for the dashboard: history from the store, then live updates appended. Updates are
// queued and applied once per animation frame, so a search emitting every step costs one render a
// frame at most.

// A search's steps carry the α side (valLoss, archLr, archTime), a retraining's auxLoss and dropPathProb.
export const STEP_METRICS = ['trainLoss', 'valLoss', 'trainAcc', 'lr', 'archLr', 'gradNorm', 'archTime', 'weightTime', 'auxLoss', 'dropPathProb'] as const;
export const EPOCH_METRICS = ['trainLoss', 'valLoss', 'trainAcc', 'valAcc', 'lr', 'seconds'] as const;

export interface SeriesData {
  /** Counted from 1, as charts draw it (lib/axes). */
  x: number[];
  y: Array<number | null>;
}

export interface RunLiveData {
  detail: ApiResults['getRun'];
  status: RunStatus;
  progress: RunProgress | null;
  series: Map<SeriesMetric, SeriesData>;
  alphas: AlphaSnapshot[];
  genotypes: Array<{ epoch: number; genotype: GenotypeJsonShape }>;
  log: LogEntry[];
  diagnostics: ApiResults['diagnostics'];
  /** Bumped on every applied batch: the memo key for derived views. */
  version: number;
}

export type RunLiveState = { status: 'loading' } | { status: 'error'; error: unknown } | { status: 'ready'; data: RunLiveData };

const num = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** Appends the point of stored index `x0` (counted from 0). */
function append(series: Map<SeriesMetric, SeriesData>, metric: SeriesMetric, x0: number, y: number | null | undefined): void {
  const x = ordinal(x0);
  const s = series.get(metric);
  // Absent: this kind of run does not record the metric (a null is a gap, e.g. no auxiliary head).
  if (!s || y === undefined) return;
  // History and live updates overlap while the history loads: keep x increasing.
  if (s.x.length && s.x[s.x.length - 1] >= x) return;
  s.x.push(x);
  s.y.push(y === null ? null : num(y));
}

/** Applies one run update to the mutable data; returns whether diagnostics need a refetch. */
export function applyUpdate(d: Omit<RunLiveData, 'version' | 'detail'>, update: RunUpdate, now = Date.now()): { refetchDiagnostics: boolean; refetchDetail: boolean } {
  if ('status' in update) {
    d.status = update.status;
    d.log.push({ ts: now, level: update.error ? 'error' : 'info', message: `status: ${update.status}${update.error ? ` (${update.error})` : ''}`, data: null });
    return { refetchDiagnostics: false, refetchDetail: true };
  }
  if (update.progress) d.progress = update.progress;
  const e = update.event as SearchEvent | { type: string; epoch?: number };
  switch (e.type) {
    case 'step': {
      const s = e as Extract<SearchEvent, { type: 'step' }> & Partial<Record<(typeof STEP_METRICS)[number], number | null>>;
      const x = s.epoch * s.stepsPerEpoch + s.step;
      for (const m of STEP_METRICS) append(d.series, `step.${m}`, x, s[m]);
      break;
    }
    case 'epoch': {
      const s = e as Extract<SearchEvent, { type: 'epoch' }>;
      for (const m of EPOCH_METRICS) append(d.series, `epoch.${m}`, s.epoch, s[m]);
      d.log.push({ ts: now, level: 'info', message: `epoch ${ordinal(s.epoch)}/${s.epochs}: val acc ${(s.valAcc * 100).toFixed(2)}%, train loss ${s.trainLoss.toFixed(4)}, ${s.seconds.toFixed(1)} s`, data: null });
      break;
    }
    case 'alpha': {
      const s = e as Extract<SearchEvent, { type: 'alpha' }>;
      d.alphas = [...d.alphas.filter((a) => a.epoch !== s.epoch), { epoch: s.epoch, raw: s.raw, weights: s.weights }];
      break;
    }
    case 'genotype': {
      const s = e as Extract<SearchEvent, { type: 'genotype' }>;
      d.genotypes = [...d.genotypes.filter((g) => g.epoch !== s.epoch), { epoch: s.epoch, genotype: s.genotype }];
      break;
    }
    case 'checkpoint':
      d.log.push({ ts: now, level: 'info', message: `checkpoint after epoch ${ordinal(e.epoch ?? 0)}`, data: null });
      break;
    case 'start':
      d.log.push({ ts: now, level: 'info', message: 'run started', data: null });
      return { refetchDiagnostics: false, refetchDetail: true };
    case 'done':
      d.log.push({ ts: now, level: 'info', message: 'run finished', data: null });
      return { refetchDiagnostics: true, refetchDetail: true };
    case 'diagnostics': {
      const s = e as { epoch: number; values: Record<string, number> };
      d.diagnostics = [...d.diagnostics.filter((r) => r.epoch !== s.epoch), ...Object.entries(s.values).map(([key, value]) => ({ epoch: s.epoch, key, value: num(value) }))];
      break;
    }
    case 'stage': {
      const s = e as Extract<SearchEvent, { type: 'stage' }>;
      // The data the store logs with a stage (lib/stages.ts reads it back for the chart markers).
      const data = { stage: s.stage, cells: s.cells, channels: s.channels, firstEpoch: s.firstEpoch, candidates: s.candidates };
      d.log.push({ ts: now, level: 'info', message: `stage ${s.stage + 1}/${s.stages}: ${s.cells} cells, ${s.opsPerEdge} ops per edge`, data });
      break;
    }
  }
  return { refetchDiagnostics: false, refetchDetail: false };
}

export function useRunLive(api: ApiClient, id: string): RunLiveState & { reload: () => void } {
  const [state, setState] = useState<RunLiveState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const dataRef = useRef<RunLiveData | null>(null);

  useEffect(() => {
    let live = true;
    const early: RunUpdate[] = [];
    let ready = false;
    const publish = () => live && dataRef.current && setState({ status: 'ready', data: { ...dataRef.current, version: dataRef.current.version + 1 } });
    const refetchDetail = () =>
      api.call('getRun', { id }).then((detail) => {
        if (!live || !dataRef.current) return;
        dataRef.current = { ...dataRef.current, detail, status: detail.status, progress: detail.progress ?? dataRef.current.progress };
        publish();
      }, () => undefined);
    const refetchDiagnostics = () =>
      api.call('diagnostics', { id }).then((rows) => {
        if (!live || !dataRef.current) return;
        dataRef.current.diagnostics = rows;
        publish();
      }, () => undefined);

    const batcher = frameBatcher<RunUpdate>((updates) => {
      const d = dataRef.current;
      if (!d) return;
      let diag = false;
      let detail = false;
      for (const u of updates) {
        const r = applyUpdate(d, u);
        diag ||= r.refetchDiagnostics;
        detail ||= r.refetchDetail;
      }
      dataRef.current = { ...d, version: d.version + 1 };
      setState({ status: 'ready', data: dataRef.current });
      if (diag) void refetchDiagnostics();
      if (detail) void refetchDetail();
    });
    const unsubscribe = api.onUpdate((u) => {
      if (u.runId !== id) return;
      if (ready) batcher.push(u);
      else early.push(u);
    });

    (async () => {
      const metrics: SeriesMetric[] = [...STEP_METRICS.map((m) => `step.${m}` as const), ...EPOCH_METRICS.map((m) => `epoch.${m}` as const)];
      const [detail, seriesList, alphas, log, diagnostics] = await Promise.all([
        api.call('getRun', { id }),
        Promise.all(metrics.map((metric) => api.call('metricSeries', { runIds: [id], metric, points: 5000 }))),
        api.call('alphaHistory', { id }),
        api.call('runLog', { id, limit: 500 }),
        api.call('diagnostics', { id }),
      ]);
      const series = new Map<SeriesMetric, SeriesData>();
      metrics.forEach((m, i) => {
        const s = seriesList[i][0];
        series.set(m, { x: s ? chartX(s.x) : [], y: s ? s.y.map((v) => (Number.isFinite(v) ? v : null)) : [] });
      });
      dataRef.current = { detail, status: detail.status, progress: detail.progress, series, alphas, genotypes: detail.genotypes, log, diagnostics, version: 0 };
      if (!live) return;
      ready = true;
      setState({ status: 'ready', data: dataRef.current });
      for (const u of early) batcher.push(u);
    })().catch((error: unknown) => live && setState({ status: 'error', error: error instanceof Error ? error : new Error(errorMessage(error)) }));

    return () => {
      live = false;
      unsubscribe();
      batcher.dispose();
    };
  }, [api, id, attempt]);

  return { ...state, reload: () => setAttempt((a) => a + 1) };
}
