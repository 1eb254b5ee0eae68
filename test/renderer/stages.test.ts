import { describe, expect, it } from 'vitest';
import type { SearchEvent } from '../../src/shared/search-events';
import { applyUpdate } from '../../src/renderer/src/hooks/useRunLive';
import { runStages, stageMarks } from '../../src/renderer/src/lib/stages';
import { config, tempStore } from '../main/store/fixtures';

type Stage = Extract<SearchEvent, { type: 'stage' }>;
const OPS = ['none', 'max_pool_3x3', 'avg_pool_3x3', 'skip_connect', 'sep_conv_3x3', 'sep_conv_5x5', 'dil_conv_3x3', 'dil_conv_5x5'];

/** P-DARTS's schedule (5 → 11 → 17 cells, 8 → 5 → 3 ops per edge), 25 epochs a stage, 14 edges per cell. */
function stage(s: number): Stage {
  const ops = [8, 5, 3][s];
  // One edge of the reduction cell keeps fewer ops, as pruning may leave: the count is the largest.
  const edges = Array.from({ length: 14 }, (_, i) => OPS.slice(0, i === 0 ? ops - 1 : ops));
  return { type: 'stage', stage: s, stages: 3, cells: [5, 11, 17][s], channels: 16, firstEpoch: 25 * s, epochs: 25, opsPerEdge: ops, skipDropout: [0, 0.4, 0.7][s], candidates: { normal: edges.map((e) => e.slice(0, ops)), reduce: edges } };
}

describe('P-DARTS stages on the training curves', () => {
  it('reads the stages back from the log the store keeps, once each, among other entries', () => {
    const store = tempStore();
    const run = store.createRun({ config: config() });
    const writer = store.writer(run.id);
    writer.write(stage(0));
    writer.write(stage(1));
    writer.write({ type: 'log', level: 'warn', message: 'something else', data: { stage: 'not a stage' } });
    // A run resumed in stage 2 announces it again.
    writer.write(stage(1));
    writer.write(stage(2));
    writer.close();
    const stages = runStages(store.runLog(run.id));
    expect(stages).toEqual([
      { stage: 0, cells: 5, firstEpoch: 0, opsPerEdge: 8 },
      { stage: 1, cells: 11, firstEpoch: 25, opsPerEdge: 5 },
      { stage: 2, cells: 17, firstEpoch: 50, opsPerEdge: 3 },
    ]);
  });

  it('reads a live stage event the same as the stored one', () => {
    const store = tempStore();
    const run = store.createRun({ config: config() });
    const writer = store.writer(run.id);
    writer.write(stage(1));
    writer.close();
    const live = { status: 'running' as const, progress: null, series: new Map(), alphas: [], genotypes: [], log: [], diagnostics: [] };
    applyUpdate(live, { runId: run.id, progress: null, event: stage(1) });
    expect(runStages(live.log)).toEqual(runStages(store.runLog(run.id)));
    expect(runStages(live.log)).toHaveLength(1);
  });

  it('marks each transition between the last point of a stage and the first of the next, on epoch and step axes counted from 1', () => {
    const stages = [0, 1, 2].map((s) => ({ stage: s, cells: [5, 11, 17][s], firstEpoch: 25 * s, opsPerEdge: [8, 5, 3][s] }));
    expect(stageMarks(stages, 'epoch', 10)).toEqual([
      { x: 25.5, label: 'stage 2: 11 cells, 5 ops' },
      { x: 50.5, label: 'stage 3: 17 cells, 3 ops' },
    ]);
    // Global step = epoch · stepsPerEpoch + step: stage 1 ends at step 250 and stage 2 begins at 251.
    expect(stageMarks(stages, 'step', 10).map((m) => m.x)).toEqual([250.5, 500.5]);
    // Without the run's steps per epoch the step axis cannot be placed; a plain search has no stages.
    expect(stageMarks(stages, 'step', null)).toEqual([]);
    expect(stageMarks([], 'epoch', 10)).toEqual([]);
  });
});
