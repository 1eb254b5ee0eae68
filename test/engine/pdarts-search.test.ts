import { describe, expect, it } from 'vitest';
import { countOp, genotypeFromJson, withNodes } from '../../src/engine/genotype';
import { runSearch } from '../../src/engine/search';
import { parseSearchConfig } from '../../src/shared/config';
import type { SearchEvent } from '../../src/shared/search-events';
import { searchEventSchema } from '../../src/shared/search-events-schema';
import { TINY_SEARCH } from '../helpers/tiny-search';

// Three stages of 3, 4 and 5 cells (each with a normal cell), C = 4, 2 epochs of 1 step per stage.
const config = parseSearchConfig({
  ...TINY_SEARCH,
  model: { ...TINY_SEARCH.model, channels: 4 },
  budget: { epochs: 2, stepsPerEpoch: 1, evalBatches: 1 },
  progressive: { cells: [3, 4, 5], keep: [5, 3, 1], skipDropout: [0.1, 0.4, 0.7], warmupEpochs: 1, maxSkip: 1 },
});

describe('P-DARTS progressive search (tiny)', () => {
  it('runs three stages, pruning 8 → 5 → 3 ops per edge, with stage events, warm-up and the skip cap', async () => {
    const events: SearchEvent[] = [];
    for await (const e of runSearch(config)) events.push(e);
    // Every event is what the worker protocol accepts.
    for (const e of events) expect(() => searchEventSchema.parse(e)).not.toThrow();

    expect(events[0].type).toBe('start');
    expect(events[1].type).toBe('stage');
    expect(events.filter((e) => e.type === 'start')).toHaveLength(1);
    const stages = events.filter((e) => e.type === 'stage');
    expect(stages.map((s) => [s.stage, s.cells, s.opsPerEdge, s.firstEpoch, s.skipDropout])).toEqual([
      [0, 3, 8, 0, 0.1],
      [1, 4, 5, 2, 0.4],
      [2, 5, 3, 4, 0.7],
    ]);
    for (const s of stages) {
      for (const edges of Object.values(s.candidates)) for (const ops of edges) expect(ops).toHaveLength(s.opsPerEdge);
    }
    // Each stage's ops are a subset of the stage before's.
    for (let i = 1; i < stages.length; i++) {
      stages[i].candidates.normal.forEach((ops, edge) => {
        for (const op of ops) expect(stages[i - 1].candidates.normal[edge]).toContain(op);
      });
    }

    // Epochs count across stages; the first epoch of each stage is weight-only (no α step).
    const epochs = events.filter((e) => e.type === 'epoch');
    expect(epochs.map((e) => e.epoch)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(epochs.every((e) => e.epochs === 6)).toBe(true);
    const steps = events.filter((e) => e.type === 'step');
    for (const s of steps) {
      const warm = s.epoch % 2 === 0;
      expect(Number.isNaN(s.valLoss), `epoch ${s.epoch}`).toBe(warm);
      if (warm) expect(s.archTime).toBe(0);
    }
    // α of a stage has weight 0 on the ops pruned before it.
    const lastAlpha = events.filter((e) => e.type === 'alpha').at(-1);
    if (lastAlpha?.type !== 'alpha') throw new Error('no alpha event');
    const primitives = events[0].type === 'start' ? events[0].meta.primitives : [];
    lastAlpha.weights.normal.forEach((row, edge) => {
      row.forEach((w, k) => expect(w > 0).toBe(stages[2].candidates.normal[edge].includes(primitives[k])));
    });

    const done = events.at(-1);
    if (done?.type !== 'done') throw new Error(`ended with ${done?.type}`);
    expect(done.epochs).toBe(6);
    const g = genotypeFromJson(done.genotype);
    expect(countOp(g.normal, 'skip_connect')).toBeLessThanOrEqual(1);
    // Each derived edge uses one of the ops its edge searched in the last stage, never 'none'.
    const rowOf = (node: number, input: number) => ((node - 2) * (node + 1)) / 2 + input;
    for (const e of withNodes(g.normal)) {
      expect(e.op).not.toBe('none');
      expect(stages[2].candidates.normal[rowOf(e.node, e.input)]).toContain(e.op);
    }
  }, 300_000);

  it('refuses to resume, and a cancelled search stops with a cancelled event', async () => {
    await expect(runSearch(config, { resumeFrom: '/nowhere' }).next()).rejects.toThrow(/cannot be resumed/);
    const abort = new AbortController();
    const events: SearchEvent[] = [];
    for await (const e of runSearch(config, { signal: abort.signal })) {
      events.push(e);
      if (e.type === 'epoch' && e.epoch === 2) abort.abort();
    }
    expect(events.at(-1)).toMatchObject({ type: 'cancelled', epoch: 3 });
    expect(events.filter((e) => e.type === 'stage')).toHaveLength(2);
  }, 300_000);
});
