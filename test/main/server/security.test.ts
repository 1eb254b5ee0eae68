import { get } from 'node:http';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MAX_REQUEST_BYTES } from '../../../src/shared/api';
import { accessPolicy, isLoopback } from '../../../src/main/server/access';
import { resolveInside } from '../../../src/main/server/static-files';
import { client, handshake, serve } from './fixtures';

/** A GET with headers fetch() will not send (Host), answering the status. */
const rawGet = (url: string, headers: Record<string, string>) =>
  new Promise<number>((resolve, reject) => get(url, { headers }, (res) => resolve(res.resume().statusCode ?? 0)).on('error', reject));

/** The next frame a raw socket receives, parsed. */
const nextFrame = (ws: WebSocket) => new Promise<Record<string, unknown>>((resolve) => ws.once('message', (d) => resolve(JSON.parse(String(d)) as Record<string, unknown>)));

describe('who may reach the browser host', () => {
  it('tells loopback addresses from the rest', () => {
    for (const h of ['127.0.0.1', '127.3.4.5', '::1', '[::1]', 'localhost']) expect(isLoopback(h)).toBe(true);
    for (const h of ['0.0.0.0', '::', '192.168.1.20', 'example.com', '128.0.0.1']) expect(isLoopback(h)).toBe(false);
  });

  it('needs no token on loopback, and always one elsewhere', () => {
    expect(accessPolicy('127.0.0.1', 8787, null)).toMatchObject({ token: null });
    expect(accessPolicy('127.0.0.1', 8787, null).allowedHosts).toEqual(new Set(['localhost:8787', '127.0.0.1:8787', '[::1]:8787']));
    const open = accessPolicy('0.0.0.0', 8787, null);
    expect(open.token).toMatch(/^[\w-]{32}$/);
    expect(open.allowedHosts).toBeNull();
    expect(accessPolicy('0.0.0.0', 8787, 'my-own-token-123456').token).toBe('my-own-token-123456');
  });

  it('never serves a file outside the renderer folder', () => {
    const root = '/srv/renderer';
    expect(resolveInside(root, '/assets/index.js')).toBe('/srv/renderer/assets/index.js');
    for (const bad of ['/../secret', '/..%2f..%2fetc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/a/../../b', '/x%00.js', '/%E0%A4%A']) {
      const resolved = resolveInside(root, bad);
      expect(resolved === null || resolved.startsWith('/srv/renderer/')).toBe(true);
    }
    expect(resolveInside(root, '/%E0%A4%A')).toBeNull();
  });

  it('refuses a wrong token, a foreign origin and a foreign Host, and keeps serving', async () => {
    const s = await serve({ token: 'secret-token-for-tests-0001' });
    const url = s.wsUrl;
    expect(await handshake(url)).toMatchObject({ opened: false, status: 401 });
    expect(await handshake(`${url}?token=wrong-token-for-tests-0001`)).toMatchObject({ opened: false, status: 401 });
    expect(await handshake(`${url}?token=secret-token-for-tests-0001`, { origin: 'http://evil.example' })).toMatchObject({ opened: false, status: 403 });
    expect(await handshake(`${url}?token=secret-token-for-tests-0001`, { host: 'rebound.example:80' })).toMatchObject({ opened: false, status: 403 });
    expect(await handshake(`${url.replace('/api/ws', '/elsewhere')}?token=secret-token-for-tests-0001`)).toMatchObject({ opened: false, status: 404 });
    // The page itself: refused without the token, served with it (and the token becomes a cookie).
    expect((await fetch(`${s.httpUrl}/`)).status).toBe(401);
    const page = await fetch(`${s.httpUrl}/?token=secret-token-for-tests-0001`);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/NAS Studio/);
    const cookie = page.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect((await fetch(`${s.httpUrl}/runs`, { headers: { cookie: cookie.split(';')[0] } })).status).toBe(200);
    expect((await fetch(`${s.httpUrl}/?token=secret-token-for-tests-0001`, { method: 'POST' })).status).toBe(405);
    // Its own page's origin with the token works, through the cookie as well as the query.
    const origin = s.httpUrl;
    expect(await handshake(`${url}?token=secret-token-for-tests-0001`, { origin })).toMatchObject({ opened: true });
    expect(await handshake(url, { origin, cookie: cookie.split(';')[0] })).toMatchObject({ opened: true });
    const { api } = await client(`${url}?token=secret-token-for-tests-0001`, { origin });
    expect((await api.call('hostInfo')).transport).toBe('websocket');
  });

  it('refuses a page from another origin on loopback too, and a rebinding Host', async () => {
    const s = await serve();
    expect(await handshake(s.wsUrl, { origin: 'http://localhost:1234' })).toMatchObject({ opened: false, status: 403 });
    expect(await handshake(s.wsUrl, { origin: s.httpUrl })).toMatchObject({ opened: true });
    expect(await rawGet(`${s.httpUrl}/`, { host: 'attacker.example' })).toBe(403);
    expect(await rawGet(`${s.httpUrl}/`, { host: `localhost:${s.server.port}` })).toBe(200);
    expect((await fetch(`${s.httpUrl}/`)).status).toBe(200);
    expect((await fetch(`${s.httpUrl}/some/route`)).status).toBe(200); // client-side routes get index.html
    expect((await fetch(`${s.httpUrl}/missing.js`)).status).toBe(404);
    expect((await fetch(`${s.httpUrl}/..%2f..%2fnas-studio.db`)).status).not.toBe(200);
  });

  it('answers malformed and invalid frames with errors and stays open; closes on an oversized one', async () => {
    const s = await serve();
    const opened = await handshake(s.wsUrl);
    if (!opened.opened) throw new Error('handshake failed');
    const ws = opened.ws;

    let reply = nextFrame(ws);
    ws.send('{not json');
    expect(await reply).toMatchObject({ type: 'error', id: null, error: { code: 'invalid-input', message: expect.stringMatching(/malformed/) } });

    reply = nextFrame(ws);
    ws.send(JSON.stringify({ id: 'seven', method: 'hostInfo' }));
    expect(await reply).toMatchObject({ type: 'error', id: null, error: { code: 'invalid-input', issues: [{ path: ['id'] }] } });

    reply = nextFrame(ws);
    ws.send(JSON.stringify({ id: 3, method: 'dropDatabase' }));
    expect(await reply).toMatchObject({ type: 'error', id: 3, error: { code: 'not-found' } });

    reply = nextFrame(ws);
    ws.send(JSON.stringify({ id: 4, method: 'listRuns', params: { limit: 'all', evil: true } }));
    const invalid = await reply;
    expect(invalid).toMatchObject({ type: 'error', id: 4, error: { code: 'invalid-input' } });
    expect((invalid.error as { issues: Array<{ path: unknown[] }> }).issues.map((i) => i.path)).toEqual(expect.arrayContaining([['limit'], []]));

    reply = nextFrame(ws);
    ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect(await reply).toMatchObject({ type: 'error', id: null, error: { code: 'invalid-input' } });

    reply = nextFrame(ws);
    ws.send(JSON.stringify({ id: 5, method: 'hostInfo' }));
    expect(await reply).toMatchObject({ type: 'result', id: 5, result: { transport: 'websocket' } });

    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send(JSON.stringify({ id: 6, method: 'validateConfig', params: { config: { name: 'x'.repeat(MAX_REQUEST_BYTES) } } }));
    expect(await closed).toBe(1009);

    // The server goes on serving new connections.
    const { api } = await client(s.wsUrl);
    expect((await api.call('listRuns')).total).toBe(0);
  });
});
