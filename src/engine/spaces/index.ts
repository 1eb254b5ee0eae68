import { dartsSpace } from './darts';
import type { SearchSpace } from './types';

export type { SearchSpace, CellEdge } from './types';
export { reductionsAtThirds } from './edges';

/** Every search space by id. A new space is one data module plus one line here. */
export const searchSpaces: ReadonlyMap<string, SearchSpace> = new Map([dartsSpace].map((s) => [s.id, s]));

export function getSearchSpace(id: string): SearchSpace {
  const s = searchSpaces.get(id);
  if (!s) throw new Error(`unknown search space '${id}' (known: ${[...searchSpaces.keys()].join(', ')})`);
  return s;
}
