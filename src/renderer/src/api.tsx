import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { ApiError, createApiClient, TOKEN_PARAM, WS_PATH, wsTransport, type ApiClient, type ApiTransport } from '../../shared/api';
import { errorMessage } from './lib/format';

// The renderer's one way to the back end: the Electron preload bridge when present, else the
// browser host's WebSocket on the page's own origin (passing on the page's access token).

export type Connection = { state: 'connecting' } | { state: 'ready'; client: ApiClient; transport: 'electron' | 'websocket' } | { state: 'failed'; message: string } | { state: 'closed'; message: string };

interface ConnectionContext {
  connection: Connection;
  reconnect: () => void;
}

const Ctx = createContext<ConnectionContext | null>(null);

export function socketUrl(loc: Pick<Location, 'protocol' | 'host' | 'search'>): string {
  const token = new URLSearchParams(loc.search).get(TOKEN_PARAM);
  const scheme = loc.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${loc.host}${WS_PATH}${token ? `?${TOKEN_PARAM}=${encodeURIComponent(token)}` : ''}`;
}

function watchClosed(client: ApiClient, onClosed: () => void): ApiClient {
  return {
    call: ((method: never, params?: never) =>
      (client.call as (m: string, p?: unknown) => Promise<unknown>)(method, params).catch((e: unknown) => {
        if (e instanceof ApiError && e.code === 'unavailable') onClosed();
        throw e;
      })) as ApiClient['call'],
    onUpdate: client.onUpdate,
  };
}

/** Provides the API; `transport` replaces the automatic choice (tests pass a fake). */
export function ApiProvider({ children, transport }: { children: ReactNode; transport?: ApiTransport }) {
  const [attempt, setAttempt] = useState(0);
  const [connection, setConnection] = useState<Connection>({ state: 'connecting' });

  useEffect(() => {
    const bridge = transport ?? window.nasStudio;
    if (bridge) {
      setConnection({ state: 'ready', client: createApiClient(bridge), transport: transport ? 'websocket' : 'electron' });
      return;
    }
    if (location.protocol !== 'http:' && location.protocol !== 'https:') {
      setConnection({ state: 'failed', message: 'This page was opened without a host: start it with `nas-studio serve` or the desktop app.' });
      return;
    }
    let live = true;
    setConnection({ state: 'connecting' });
    const ws = wsTransport(socketUrl(location));
    // A closed socket fails every call with `unavailable`: the shell then shows it and offers a retry.
    const client = watchClosed(createApiClient(ws), () => live && setConnection({ state: 'closed', message: 'The connection to the host was closed.' }));
    ws.ready.then(
      () => live && setConnection({ state: 'ready', client, transport: 'websocket' }),
      (e: unknown) => live && setConnection({ state: 'failed', message: errorMessage(e) }),
    );
    return () => {
      live = false;
      ws.close();
    };
  }, [attempt, transport]);

  const reconnect = useCallback(() => setAttempt((a) => a + 1), []);
  return <Ctx.Provider value={{ connection, reconnect }}>{children}</Ctx.Provider>;
}

export function useConnection(): ConnectionContext {
  const ctx = useContext(Ctx);
  if (!ctx) throw new Error('useConnection outside ApiProvider');
  return ctx;
}

/** The client while connected, else null: for parts that draw once the host answers (cell drawings). */
export function useApiWhenReady(): ApiClient | null {
  const { connection } = useConnection();
  return connection.state === 'ready' ? connection.client : null;
}

/** The client; only screens rendered once connected call this. */
export function useApi(): ApiClient {
  const { connection } = useConnection();
  if (connection.state !== 'ready') throw new Error('API used before the host connected');
  return connection.client;
}
