import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { ApiError, MAX_REQUEST_BYTES, TOKEN_PARAM, WS_PATH, type ApiErrorCode } from '../../shared/api';
import { toApiError, type ApiService } from '../api';
import type { RunStore } from '../store';
import { accessPolicy, checkHost, checkOrigin, checkToken, TOKEN_COOKIE, type AccessCheck } from './access';
import { serveDownload } from './downloads';
import { plain, serveRenderer } from './static-files';
import { serveSocket } from './socket';

export { isLoopback } from './access';

const HTTP_STATUS: Record<ApiErrorCode, number> = {
  'invalid-input': 400,
  unauthorized: 401,
  'not-found': 404,
  conflict: 409,
  'too-large': 413,
  cancelled: 409,
  unavailable: 503,
  internal: 500,
};

const REASONS: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 409: 'Conflict', 413: 'Payload Too Large', 500: 'Internal Server Error', 503: 'Service Unavailable' };

/** A failure as an HTTP status and a one-line message (the API's error mapping, so both transports agree). */
function failure(e: unknown): { status: number; message: string } {
  const error = toApiError(e, []);
  return { status: HTTP_STATUS[error.code], message: error.message.split('\n')[0].slice(0, 300) };
}

/** The request's path and query. Only origin-form targets ("/path?query"): "//x" stays a path, never a host. */
function parse(req: IncomingMessage): URL {
  const target = req.url ?? '';
  if (!target.startsWith('/')) throw new ApiError('invalid-input', 'bad request target');
  try {
    return new URL(`http://server.invalid${target}`);
  } catch {
    throw new ApiError('invalid-input', 'bad request target');
  }
}

function refuseUpgrade(socket: Socket, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${REASONS[status] ?? 'Error'}\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\n${reason}\n`);
}

export interface ServerOptions {
  service: ApiService;
  store: RunStore;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** Default 127.0.0.1. Any non-loopback address requires a token. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** A token to require; generated for non-loopback binds when absent. */
  token?: string | null;
}

export interface RunningServer {
  /** The address to open, with the token when one is required. */
  url: string;
  port: number;
  token: string | null;
  close(): Promise<void>;
}

// The page may connect only to itself; everything it needs is served from here.
const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

/**
 * `nas-studio serve`: the built UI over HTTP and the API over a WebSocket on one port. Every HTTP
 * request and WebSocket handshake passes the same checks: a Host header naming this server (on
 * loopback), the token (when required) and, for the socket, the page's origin.
 */
export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  const server: Server = createServer();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_REQUEST_BYTES });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const policy = accessPolicy(host, port, opts.token ?? null);
  const denied = (checks: AccessCheck[]) => checks.find((c): c is Extract<AccessCheck, { ok: false }> => !c.ok);

  const handleRequest = (req: IncomingMessage, res: ServerResponse) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    const url = parse(req);
    const refusal = denied([checkHost(policy, req), checkToken(policy, req, url)]);
    if (refusal) return plain(res, refusal.status, refusal.reason);
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'only GET: the API is on the WebSocket', { allow: 'GET, HEAD' });
    // A token that arrived in the URL becomes a cookie, so the page's own requests carry it.
    if (policy.token && url.searchParams.get(TOKEN_PARAM)) res.setHeader('set-cookie', `${TOKEN_COOKIE}=${policy.token}; HttpOnly; SameSite=Strict; Path=/`);
    if (serveDownload(opts.store, url.pathname, res)) return;
    serveRenderer(opts.rendererDir, url.pathname, res);
  };

  const handleUpgrade = (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const url = parse(req);
    const refusal = url.pathname !== WS_PATH ? { status: 404, reason: 'no WebSocket here' } : denied([checkHost(policy, req), checkToken(policy, req, url), checkOrigin(req)]);
    if (refusal) return refuseUpgrade(socket, refusal.status, refusal.reason);
    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => serveSocket(ws, opts.service));
  };

  // The one dispatcher: whatever a handler throws ends as an answer to that request, never as a crash of the host.
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    try {
      handleRequest(req, res);
    } catch (e) {
      const { status, message } = failure(e);
      if (res.headersSent) res.destroy();
      else plain(res, status, message);
    }
  });
  // Node hands CONNECT to its own event and, without a listener, drops the connection unanswered.
  server.on('connect', (_req: IncomingMessage, socket: Socket) => {
    socket.on('error', () => socket.destroy());
    refuseUpgrade(socket, 405, 'only GET: the API is on the WebSocket');
  });
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    try {
      handleUpgrade(req, socket, head);
    } catch (e) {
      const { status, message } = failure(e);
      refuseUpgrade(socket, status, message);
    }
  });

  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}/${policy.token ? `?${TOKEN_PARAM}=${policy.token}` : ''}`,
    port,
    token: policy.token,
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
