import { augment } from './augment';
import { auxiliaryTower } from './auxiliary_tower';
import { dropPath } from './drop_path';
import { skipDropout } from './skip_dropout';
import type { RegularizerEntry } from './types';
import { zeroOne } from './zero_one';

export type { Regularizer, RegularizerEntry } from './types';

/** Every search-time regularizer by id. A new one is one module plus one line here. */
export const regularizers: ReadonlyMap<string, RegularizerEntry> = new Map([zeroOne, skipDropout, augment, dropPath, auxiliaryTower].map((r) => [r.id, r]));

export function getRegularizer(id: string): RegularizerEntry {
  const r = regularizers.get(id);
  if (!r) throw new Error(`unknown regularizer '${id}' (known: ${[...regularizers.keys()].join(', ')})`);
  return r;
}
