import { describe, expect, it } from 'vitest';
import type { RunUpdate } from '../../src/shared/api';
import type { SeriesMetric } from '../../src/shared/runs';
import { applyUpdate, EPOCH_METRICS, STEP_METRICS, type SeriesData } from '../../src/renderer/src/hooks/useRunLive';

const RUN = '00000000-0000-4000-8000-000000000001';

function emptyData(): Parameters<typeof applyUpdate>[0] {
  const series = new Map<SeriesMetric, SeriesData>();
  for (const m of STEP_METRICS) series.set(`step.${m}`, { x: [], y: [] });
  for (const m of EPOCH_METRICS) series.set(`epoch.${m}`, { x: [], y: [] });
  return { status: 'running', progress: null, series, alphas: [], genotypes: [], log: [], diagnostics: [] };
}

const step = (epoch: number, s: number, trainLoss: number): RunUpdate => ({
  runId: RUN,
  progress: { epoch, step: s, stepsDone: epoch * 4 + s + 1, stepsTotal: 8, fraction: (epoch * 4 + s + 1) / 8, etaSeconds: 3 },
  event: { type: 'step', epoch, step: s, stepsPerEpoch: 4, trainLoss, trainAcc: 0.5, valLoss: 2, lr: 0.05, archLr: 3e-3, gradNorm: 1, archTime: 0.2, weightTime: 0.3 },
});

describe('applying live run updates', () => {
  it('appends step metrics at the global step the store uses (epoch · stepsPerEpoch + step), counted from 1 as charts draw it', () => {
    const d = emptyData();
    applyUpdate(d, step(0, 0, 2.3));
    applyUpdate(d, step(0, 1, 2.2));
    applyUpdate(d, step(1, 0, 2.0));
    expect(d.series.get('step.trainLoss')).toEqual({ x: [1, 2, 5], y: [2.3, 2.2, 2.0] });
    expect(d.series.get('step.weightTime')!.y).toEqual([0.3, 0.3, 0.3]);
    expect(d.progress).toMatchObject({ stepsDone: 5 });
  });
  it("records a retraining's own step metrics and leaves the α side empty (and a search's steps leave the retraining's empty)", () => {
    const d = emptyData();
    const retrainStep = { type: 'step', epoch: 0, step: 0, stepsPerEpoch: 4, trainLoss: 2.5, trainAcc: 0.2, auxLoss: 2.4, lr: 0.025, dropPathProb: 0, gradNorm: 1, weightTime: 0.4 };
    applyUpdate(d, { runId: RUN, progress: null, event: retrainStep } as unknown as RunUpdate);
    applyUpdate(d, { runId: RUN, progress: null, event: { ...retrainStep, step: 1, auxLoss: null, dropPathProb: 0.05 } } as unknown as RunUpdate);
    expect(d.series.get('step.auxLoss')).toEqual({ x: [1, 2], y: [2.4, null] });
    expect(d.series.get('step.dropPathProb')).toEqual({ x: [1, 2], y: [0, 0.05] });
    expect(d.series.get('step.archTime')).toEqual({ x: [], y: [] });
    expect(d.series.get('step.valLoss')).toEqual({ x: [], y: [] });
    const s = emptyData();
    applyUpdate(s, step(0, 0, 2.3));
    expect(s.series.get('step.auxLoss')).toEqual({ x: [], y: [] });
    expect(s.series.get('step.archTime')!.y).toEqual([0.2]);
  });
  it('skips points the history already holds and keeps a diverged loss as a gap', () => {
    const d = emptyData();
    d.series.set('step.trainLoss', { x: [1, 2, 3], y: [2.3, 2.2, 2.1] });
    applyUpdate(d, step(0, 2, 9));
    applyUpdate(d, step(0, 3, NaN));
    expect(d.series.get('step.trainLoss')).toEqual({ x: [1, 2, 3, 4], y: [2.3, 2.2, 2.1, null] });
  });
  it('keeps one α snapshot and one genotype per epoch, records epoch ends and status changes in the log', () => {
    const d = emptyData();
    const weights = { normal: [[0.5, 0.5]], reduce: [[0.2, 0.8]] };
    applyUpdate(d, { runId: RUN, progress: null, event: { type: 'alpha', epoch: 0, raw: weights, weights } });
    applyUpdate(d, { runId: RUN, progress: null, event: { type: 'alpha', epoch: 0, raw: weights, weights } });
    expect(d.alphas).toHaveLength(1);
    applyUpdate(d, { runId: RUN, progress: null, event: { type: 'epoch', epoch: 0, epochs: 2, trainLoss: 2, trainAcc: 0.3, valLoss: 2.1, valAcc: 0.25, lr: 0.05, seconds: 12 } });
    expect(d.series.get('epoch.valAcc')).toEqual({ x: [1], y: [0.25] });
    const r = applyUpdate(d, { runId: RUN, status: 'paused' });
    expect(d.status).toBe('paused');
    expect(r.refetchDetail).toBe(true);
    expect(d.log.map((l) => l.message)).toEqual([expect.stringContaining('epoch 1/2: val acc 25.00%'), 'status: paused']);
  });
  it('turns a diagnostics event into rows, replacing the epoch it restates', () => {
    const d = emptyData();
    applyUpdate(d, { runId: RUN, progress: null, event: { type: 'diagnostics', epoch: 0, values: { skipCount: 2, entropy: 1.5 } } } as RunUpdate);
    applyUpdate(d, { runId: RUN, progress: null, event: { type: 'diagnostics', epoch: 0, values: { skipCount: 3 } } } as RunUpdate);
    expect(d.diagnostics).toEqual([{ epoch: 0, key: 'skipCount', value: 3 }]);
  });
});
