import { amended } from './amended';
import { asymptotic } from './asymptotic';
import { firstOrder } from './first_order';
import { mixedLevel, singleLevel } from './levels';
import { secondOrder } from './second_order';
import type { StrategyEntry } from './types';

export type { Strategy, StrategyEntry, ArchStepInput, ArchGradients, ArchModel, Batch } from './types';

/** Every α-gradient strategy by id. A new strategy is one module plus one line here. */
export const strategies: ReadonlyMap<string, StrategyEntry> = new Map(
  [firstOrder, secondOrder, amended, asymptotic, singleLevel, mixedLevel].map((s) => [s.id, s]),
);

export function getStrategy(id: string): StrategyEntry {
  const s = strategies.get(id);
  if (!s) throw new Error(`unknown strategy '${id}' (known: ${[...strategies.keys()].join(', ')})`);
  return s;
}
