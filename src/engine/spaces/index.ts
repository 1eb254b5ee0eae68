import { allegroSpace } from './allegro';
import { amendedS1Space, amendedS2Space } from './amended';
import { attDartsSpace } from './att-darts';
import { dartsSpace } from './darts';
import { fairDartsSpace } from './fair-darts';
import type { SearchSpace, SpaceEntry } from './types';

export type { SearchSpace, SpaceEntry, CellEdge } from './types';
export { allPreviousEdges, fixedChainEdges, reductionsAtThirds } from './edges';
export { DARTS_OPS } from './darts';
export { halve, inputSizeProblem, reducedSizes, type ImageSize } from './input-size';
export { FAIR_DARTS_OPS } from './fair-darts';

/** Every search space by id. A new space is one module plus one line here. */
export const searchSpaces: ReadonlyMap<string, SpaceEntry> = new Map([dartsSpace, allegroSpace, amendedS1Space, amendedS2Space, attDartsSpace, fairDartsSpace].map((s) => [s.id, s]));

export function getSpaceEntry(id: string): SpaceEntry {
  const s = searchSpaces.get(id);
  if (!s) throw new Error(`unknown search space '${id}' (known: ${[...searchSpaces.keys()].join(', ')})`);
  return s;
}

/** The space `id` built with `options` (validated, defaults filled by the entry's schema). */
export function getSearchSpace(id: string, options: unknown = {}): SearchSpace {
  return getSpaceEntry(id).create(options);
}
