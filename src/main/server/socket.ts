import { randomUUID } from 'node:crypto';
import type { RawData, WebSocket } from 'ws';
import { ApiError, requestFrameSchema, type ServerFrame } from '../../shared/api';
import { toApiError, UpdateFeed, type ApiService } from '../api';

/** Bytes waiting in a socket's send buffer past which a client counts as slow. */
const CONGESTED_BYTES = 1 << 20;

/**
 * One browser connection: requests answered in any order (each by its id), run updates pushed
 * through an UpdateFeed. A malformed frame gets an error answer and the connection stays open;
 * an oversized one is closed by ws (1009) before it reaches here. The connection is one API client:
 * what it holds (its calibration) is cancelled when it closes.
 */
export function serveSocket(ws: WebSocket, service: ApiService): void {
  const caller = { client: `ws:${randomUUID()}` };
  const send = (frame: ServerFrame) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  };
  const feed = new UpdateFeed({ send, congested: () => ws.bufferedAmount > CONGESTED_BYTES });
  const unsubscribe = service.onUpdate((u) => feed.push(u));
  ws.on('close', () => {
    unsubscribe();
    feed.close();
    service.disconnect(caller.client);
  });
  ws.on('error', () => ws.terminate());
  ws.on('message', (data: RawData, isBinary: boolean) => {
    let frame: unknown;
    try {
      if (isBinary) throw new Error('binary frames are not part of the API');
      frame = JSON.parse(data.toString());
    } catch (e) {
      return send({ type: 'error', id: null, error: new ApiError('invalid-input', `malformed message: ${(e as Error).message}`).toJSON() });
    }
    const parsed = requestFrameSchema.safeParse(frame);
    if (!parsed.success) {
      const id = typeof (frame as { id?: unknown })?.id === 'number' ? (frame as { id: number }).id : null;
      return send({ type: 'error', id, error: toApiError(parsed.error, []).toJSON() });
    }
    const { id, method, params } = parsed.data;
    service.call(method, params, caller).then(
      (result) => send({ type: 'result', id, result }),
      (e: unknown) => send({ type: 'error', id, error: toApiError(e).toJSON() }),
    );
  });
}
