// The messages between the run manager and a worker process. Both directions cross a process
// boundary, so both are parsed with zod before use.
import { z } from 'zod';
import type { SearchEvent } from '../../shared/search-events';
import { searchEventSchema } from '../../shared/search-events-schema';

export const toWorkerSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('start'),
    runId: z.string().min(1),
    // Checked by parseSearchConfig in the worker, which owns the defaults.
    config: z.unknown(),
    checkpointDir: z.string().min(1),
    resumeFrom: z.string().min(1).optional(),
  }),
  z.object({ type: z.literal('pause') }),
  z.object({ type: z.literal('resume') }),
  z.object({ type: z.literal('cancel') }),
]);
export type ToWorker = z.input<typeof toWorkerSchema>;

// Even events from our own worker are checked in full: the store and every client downstream rely
// on their shape, and a drifting worker is stopped rather than recorded.
const fromWorkerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('event'), event: searchEventSchema }),
  z.object({ type: z.literal('error'), message: z.string() }),
]);
export type FromWorker = { type: 'event'; event: SearchEvent } | { type: 'error'; message: string };

export function parseFromWorker(raw: unknown): FromWorker {
  return fromWorkerSchema.parse(raw);
}
