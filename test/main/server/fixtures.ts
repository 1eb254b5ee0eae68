import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect } from 'vitest';
import WebSocket from 'ws';
import { ApiError, createApiClient, wsTransport, WS_PATH, type ApiClient, type RunUpdate, type WebSocketLike } from '../../../src/shared/api';
import { openHost, type Host } from '../../../src/main/host';
import { forkWorker } from '../../../src/main/runs';
import { startServer, type RunningServer, type ServerOptions } from '../../../src/main/server';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

export interface Served {
  host: Host;
  server: RunningServer;
  dir: string;
  /** ws://127.0.0.1:PORT/api/ws */
  wsUrl: string;
  httpUrl: string;
}

/** A real host (SQLite file, forked workers) behind a real server on a free loopback port. */
export async function serve(opts: Partial<Omit<ServerOptions, 'service' | 'store'>> = {}): Promise<Served> {
  const dir = mkdtempSync(join(tmpdir(), 'nas-serve-'));
  const rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>NAS Studio</title><div id="root"></div>');
  const host = openHost({ dbPath: join(dir, 'nas-studio.db'), spawn: forkWorker, transport: 'websocket' });
  const server = await startServer({ service: host.service, store: host.store, rendererDir, port: 0, ...opts });
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanups.push(() => host.close());
  cleanups.push(() => server.close());
  const hostPort = `${opts.host ?? '127.0.0.1'}:${server.port}`;
  return { host, server, dir, wsUrl: `ws://${hostPort}${WS_PATH}`, httpUrl: `http://${hostPort}` };
}

/** A client over the shared WebSocket transport (what the browser uses), with updates recorded. */
export async function client(url: string, headers: Record<string, string> = {}): Promise<{ api: ApiClient; updates: RunUpdate[]; close(): void }> {
  const transport = wsTransport(url, (u) => new WebSocket(u, { headers }) as unknown as WebSocketLike);
  await transport.ready;
  cleanups.push(() => transport.close());
  const api = createApiClient(transport);
  const updates: RunUpdate[] = [];
  api.onUpdate((u) => updates.push(u));
  return { api, updates, close: () => transport.close() };
}

/** The outcome of a raw handshake: opened, or refused with the HTTP status. */
export function handshake(url: string, headers: Record<string, string> = {}): Promise<{ opened: true; ws: WebSocket } | { opened: false; status: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => {
      cleanups.push(() => ws.terminate());
      resolve({ opened: true, ws });
    });
    ws.once('unexpected-response', (_req, res) => resolve({ opened: false, status: res.statusCode ?? 0 }));
    ws.once('error', () => undefined);
  });
}

export async function waitFor(check: () => boolean, ms = 90_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The call's rejection (it must reject with an ApiError). */
export async function rejection(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    return e as ApiError;
  }
  throw new Error('expected the call to fail');
}

/**
 * One HTTP request written byte for byte on a fresh loopback connection (any method, path or header,
 * even ones an HTTP client refuses to send); resolves the status the server answered, or 0 when it
 * closed without an answer.
 */
export function rawRequest(port: number, req: { method?: string; path: string; headers?: Record<string, string> }): Promise<number> {
  const headers = { host: `127.0.0.1:${port}`, connection: 'close', ...req.headers };
  const head = `${req.method ?? 'GET'} ${req.path} HTTP/1.1\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}\r\n`;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1', () => socket.write(Buffer.from(head, 'latin1')));
    socket.setTimeout(10_000, () => reject(new Error(`no answer to ${JSON.stringify(req)}`)));
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(Buffer.concat(chunks).toString('latin1'))?.[1] ?? 0)));
  });
}
