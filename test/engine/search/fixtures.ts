import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import { runSearch } from '../../../src/engine/search';
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
