import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { EvalNetwork } from '../../../src/engine/evaluate';
import { genotypeFromJson } from '../../../src/engine/genotype';
import { calibrate, runSearch } from '../../../src/engine/search';
import { parseSearchConfig } from '../../../src/shared/config';
import { runEstimateSchema } from '../../../src/shared/runs';
import { TINY_SEARCH } from '../../helpers/tiny-search';

const plain = parseSearchConfig({ ...TINY_SEARCH, model: { ...TINY_SEARCH.model, channels: 4 } });
const progressive = parseSearchConfig({
  ...TINY_SEARCH,
  model: { ...TINY_SEARCH.model, channels: 4 },
  progressive: { cells: [3, 4, 5], channels: [4, 4, 6], keep: [5, 3, 1], skipDropout: [0.1, 0.4, 0.7], warmupEpochs: 1, maxSkip: 1 },
});

describe('calibrate', () => {
  it('measures one real step of a plain search, leaving no tensors behind', async () => {
    const first = await calibrate(plain);
    const before = tf.memory().numTensors;
    const c = await calibrate(plain);
    expect(tf.memory().numTensors).toBe(before);
    expect(runEstimateSchema.parse(c)).toEqual(c);
    expect(c).toMatchObject({ backend: 'wasm', params: first.params, stepsPerEpoch: 2 });
    expect(c.peakBytes).toBeGreaterThan(0);
    expect(c.stepSeconds).toBeGreaterThan(0);
    expect(c.epochSeconds).toBeCloseTo(c.stepSeconds * 2, 12);
    expect(c.stages).toBeUndefined();
  });

  it("measures a random search's training step on its first sample, with the largest sample's parameters", async () => {
    const config = parseSearchConfig({ ...plain, randomSearch: { samples: 3, keep: 1 }, budget: { ...plain.budget, epochs: 2 } });
    const c = await calibrate(config);
    expect(runEstimateSchema.parse(c)).toEqual(c);
    // The parameters counted from the graph are those of the networks the run trains.
    const sampled: number[] = [];
    for await (const e of runSearch(config)) {
      if (e.type !== 'genotype') continue;
      const net = new EvalNetwork({ genotype: genotypeFromJson(e.genotype), channels: 4, layers: 3, classes: 3, inputChannels: 1, auxiliary: false, seed: 1 });
      sampled.push(net.countWithoutAuxiliary());
      net.dispose();
    }
    expect(sampled).toHaveLength(3);
    // Each sample trains budget.epochs × stepsPerEpoch steps: its whole training is the estimate's "epoch".
    expect(c).toMatchObject({ params: Math.max(...sampled), stepsPerEpoch: 2 * plain.budget.stepsPerEpoch! });
    // A weight step of a derived network is far cheaper than the supernet's α + w step.
    expect(c.stepSeconds).toBeGreaterThan(0);
    expect(c.params).toBeLessThan((await calibrate(plain)).params);
  });

  it('measures a progressive search stage by stage, at each depth and width and ops per edge', { timeout: 300_000 }, async () => {
    const c = await calibrate(progressive);
    expect(runEstimateSchema.parse(c)).toEqual(c);
    const stages = c.stages!;
    expect(stages.map((s) => [s.cells, s.channels, s.opsPerEdge])).toEqual([
      [3, 4, 8],
      [4, 4, 5],
      [5, 6, 3],
    ]);
    // Stage 1 searches every op: it is the plain search at its depth and width.
    const stage1 = await calibrate({ ...plain, model: { ...plain.model, layers: 3 } });
    expect(stages[0].params).toBe(stage1.params);
    expect(c.params).toBe(Math.max(...stages.map((s) => s.params)));
    expect(c.peakBytes).toBe(Math.max(...stages.map((s) => s.peakBytes)));
    expect(c.stepSeconds).toBeCloseTo(stages.reduce((a, s) => a + s.stepSeconds, 0) / 3, 12);
    // The last stage keeps 3 ops per edge, so fewer weights than the same network with all 8.
    const allOps = await calibrate({ ...plain, model: { ...plain.model, layers: 5, channels: 6 } });
    expect(stages[2].params).toBeLessThan(allOps.params);
  });

  it('refuses a progressive search over a space with an α per cell, as the search itself does', async () => {
    const perCell = parseSearchConfig({ ...progressive, model: { ...progressive.model, space: 'amended-s2' } });
    await expect(calibrate(perCell)).rejects.toThrow(/α per cell/);
  });
});
