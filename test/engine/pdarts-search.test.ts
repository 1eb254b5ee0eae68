import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  /**
   * Runs until `stopAt` says so, then (after `tamper`, which may rewrite the folder) resumes from
   * the checkpoint folder; returns both runs' events.
   */
  async function interruptAndResume(stopAt: (e: SearchEvent) => boolean, tamper: (dir: string) => void = () => {}): Promise<{ first: SearchEvent[]; resumed: SearchEvent[] }> {
    const dir = mkdtempSync(join(tmpdir(), 'pdarts-'));
    const abort = new AbortController();
    const first: SearchEvent[] = [];
    for await (const e of runSearch(config, { signal: abort.signal, checkpointDir: dir })) {
      first.push(e);
      if (stopAt(e)) abort.abort();
    }
    tamper(dir);
    const resumed: SearchEvent[] = [];
    for await (const e of runSearch(config, { checkpointDir: dir, resumeFrom: dir })) resumed.push(e);
    for (const e of resumed) expect(() => searchEventSchema.parse(e)).not.toThrow();
    return { first, resumed };
  }

  it('resumes inside a stage from its checkpoint, counting epochs across stages', async () => {
    const { first, resumed } = await interruptAndResume((e) => e.type === 'epoch' && e.epoch === 2);
    expect(first.at(-1)).toMatchObject({ type: 'cancelled', epoch: 3 });
    expect(resumed[0]).toMatchObject({ type: 'start', resumedFromEpoch: 3 });
    expect(resumed.filter((e) => e.type === 'stage').map((e) => (e.type === 'stage' ? e.stage : -1))).toEqual([1, 2]);
    expect(resumed.filter((e) => e.type === 'epoch').map((e) => (e.type === 'epoch' ? e.epoch : -1))).toEqual([3, 4, 5]);
    // The resumed stage searches the ops the first run kept after stage 0.
    const before = first.find((e) => e.type === 'stage' && e.stage === 1);
    const after = resumed.find((e) => e.type === 'stage' && e.stage === 1);
    expect(after).toEqual(before);
    expect(resumed.at(-1)).toMatchObject({ type: 'done', epochs: 6 });
    // The same trajectory as a run that was never interrupted: the last α and the result agree.
    const whole: SearchEvent[] = [];
    for await (const e of runSearch(config)) whole.push(e);
    const lastAlpha = (events: SearchEvent[]) => events.filter((e) => e.type === 'alpha').at(-1);
    expect(lastAlpha(resumed)).toEqual(lastAlpha(whole));
    const genotype = (events: SearchEvent[]) => { const e = events.at(-1); return e?.type === 'done' ? e.genotype : null; };
    expect(genotype(resumed)).toEqual(genotype(whole));
    expect(genotype(whole)).not.toBeNull();
  }, 300_000);

  it("resumes at a stage boundary by starting the new stage afresh (the checkpoint is the last stage's)", async () => {
    const { first, resumed } = await interruptAndResume((e) => e.type === 'stage' && e.stage === 1);
    expect(first.at(-1)).toMatchObject({ type: 'cancelled', epoch: 2 });
    expect(resumed[0]).toMatchObject({ type: 'start', resumedFromEpoch: 2 });
    expect(resumed.filter((e) => e.type === 'epoch').map((e) => (e.type === 'epoch' ? e.epoch : -1))).toEqual([2, 3, 4, 5]);
    expect(resumed.at(-1)).toMatchObject({ type: 'done', epochs: 6 });
  }, 300_000);

  it("resumes a stage whose last checkpoint ends it by pruning from that checkpoint's α", async () => {
    // As if the process died after stage 0's last checkpoint, before recording stage 1.
    const all = Array.from({ length: 14 }, () => [0, 1, 2, 3, 4, 5, 6, 7]);
    const { first, resumed } = await interruptAndResume(
      (e) => e.type === 'stage' && e.stage === 1,
      (dir) => writeFileSync(join(dir, 'progressive.json'), JSON.stringify({ stage: 0, candidates: { normal: all, reduce: all } })),
    );
    expect(resumed[0]).toMatchObject({ type: 'start', resumedFromEpoch: 2 });
    // Stage 0 runs no more epochs; the ops kept for stage 1 are those the first run kept from its α events.
    expect(resumed.find((e) => e.type === 'stage' && e.stage === 1)).toEqual(first.find((e) => e.type === 'stage' && e.stage === 1));
    expect(resumed.filter((e) => e.type === 'epoch').map((e) => (e.type === 'epoch' ? e.epoch : -1))).toEqual([2, 3, 4, 5]);
  }, 300_000);

  it('combines with the Att-DARTS space: ops are pruned by α, and each derived edge takes its argmax attention module by β', async () => {
    const att = parseSearchConfig({
      ...TINY_SEARCH,
      model: { ...TINY_SEARCH.model, channels: 4, space: 'att-darts' },
      budget: { epochs: 1, stepsPerEpoch: 1, evalBatches: 1 },
      progressive: { cells: [3, 4], keep: [4, 1], skipDropout: [0, 0], warmupEpochs: 0, maxSkip: 2 },
    });
    const events: SearchEvent[] = [];
    for await (const e of runSearch(att)) events.push(e);
    for (const e of events) expect(() => searchEventSchema.parse(e)).not.toThrow();
    const start = events[0];
    if (start.type !== 'start') throw new Error('no start');
    const modules = start.meta.attentions!;
    const lastAlpha = events.filter((e) => e.type === 'alpha').at(-1);
    const done = events.at(-1);
    if (lastAlpha?.type !== 'alpha' || done?.type !== 'done') throw new Error('no final α or done');
    const stage2 = events.filter((e) => e.type === 'stage')[1];
    if (stage2?.type !== 'stage') throw new Error('no second stage');
    const rowOf = (node: number, input: number) => ((node - 2) * (node + 1)) / 2 + input;
    for (const cell of ['normal', 'reduce'] as const) {
      const edges = withNodes(genotypeFromJson(done.genotype)[cell]);
      expect(edges).toHaveLength(8);
      for (const e of edges) {
        const row = rowOf(e.node, e.input);
        expect(stage2.candidates[cell][row]).toContain(e.op);
        const beta = lastAlpha.weights[`${cell}_attention`][row];
        expect(e.attention).toBe(modules[beta.indexOf(Math.max(...beta))]);
      }
    }
  }, 300_000);
});
