import { ApiError } from './errors';
import type { ApiTransport } from './client';
import type { RunUpdateListener } from './updates';
import type { RequestFrame, ServerFrame } from './wire';

/** The part of the WebSocket interface used here: the browser's, and the `ws` package's in tests. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

export interface WsTransport extends ApiTransport {
  /** Resolves once connected; rejects if the first connection fails. */
  readonly ready: Promise<void>;
  close(): void;
}

const OPEN = 1;

/**
 * The browser host's transport: one socket, requests matched to responses by id, run updates
 * fanned out to listeners. A closed socket fails the calls in flight with `unavailable`.
 */
export function wsTransport(url: string, create: (url: string) => WebSocketLike = (u) => new WebSocket(u) as unknown as WebSocketLike): WsTransport {
  const socket = create(url);
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  const listeners = new Set<RunUpdateListener>();
  let nextId = 1;
  let closedError: ApiError | null = null;

  const ready = new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve());
    socket.addEventListener('error', () => reject(new ApiError('unavailable', `cannot connect to ${url}`)));
  });
  socket.addEventListener('close', () => {
    closedError = new ApiError('unavailable', 'the connection to the NAS Studio host was closed');
    for (const p of pending.values()) p.reject(closedError.toJSON());
    pending.clear();
  });
  socket.addEventListener('message', ({ data }) => {
    let frame: ServerFrame;
    try {
      frame = JSON.parse(String(data)) as ServerFrame;
    } catch {
      return;
    }
    if (frame.type === 'updates') {
      for (const update of frame.updates) for (const listener of listeners) listener(update);
      return;
    }
    const p = frame.id === null ? undefined : pending.get(frame.id);
    if (!p) return;
    pending.delete(frame.id!);
    if (frame.type === 'result') p.resolve(frame.result);
    else p.reject(frame.error);
  });

  return {
    ready,
    async call(method, params) {
      await ready;
      if (closedError || socket.readyState !== OPEN) throw (closedError ?? new ApiError('unavailable', 'not connected')).toJSON();
      const id = nextId++;
      const frame: RequestFrame = { id, method, params };
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        socket.send(JSON.stringify(frame));
      });
    },
    onUpdate(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    close: () => socket.close(),
  };
}
