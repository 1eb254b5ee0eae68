import type { z } from 'zod';
import type { genotypeJsonSchema, runMetadataSchema, searchEventSchema } from './search-events-schema';

// Types of the engine's event stream; the definitions (with field docs) are the zod schemas in
// search-events-schema.ts.

/** A derived cell pair in the reference's JSON shape: [[op, input], …]. */
export type GenotypeJsonShape = z.output<typeof genotypeJsonSchema>;
export type RunMetadata = z.output<typeof runMetadataSchema>;
/** Everything a search emits, in order: start, then per step/epoch events, then done or cancelled. */
export type SearchEvent = z.output<typeof searchEventSchema>;
export type SearchEventType = SearchEvent['type'];
