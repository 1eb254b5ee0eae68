import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { search } from '../../../src/engine/search';
import type { SearchEvent } from '../../../src/shared/search-events';
import { tinyConfig } from './fixtures';

type Alpha = Extract<SearchEvent, { type: 'alpha' }>;

async function collect(gen: AsyncGenerator<SearchEvent>, onEvent?: (e: SearchEvent) => void): Promise<SearchEvent[]> {
  const out: SearchEvent[] = [];
  for await (const e of gen) {
    out.push(e);
    onEvent?.(e);
  }
  return out;
}

const alphas = (events: SearchEvent[]) => events.filter((e): e is Alpha => e.type === 'alpha').map((e) => e.raw);

describe('search loop', () => {
  it('emits the event sequence and records the backend', async () => {
    const began = Date.now();
    const events = await collect(search(tinyConfig()));
    const ended = Date.now();
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('start');
    expect(types.filter((t) => t === 'step')).toHaveLength(4);
    expect(types.filter((t) => t === 'epoch')).toHaveLength(2);
    expect(types.at(-1)).toBe('done');
    // Steps and epochs carry the wall time they were recorded at, in order (Compare's time axes).
    const times = events.flatMap((e) => (e.type === 'step' || e.type === 'epoch' ? [e.time] : []));
    expect(times).toHaveLength(6);
    for (const [i, t] of times.entries()) {
      expect(t).toBeGreaterThanOrEqual(i ? times[i - 1]! : began);
      expect(t).toBeLessThanOrEqual(ended);
    }
    const start = events[0] as Extract<SearchEvent, { type: 'start' }>;
    expect(start.meta.backend).toMatchObject({ name: 'wasm', gpu: false });
    const done = events.at(-1) as Extract<SearchEvent, { type: 'done' }>;
    expect(done.genotype.normal).toHaveLength(8);
    expect(done.genotype.reduce).toHaveLength(8);
  });

  it('gives the same α trajectory for the same seed, and a different one for another seed', async () => {
    const a = alphas(await collect(search(tinyConfig())));
    const b = alphas(await collect(search(tinyConfig())));
    const c = alphas(await collect(search(tinyConfig({ seed: 6 }))));
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    // α actually moved away from its initialisation.
    expect(a[0].normal).not.toEqual(a[1].normal);
  });

  it('resumes from a checkpoint onto exactly the same trajectory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nas-ckpt-'));
    const config = tinyConfig({ budget: { epochs: 3, stepsPerEpoch: 2, evalBatches: 1 } });
    const straight = alphas(await collect(search(config)));
    const abort = new AbortController();
    const first = await collect(search(config, { signal: abort.signal, checkpointDir: dir }), (e) => {
      if (e.type === 'checkpoint' && e.epoch === 0) abort.abort();
    });
    expect(first.at(-1)?.type).toBe('cancelled');
    const resumed = await collect(search(config, { resumeFrom: dir, checkpointDir: dir }));
    expect((resumed[0] as Extract<SearchEvent, { type: 'start' }>).resumedFromEpoch).toBe(1);
    expect([...alphas(first), ...alphas(resumed)]).toEqual(straight);
  });

  it('keeps the tensor count flat across steps and epochs', async () => {
    const counts: number[] = [];
    const config = tinyConfig({ budget: { epochs: 3, stepsPerEpoch: 3, evalBatches: 2 }, strategy: { id: 'second-order', options: {} } });
    await collect(search(config), (e) => {
      if (e.type === 'step') counts.push(tf.memory().numTensors);
    });
    // Optimizer slots appear on the first step; from then on nothing may accumulate.
    expect(new Set(counts.slice(1)).size).toBe(1);
  });

  it('with activation checkpointing on, follows the same trajectory (2nd order), records it, and stays flat', async () => {
    const config = (checkpoint: 'on' | 'auto') => tinyConfig({ checkpoint, strategy: { id: 'second-order', options: {} } });
    const plain = await collect(search(config('auto')));
    const counts: number[] = [];
    const checkpointed = await collect(search(config('on')), (e) => {
      if (e.type === 'step') counts.push(tf.memory().numTensors);
    });
    const meta = (events: SearchEvent[]) => (events[0] as Extract<SearchEvent, { type: 'start' }>).meta;
    // 'auto' keeps a tiny network's activations.
    expect(meta(plain).checkpointing).toBe(false);
    expect(meta(checkpointed).checkpointing).toBe(true);
    const losses = (events: SearchEvent[]) => events.flatMap((e) => (e.type === 'step' ? [e.trainLoss, e.valLoss] : []));
    const [a, b] = [losses(plain), losses(checkpointed)];
    expect(b).toHaveLength(a.length);
    b.forEach((v, i) => expect(Math.abs(v - a[i])).toBeLessThan(1e-5 * Math.abs(a[i])));
    const [ra, rb] = [alphas(plain).at(-1), alphas(checkpointed).at(-1)];
    for (const group of Object.keys(ra ?? {})) {
      rb?.[group].flat().forEach((v, i) => expect(Math.abs(v - (ra?.[group].flat()[i] ?? NaN))).toBeLessThan(1e-6));
    }
    expect(new Set(counts.slice(1)).size).toBe(1);
  });

  it('refuses a checkpoint from a different configuration', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nas-ckpt-'));
    await collect(search(tinyConfig({ budget: { epochs: 1, stepsPerEpoch: 1, evalBatches: 1 } }), { checkpointDir: dir }));
    await expect(collect(search(tinyConfig({ seed: 9 }), { resumeFrom: dir }))).rejects.toThrow(/different configuration/);
  });
});
