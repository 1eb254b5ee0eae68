// The messages between the run manager and a worker process. Both directions cross a process
// boundary, so both are parsed with zod before use.
import { z } from 'zod';
import type { SearchEvent, SearchEventType } from '../../shared/search-events';

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

const EVENT_TYPES = ['start', 'step', 'epoch', 'alpha', 'genotype', 'checkpoint', 'done', 'cancelled'] as const satisfies readonly SearchEventType[];

// The event body is the engine's own output, from our own worker code; the envelope and the event
// type are checked, the fields are trusted.
const fromWorkerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('event'), event: z.looseObject({ type: z.enum(EVENT_TYPES) }) }),
  z.object({ type: z.literal('error'), message: z.string() }),
]);
export type FromWorker = { type: 'event'; event: SearchEvent } | { type: 'error'; message: string };

export function parseFromWorker(raw: unknown): FromWorker {
  return fromWorkerSchema.parse(raw) as FromWorker;
}
