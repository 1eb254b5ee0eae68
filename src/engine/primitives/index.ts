import { allegroDilConv3, allegroDilConv5, allegroSepConv3, allegroSepConv5 } from './allegro';
import { dilConv3, dilConv5 } from './dil_conv';
import { avgPool, maxPool } from './pooling';
import { sepConv3, sepConv5 } from './sep_conv';
import { none, skipConnect } from './skip';
import type { Primitive } from './types';

export type { Primitive, PrimitiveOptions } from './types';
export { ALLEGRO_DEFAULTS } from './allegro-defaults';

/** Every candidate operation by id. A new primitive is one module plus one line here. */
export const primitives: ReadonlyMap<string, Primitive> = new Map(
  [none, maxPool, avgPool, skipConnect, sepConv3, sepConv5, dilConv3, dilConv5, allegroSepConv3, allegroSepConv5, allegroDilConv3, allegroDilConv5].map((p) => [p.id, p]),
);

export function getPrimitive(id: string): Primitive {
  const p = primitives.get(id);
  if (!p) throw new Error(`unknown primitive '${id}' (known: ${[...primitives.keys()].join(', ')})`);
  return p;
}
