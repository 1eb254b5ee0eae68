import { z } from 'zod';
import type { SearchSpace, SpaceEntry } from './types';

/** Intermediate nodes per cell: every space has the option; all four papers use 4. */
export const nodesOption = z.number().int().min(1).max(8).default(4).meta({ title: 'Intermediate nodes per cell' }).describe('Intermediate nodes per cell (all four papers: 4)');

interface SpaceSpec<S extends z.ZodType> extends Omit<SpaceEntry, 'optionsSchema' | 'create'> {
  optionsSchema: S;
  create(options: z.output<S>): Omit<SearchSpace, 'id' | 'title' | 'paper'>;
}

/** Lets a space be written against its typed, defaulted options while the registry stays uniform. */
export function defineSpace<S extends z.ZodType>(spec: SpaceSpec<S>): SpaceEntry {
  const { id, title, paper } = spec;
  return { ...spec, create: (options) => ({ id, title, paper, ...spec.create(spec.optionsSchema.parse(options ?? {})) }) };
}
