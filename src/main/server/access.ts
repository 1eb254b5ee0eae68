import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { TOKEN_PARAM } from '../../shared/api';

export const TOKEN_COOKIE = 'nas_studio_token';

/** A loopback bind address: only this machine's processes can connect. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || (isIP(h) === 4 && h.startsWith('127.'));
}

export const newToken = (): string => randomBytes(24).toString('base64url');

export interface AccessPolicy {
  /** Required on every request when set (always set for a non-loopback bind). */
  token: string | null;
  /** Host headers accepted (host:port forms); null accepts any (a token protects a non-loopback bind). */
  allowedHosts: Set<string> | null;
}

/**
 * Loopback binds accept only loopback Host headers: a web page on another origin could otherwise
 * reach 127.0.0.1 through DNS rebinding (its own name resolving to 127.0.0.1).
 */
export function accessPolicy(bindHost: string, port: number, token: string | null): AccessPolicy {
  if (!isLoopback(bindHost)) return { token: token ?? newToken(), allowedHosts: null };
  const names = new Set(['localhost', '127.0.0.1', '[::1]', bindHost.includes(':') && !bindHost.startsWith('[') ? `[${bindHost}]` : bindHost]);
  return { token, allowedHosts: new Set([...names].map((n) => `${n}:${port}`)) };
}

/** A cookie's value; one that is not valid percent-encoding is taken as it stands (it then matches no token). */
function cookie(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k !== name) continue;
    try {
      return decodeURIComponent(v.join('='));
    } catch {
      return v.join('=');
    }
  }
  return null;
}

const sameSecret = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** The token a request presents: query parameter, bearer header or cookie. */
export function presentedToken(req: IncomingMessage, url: URL): string | null {
  const auth = req.headers.authorization;
  return url.searchParams.get(TOKEN_PARAM) ?? (auth?.startsWith('Bearer ') ? auth.slice(7) : null) ?? cookie(req, TOKEN_COOKIE);
}

export type AccessCheck = { ok: true } | { ok: false; status: 401 | 403; reason: string };

export function checkHost(policy: AccessPolicy, req: IncomingMessage): AccessCheck {
  if (policy.allowedHosts && !policy.allowedHosts.has(req.headers.host ?? '')) return { ok: false, status: 403, reason: `host ${JSON.stringify(req.headers.host ?? '')} is not this server` };
  return { ok: true };
}

export function checkToken(policy: AccessPolicy, req: IncomingMessage, url: URL): AccessCheck {
  if (!policy.token) return { ok: true };
  const given = presentedToken(req, url);
  if (!given) return { ok: false, status: 401, reason: 'this server needs its access token (open the URL it printed)' };
  if (!sameSecret(given, policy.token)) return { ok: false, status: 401, reason: 'wrong access token' };
  return { ok: true };
}

/**
 * A WebSocket handshake from a browser carries the page's origin: it must be this server's own
 * page, or any web site the user visits could drive the API. Non-browser clients send none.
 */
export function checkOrigin(req: IncomingMessage): AccessCheck {
  const origin = req.headers.origin;
  if (origin === undefined) return { ok: true };
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return { ok: false, status: 403, reason: 'malformed origin' };
  }
  if ((parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.host === req.headers.host) return { ok: true };
  return { ok: false, status: 403, reason: `origin ${origin} is not this server's page` };
}
