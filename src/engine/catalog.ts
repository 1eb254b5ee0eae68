import type { z } from 'zod';
import { datasets } from './data';
import { deriveRules } from './derive';
import { regularizers } from './regularizers';
import { schedules } from './schedules';
import { searchSpaces } from './spaces';
import { strategies } from './strategies';
import { relaxations } from './supernet';

/** What every registry entry tells a front end: enough to list it and render its options. */
export interface Describable {
  id: string;
  title: string;
  paper?: string;
  description?: string;
  optionsSchema?: z.ZodType;
}

const list = (entries: Iterable<Describable>): Describable[] =>
  [...entries].map(({ id, title, paper, description, optionsSchema }) => ({ id, title, paper, description, optionsSchema }));

/**
 * Every plug-in registry, keyed by the kind of choice it offers. A new registry is one line here;
 * a new entry in an existing registry needs nothing.
 */
export function engineCatalog(): Record<string, Describable[]> {
  return {
    dataset: list(Object.values(datasets)),
    space: list(searchSpaces.values()),
    relaxation: list(relaxations.values()),
    strategy: list(strategies.values()),
    schedule: list(schedules.values()),
    derivation: list(deriveRules),
    regularizer: list(regularizers.values()),
  };
}
