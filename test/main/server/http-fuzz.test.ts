import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSearchConfig } from '../../../src/shared/config';
import { TINY_SEARCH } from '../../helpers/tiny-search';
import { client, rawRequest, serve } from './fixtures';
import { prng } from './prng';

const TOKEN = 'secret-token-for-tests-0001';
const REQUESTS = 2400;

describe('HTTP fuzz of the browser host', () => {
  it(`answers each of ${REQUESTS} hostile requests and keeps serving`, async () => {
    const s = await serve({ token: TOKEN });
    const port = s.server.port;
    const run = s.host.store.createRun({ config: parseSearchConfig(TINY_SEARCH) });
    mkdirSync(join(s.host.store.runDir(run.id), 'export'), { recursive: true });
    writeFileSync(join(s.host.store.runDir(run.id), 'export', 'genotype.json'), '{}');
    const artifact = s.host.store.addArtifact(run.id, { kind: 'genotype', path: join(s.host.store.runDir(run.id), 'export', 'genotype.json') });

    const rnd = prng(14);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
    const segments = [
      '', '.', '..', '%2e%2e', '%2E%2e%2f', '..%2f', '..%5c', '%252e%252e', 'index.html', 'index.html%00.js', '%00', 'a%00b',
      '%', '%E0%A4%A', '%C0%AE%C0%AE', '%FF', 'x'.repeat(300), 'y'.repeat(5000), 'assets', 'app.js', '~', '$HOME', 'etc', 'passwd',
      'download', 'runs', run.id, run.id.toUpperCase(), 'z'.repeat(36), '-'.repeat(36), 'artifacts', String(artifact.id), '999999999999999',
      'run.nasrun', 'api', 'ws', '?token=x', `?token=${TOKEN}`, '#frag', ';', '\\', '//', '%5c..%5c', 'nas-studio.db', 'é', '%F0%9F%92%A9',
    ];
    const methods = ['GET', 'GET', 'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT', 'PATCH', 'BREW', 'get', 'G E T'];
    const hostHeaders = [`127.0.0.1:${port}`, `localhost:${port}`, 'evil.example', '', '[::1]', `127.0.0.1:${port}\u0000`, 'h'.repeat(4000)];
    const cookies = [`nas_studio_token=${TOKEN}`, 'nas_studio_token=%', 'nas_studio_token=%E0%A4%A', 'nas_studio_token=', '=', ';;;', `a=b; nas_studio_token=${encodeURIComponent(TOKEN)}`, 'nas_studio_token=' + '%'.repeat(2000)];
    const statuses = new Map<number, number>();
    const tried: string[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const depth = 1 + Math.floor(rnd() * 6);
      let path = `/${Array.from({ length: depth }, () => pick(segments)).join('/')}`;
      // Most requests pass the access checks, so the fuzz reaches the static files and downloads behind them.
      if (rnd() < 0.7) path += `?token=${rnd() < 0.85 ? TOKEN : pick(segments)}`;
      if (rnd() < 0.05) path = pick(['*', 'http://evil.example/', '', 'index.html', `http://127.0.0.1:${port}/`]);
      const headers: Record<string, string> = {};
      if (rnd() < 0.9) headers.host = rnd() < 0.7 ? hostHeaders[0] : pick(hostHeaders);
      if (rnd() < 0.5) headers.cookie = pick(cookies);
      if (rnd() < 0.3) headers.authorization = pick([`Bearer ${TOKEN}`, 'Bearer ', 'Bearer %', 'Basic Zm9vOmJhcg==', 'Bearer ' + 'x'.repeat(3000)]);
      if (rnd() < 0.3) headers.origin = pick(['http://evil.example', 'null', '%', `http://127.0.0.1:${port}`, '']);
      if (rnd() < 0.1) headers['content-length'] = pick(['0', '-1', 'abc', '99999999999']);
      const method = pick(methods);
      const status = await rawRequest(port, { method, path, headers });
      tried.push(`${method} ${path.slice(0, 80)}`);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      expect(status, `${method} ${path.slice(0, 200)} ${JSON.stringify(headers).slice(0, 200)}`).toBeGreaterThanOrEqual(200);
    }
    expect(tried).toHaveLength(REQUESTS);
    // The fuzz reached the handlers, not only the parser's and the access checks' refusals.
    for (const status of [200, 400, 401, 403, 404, 405]) expect(statuses.get(status) ?? 0, `status ${status}`).toBeGreaterThan(0);
    expect(statuses.get(500) ?? 0).toBe(0);

    // Still serving: the page, a download and the API.
    expect(await rawRequest(port, { path: `/?token=${TOKEN}` })).toBe(200);
    expect(await rawRequest(port, { path: `/download/runs/${run.id}/artifacts/${artifact.id}?token=${TOKEN}` })).toBe(200);
    const { api } = await client(`${s.wsUrl}?token=${TOKEN}`);
    expect((await api.call('getRun', { id: run.id })).id).toBe(run.id);
  }, 120_000);
});
