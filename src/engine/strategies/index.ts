import { firstOrder } from './first_order';
import { secondOrder } from './second_order';
import type { StrategyEntry } from './types';

export type { Strategy, StrategyEntry, ArchStepInput, ArchGradients, Batch } from './types';

/** Every α-gradient strategy by id. A new strategy is one module plus one line here. */
export const strategies: ReadonlyMap<string, StrategyEntry> = new Map([firstOrder, secondOrder].map((s) => [s.id, s]));

export function getStrategy(id: string): StrategyEntry {
  const s = strategies.get(id);
  if (!s) throw new Error(`unknown strategy '${id}' (known: ${[...strategies.keys()].join(', ')})`);
  return s;
}
