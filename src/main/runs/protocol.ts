// The messages between the run manager and a worker process. Both directions cross a process
// boundary, so both are parsed with zod before use.
import { z } from 'zod';
import { retrainEventSchema } from '../../shared/retrain-events';
import { runEstimateSchema, type RunEvent } from '../../shared/runs';
import { searchEventSchema } from '../../shared/search-events-schema';

export type { RunEvent };

export const toWorkerSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('start'),
    runId: z.string().min(1),
    kind: z.enum(['search', 'retrain']),
    // Checked in the worker by the kind's own config schema, which owns the defaults.
    config: z.unknown(),
    checkpointDir: z.string().min(1),
    resumeFrom: z.string().min(1).optional(),
  }),
  // Measure one calibration step of a config, answer with 'estimate' and exit.
  z.object({ type: z.literal('estimate'), config: z.unknown() }),
  // Export a stored run (read from the database at dbPath) into dir, answer with 'exported' and exit.
  z.object({ type: z.literal('export'), dbPath: z.string().min(1), runId: z.string().min(1), formats: z.array(z.string().min(1)).min(1), dir: z.string().min(1) }),
  z.object({ type: z.literal('pause') }),
  z.object({ type: z.literal('resume') }),
  z.object({ type: z.literal('cancel') }),
]);
export type ToWorker = z.input<typeof toWorkerSchema>;

const exportedFile = z.object({ format: z.string(), kind: z.string(), path: z.string() });
export type ExportedFileMessage = z.output<typeof exportedFile>;

// Even events from our own worker are checked in full: the store and every client downstream rely
// on their shape, and a drifting worker is stopped rather than recorded.
const fromWorkerSchema = z.discriminatedUnion('type', [
  // A search's and a retraining's events share their type names; the start event's config tells them apart.
  z.object({ type: z.literal('event'), event: z.union([searchEventSchema, retrainEventSchema]) }),
  z.object({ type: z.literal('error'), message: z.string() }),
  // The worker holds at a step boundary after a 'pause'.
  z.object({ type: z.literal('paused') }),
  z.object({ type: z.literal('exported'), files: z.array(exportedFile) }),
  z.object({ type: z.literal('estimate'), result: runEstimateSchema }),
]);
export type FromWorker = z.output<typeof fromWorkerSchema>;

export function parseFromWorker(raw: unknown): FromWorker {
  return fromWorkerSchema.parse(raw);
}
