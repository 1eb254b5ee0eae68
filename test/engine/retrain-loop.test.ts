import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createRetrainSession, evaluateNetwork, loadTrainedModel, retrain } from '../../src/engine/retrain';
import type { RetrainEvent } from '../../src/shared/retrain-events';
import { retrainEventSchema } from '../../src/shared/retrain-events';
import { tinyRetrain } from '../helpers/tiny-retrain';

async function collect(gen: AsyncGenerator<RetrainEvent>, onEvent?: (e: RetrainEvent) => void): Promise<RetrainEvent[]> {
  const out: RetrainEvent[] = [];
  for await (const e of gen) {
    out.push(e);
    onEvent?.(e);
  }
  return out;
}

const steps = (events: RetrainEvent[]) => events.filter((e) => e.type === 'step');

describe('retrain', () => {
  it('emits start, steps, epochs, checkpoints and done that match the event schema', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nas-retrain-'));
    const events = await collect(retrain(tinyRetrain(), { checkpointDir: join(dir, 'checkpoint') }));
    expect(events.map((e) => e.type)).toEqual(['start', 'step', 'step', 'epoch', 'checkpoint', 'step', 'step', 'epoch', 'checkpoint', 'done']);
    for (const e of events) expect(retrainEventSchema.safeParse(e).success, e.type).toBe(true);
    const start = events[0] as Extract<RetrainEvent, { type: 'start' }>;
    expect(start.meta).toMatchObject({ kind: 'retrain', valSource: 'test', trainExamples: 48, valExamples: 16, stepsPerEpoch: 2 });
    expect(start.meta.params).toBe(start.meta.trainedParams); // no auxiliary head here
    expect(start.meta.multiplyAdds).toBeGreaterThan(0);
    // Drop path ramps linearly: p · epoch / epochs; the lr follows cosine annealing to 0.
    const s = steps(events) as Array<Extract<RetrainEvent, { type: 'step' }>>;
    expect(s.map((e) => e.dropPathProb)).toEqual([0, 0, 0.1, 0.1]);
    expect(s[0].lr).toBeCloseTo(0.025, 12);
    expect(s[2].lr).toBeCloseTo(0.0125, 12);
    expect(s.every((e) => e.auxLoss === null && Number.isFinite(e.trainLoss) && e.gradNorm > 0)).toBe(true);
    const done = events.at(-1) as Extract<RetrainEvent, { type: 'done' }>;
    expect(done.checkpoint).toBe(join(dir, 'checkpoint', 'checkpoint.json'));
    expect(done.genotype).toEqual(tinyRetrain().genotype);
  });

  it('is deterministic for a seed and resumes from a checkpoint on the same trajectory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nas-retrain-'));
    const full = await collect(retrain(tinyRetrain(), { checkpointDir: join(dir, 'a') }));
    const again = await collect(retrain(tinyRetrain()));
    const untimed = (es: RetrainEvent[]) => steps(es).map((e) => ({ ...e, weightTime: 0, time: 0 }));
    expect(untimed(again)).toEqual(untimed(full));

    // Stop right after epoch 0's checkpoint, then resume.
    const controller = new AbortController();
    const first = await collect(retrain(tinyRetrain(), { checkpointDir: join(dir, 'b'), signal: controller.signal }), (e) => {
      if (e.type === 'checkpoint') controller.abort();
    });
    expect(first.at(-1)).toMatchObject({ type: 'cancelled', epoch: 1, step: 0 });
    const resumed = await collect(retrain(tinyRetrain(), { checkpointDir: join(dir, 'b'), resumeFrom: join(dir, 'b') }));
    expect(resumed[0]).toMatchObject({ type: 'start', resumedFromEpoch: 1 });
    const loss = (es: RetrainEvent[]) => steps(es).map((e) => (e as { trainLoss: number }).trainLoss);
    expect(loss(resumed)).toEqual(loss(full).slice(2));
    const epochAcc = (es: RetrainEvent[]) => es.filter((e) => e.type === 'epoch').map((e) => (e as { valAcc: number }).valAcc);
    expect(epochAcc(resumed)).toEqual(epochAcc(full).slice(1));
  });

  it('anneals the lr with natural exponential cosine annealing (NECA) when asked', async () => {
    const config = tinyRetrain({ optimizer: { schedule: 'neca' }, budget: { epochs: 2, stepsPerEpoch: 1, evalBatches: 1 } });
    const lrs = steps(await collect(retrain(config))).map((e) => (e as { lr: number }).lr);
    // ℓ_min + (ℓ_max − ℓ_min)(e^c − 1)/(e − 1), c = ½(1 + cos πτ/E): τ/E = 0 → 0.025, 0.5 → 0.00944.
    expect(lrs[0]).toBeCloseTo(0.025, 12);
    expect(lrs[1]).toBeCloseTo((0.025 * (Math.exp(0.5) - 1)) / (Math.E - 1), 12);
  });

  it('refuses a checkpoint of a different configuration', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nas-retrain-'));
    await collect(retrain(tinyRetrain({ budget: { epochs: 1, stepsPerEpoch: 1, evalBatches: 1 } }), { checkpointDir: dir }));
    await expect(collect(retrain(tinyRetrain({ seed: 9 }), { resumeFrom: dir }))).rejects.toThrow(/different configuration/);
  });

  it('trains the auxiliary head with weight 0.4 on 32x32 images, and keeps the tensor count flat', async () => {
    const config = tinyRetrain({
      data: { dataset: 'synthetic', options: { trainCount: 8, testCount: 4, height: 32, width: 32, channels: 3, numClasses: 2 }, batchSize: 4 },
      model: { channels: 2, layers: 3, auxiliary: true, dropPathProb: 0 },
      budget: { epochs: 2, stepsPerEpoch: 2, evalBatches: 1 },
    });
    const counts: number[] = [];
    const events = await collect(retrain(config), (e) => {
      if (e.type === 'step' || e.type === 'epoch') counts.push(tf.memory().numTensors);
    });
    const start = events[0] as Extract<RetrainEvent, { type: 'start' }>;
    expect(start.meta.trainedParams).toBeGreaterThan(start.meta.params);
    const s = steps(events) as Array<Extract<RetrainEvent, { type: 'step' }>>;
    for (const e of s) expect(e.auxLoss).not.toBeNull();
    // trainLoss = CE(main) + 0.4 · CE(aux), so it exceeds 0.4 · auxLoss.
    for (const e of s) expect(e.trainLoss).toBeGreaterThan(0.4 * (e.auxLoss as number));
    expect(new Set(counts.slice(1)).size).toBe(1);
  });

  it('loads the final checkpoint into a network that reproduces the last validation loss and accuracy', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nas-retrain-'));
    const config = tinyRetrain({ budget: { epochs: 1, stepsPerEpoch: 2, evalBatches: 2 } });
    const events = await collect(retrain(config, { checkpointDir: dir }));
    const start = events[0] as Extract<RetrainEvent, { type: 'start' }>;
    const epoch = events.find((e) => e.type === 'epoch') as Extract<RetrainEvent, { type: 'epoch' }>;
    const model = await loadTrainedModel(config, start.meta, dir);
    expect(model.epochs).toBe(1);
    // The same validation batches, from a fresh session's loader.
    const session = await createRetrainSession(config);
    const batches = Array.from({ length: 2 }, () => session.evalLoader.next());
    const ev = evaluateNetwork(model.net, batches);
    expect(ev.acc).toBe(epoch.valAcc);
    expect(ev.loss).toBeCloseTo(epoch.valLoss, 5);
    session.dispose();
    model.dispose();
  });
});
