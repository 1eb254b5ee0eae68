import { z } from 'zod';
import type { ApiErrorShape } from './errors';
import type { RunUpdate } from './updates';

// Frames of the browser host's WebSocket. A request names a method and its params (checked by the
// method's own schema after this envelope); the host answers each id once and pushes run updates
// in batches.

export const requestFrameSchema = z.strictObject({
  id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  method: z.string().min(1).max(64),
  params: z.unknown().optional(),
});
export type RequestFrame = z.infer<typeof requestFrameSchema>;

export type ResponseFrame = { type: 'result'; id: number; result: unknown } | { type: 'error'; id: number | null; error: ApiErrorShape };

/** Run updates since the last batch; `skipped` counts step events left out for a slow client. */
export interface UpdatesFrame {
  type: 'updates';
  updates: RunUpdate[];
  skipped: number;
}

export type ServerFrame = ResponseFrame | UpdatesFrame;

/** Largest request frame the host accepts, in bytes. */
export const MAX_REQUEST_BYTES = 1 << 20;

/** The cookie and query parameter carrying the host's access token. */
export const TOKEN_PARAM = 'token';
export const WS_PATH = '/api/ws';

/** Where the browser host serves a run's artifact (an export's file). */
export const artifactDownloadPath = (runId: string, artifactId: number) => `/download/runs/${runId}/artifacts/${artifactId}`;
