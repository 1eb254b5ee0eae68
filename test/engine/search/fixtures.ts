import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import { runSearch, search } from '../../../src/engine/search';
import { parseSearchConfig, type SearchConfig, type SearchConfigInput } from '../../../src/shared/config';
import type { SearchEvent } from '../../../src/shared/search-events';
import { TINY_SEARCH } from '../../helpers/tiny-search';

export function tinyConfig(over: SearchConfigInput = {}): SearchConfig {
  return parseSearchConfig({ ...TINY_SEARCH, ...over });
}

/**
 * Runs a search (plain or progressive) to its end, keeping every event and the live tensor count
 * after each step; every step's training loss must be finite.
 */
export async function runCollecting(config: SearchConfig): Promise<{ events: SearchEvent[]; stepTensorCounts: number[] }> {
  const stepTensorCounts: number[] = [];
  const events: SearchEvent[] = [];
  for await (const e of runSearch(config)) {
    events.push(e);
    if (e.type === 'step') {
      stepTensorCounts.push(tf.memory().numTensors);
      expect(Number.isFinite(e.trainLoss)).toBe(true);
    }
  }
  return { events, stepTensorCounts };
}

async function collect(events: AsyncGenerator<SearchEvent>, onEvent?: (e: SearchEvent) => void): Promise<SearchEvent[]> {
  const out: SearchEvent[] = [];
  for await (const e of events) {
    out.push(e);
    onEvent?.(e);
  }
  return out;
}

/**
 * A plain search run straight through, and the same search stopped once epoch 0's checkpoint is
 * written then resumed from it: for exact-resume tests (interrupted + resumed should repeat straight).
 */
export async function straightAndResumed(config: SearchConfig): Promise<{ straight: SearchEvent[]; interrupted: SearchEvent[]; resumed: SearchEvent[] }> {
  const straight = await collect(search(config));
  const dir = await mkdtemp(join(tmpdir(), 'nas-resume-'));
  const abort = new AbortController();
  const interrupted = await collect(search(config, { signal: abort.signal, checkpointDir: dir }), (e) => {
    if (e.type === 'checkpoint' && e.epoch === 0) abort.abort();
  });
  const resumed = await collect(search(config, { resumeFrom: dir, checkpointDir: dir }));
  return { straight, interrupted, resumed };
}
