import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { checkGenotype, genotypeFromJson, withNodes, type Genotype } from '../../../src/engine/genotype';
import { runSearch, sampleArchitecture } from '../../../src/engine/search';
import { getSearchSpace } from '../../../src/engine/spaces';
import { Rng } from '../../../src/engine/util/rng';
import type { SearchEvent } from '../../../src/shared/search-events';
import { tinyConfig } from './fixtures';

const tiny = getSearchSpace('darts', { nodes: 2 });
const draw = (seed: number, n: number) => {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => sampleArchitecture(tiny, rng));
};

describe('random search (seed 002 baseline)', () => {
  it('a seeded sample over a tiny space is deterministic, and another seed draws others', () => {
    expect(draw(7, 20)).toEqual(draw(7, 20));
    expect(draw(8, 20)).not.toEqual(draw(7, 20));
  });

  it('samples valid architectures: 2 distinct earlier inputs per node, never none, every op and input reachable', () => {
    const seen = { ops: new Set<string>(), inputs: new Set<number>() };
    for (const g of draw(3, 300)) {
      expect(() => checkGenotype(g)).not.toThrow();
      for (const cell of [g.normal, g.reduce]) {
        for (const node of [2, 3]) {
          const inputs = withNodes(cell).filter((e) => e.node === node).map((e) => e.input);
          expect(inputs).toHaveLength(2);
          expect(new Set(inputs).size).toBe(2);
          for (const i of inputs) expect(i).toBeLessThan(node);
        }
        for (const e of withNodes(cell)) {
          seen.ops.add(e.op);
          seen.inputs.add(e.input);
        }
      }
    }
    expect([...seen.ops].sort()).toEqual(tiny.primitives.filter((p) => p !== 'none').sort());
    expect([...seen.inputs].sort()).toEqual([0, 1, 2]);
    expect(() => sampleArchitecture(getSearchSpace('amended-s2'), new Rng(1))).toThrow(/α per cell/);
  });

  it('trains each sample briefly and keeps the best by val accuracy; a run is a search run, reproducible by its seed', { timeout: 120_000 }, async () => {
    const config = tinyConfig({ randomSearch: { samples: 3, keep: 2 }, budget: { epochs: 1, stepsPerEpoch: 2, evalBatches: 1 } });
    const run = async () => {
      const events: SearchEvent[] = [];
      for await (const e of runSearch(config)) events.push(e);
      return events;
    };
    const events = await run();
    expect(events.map((e) => e.type)).toEqual(['start', ...Array(3).fill(['step', 'step', 'epoch', 'genotype']).flat(), 'diagnostics', 'done']);
    // Each sample's steps, numbered across its training, with the epoch event's mean loss.
    const steps = events.flatMap((e) => (e.type === 'step' ? [e] : []));
    expect(steps.map((e) => [e.epoch, e.step, e.stepsPerEpoch])).toEqual([0, 1, 2].flatMap((i) => [[i, 0, 2], [i, 1, 2]]));
    for (const e of events) if (e.type === 'epoch') expect(e.trainLoss).toBeCloseTo(steps.filter((s) => s.epoch === e.epoch).reduce((a, s) => a + s.trainLoss, 0) / 2, 6);
    const accs = events.flatMap((e) => (e.type === 'epoch' ? [e.valAcc] : []));
    const genotypes = events.flatMap((e) => (e.type === 'genotype' ? [genotypeFromJson(e.genotype)] : []));
    const order = [0, 1, 2].sort((a, b) => accs[b] - accs[a] || a - b);
    const diag = events.find((e) => e.type === 'diagnostics');
    expect(diag?.type === 'diagnostics' && diag.values).toEqual({ 'random.best1': order[0], 'random.best2': order[1] });
    const done = events.at(-1);
    expect(done?.type === 'done' && (genotypeFromJson(done.genotype) as Genotype)).toEqual(genotypes[order[0]]);
    // The same seed samples and trains the same architectures; a run leaves no tensors behind
    // (measured after the first, which initialises the backend).
    const before = tf.memory().numTensors;
    const again = await run();
    expect(tf.memory().numTensors).toBe(before);
    expect(again.flatMap((e) => (e.type === 'genotype' ? [e.genotype] : []))).toEqual(events.flatMap((e) => (e.type === 'genotype' ? [e.genotype] : [])));
    expect(again.flatMap((e) => (e.type === 'epoch' ? [e.valAcc] : []))).toEqual(accs);
  });

  it('checkpoints after each sample; a run stopped midway and resumed scores every sample as an uninterrupted one', { timeout: 120_000 }, async () => {
    const config = tinyConfig({ randomSearch: { samples: 3, keep: 1 }, budget: { epochs: 1, stepsPerEpoch: 2, evalBatches: 1 } });
    const collect = async (events: AsyncGenerator<SearchEvent>, onEvent: (e: SearchEvent) => void = () => {}) => {
      const out: SearchEvent[] = [];
      for await (const e of events) {
        out.push(e);
        onEvent(e);
      }
      return out;
    };
    const accs = (events: SearchEvent[]) => events.flatMap((e) => (e.type === 'epoch' ? [[e.epoch, e.trainLoss, e.valLoss, e.valAcc]] : []));
    const whole = await collect(runSearch(config));

    const dir = await mkdtemp(join(tmpdir(), 'nas-random-'));
    const stop = new AbortController();
    // Stopped once the first sample's checkpoint is written: the second sample is cancelled at its first step.
    const first = await collect(runSearch(config, { checkpointDir: dir, signal: stop.signal }), (e) => e.type === 'checkpoint' && stop.abort());
    expect(first.map((e) => e.type)).toEqual(['start', 'step', 'step', 'epoch', 'genotype', 'checkpoint', 'cancelled']);
    const rest = await collect(runSearch(config, { checkpointDir: dir, resumeFrom: dir }));
    expect(rest[0]).toMatchObject({ type: 'start', resumedFromEpoch: 1 });
    expect([...accs(first), ...accs(rest)]).toEqual(accs(whole));
    expect(rest.at(-1)).toEqual({ ...whole.at(-1), seconds: expect.any(Number) });

    // Another sample size or training budget draws or scores other samples: refused.
    const other = tinyConfig({ ...config, randomSearch: { samples: 4, keep: 1 } });
    await expect(collect(runSearch(other, { resumeFrom: dir }))).rejects.toThrow(/random search with this configuration/);
  });
});
