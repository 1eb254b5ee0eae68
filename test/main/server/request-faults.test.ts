import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSearchConfig } from '../../../src/shared/config';
import { TINY_SEARCH } from '../../helpers/tiny-search';
import { client, handshake, rawRequest, serve } from './fixtures';

const TOKEN = 'secret-token-for-tests-0001';

describe('every HTTP request ends in an answer, and only files really inside their folder are served', () => {
  it('answers file-as-folder, overlong and non-uuid download paths with 4xx, and keeps serving', async () => {
    const s = await serve();
    const at = (path: string) => rawRequest(s.server.port, { path });
    expect(await at('/index.html/x')).toBe(200); // ENOTDIR: a client-side route, so index.html
    expect(await at('/index.html/x.js')).toBe(404);
    expect(await at(`/${'a'.repeat(300)}.js`)).toBe(404); // ENAMETOOLONG
    expect(await at(`/${'a/'.repeat(2000)}x.js`)).toBe(404);
    const notUuid = 'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz';
    expect(await at(`/download/runs/${notUuid}/artifacts/1`)).toBe(404);
    expect(await at(`/download/runs/${'-'.repeat(36)}/run.nasrun`)).toBe(404);
    expect(await at(`/download/runs/${crypto.randomUUID()}/run.nasrun`)).toBe(404);
    expect(await at('/download/elsewhere')).toBe(404);
    expect(await at('////x')).toBe(200); // a path, not a host: the client-side route gets index.html
    expect(await at('////%FF')).toBe(400);
    expect(await at('*')).toBe(400);
    expect(await rawRequest(s.server.port, { method: 'CONNECT', path: '/' })).toBe(405);
    expect(await at('/')).toBe(200);
    const run = s.host.store.createRun({ config: parseSearchConfig(TINY_SEARCH) });
    const file = await fetch(`${s.httpUrl}/download/runs/${run.id}/run.nasrun`);
    expect(file.status).toBe(200);
    expect(JSON.parse((await file.text()).split('\n')[0])).toMatchObject({ format: 'nas-studio-run', runId: run.id });
    const { api } = await client(s.wsUrl);
    expect((await api.call('hostInfo')).transport).toBe('websocket');
  });

  it('refuses a cookie that is not valid percent-encoding with 401, over HTTP and the WebSocket handshake', async () => {
    const s = await serve({ token: TOKEN });
    for (const cookie of ['nas_studio_token=%', 'nas_studio_token=%E0%A4%A', `nas_studio_token=${TOKEN}%`]) {
      expect(await rawRequest(s.server.port, { path: '/', headers: { cookie } })).toBe(401);
      expect(await handshake(s.wsUrl, { cookie })).toMatchObject({ opened: false, status: 401 });
    }
    expect(await rawRequest(s.server.port, { path: '/', headers: { cookie: `nas_studio_token=${TOKEN}` } })).toBe(200);
  });

  it('does not follow a symbolic link out of the renderer folder or out of a run folder', async () => {
    const s = await serve();
    const secret = join(s.dir, 'secret.txt');
    writeFileSync(secret, 'not for the browser');
    const rendererDir = join(s.dir, 'renderer');
    symlinkSync(secret, join(rendererDir, 'leak.js'));
    symlinkSync(s.dir, join(rendererDir, 'up'));
    writeFileSync(join(rendererDir, 'app.js'), 'console.log(1)');
    symlinkSync(join(rendererDir, 'app.js'), join(rendererDir, 'alias.js'));
    expect(await rawRequest(s.server.port, { path: '/leak.js' })).toBe(404);
    expect(await rawRequest(s.server.port, { path: '/up/secret.txt' })).toBe(404);
    expect(await rawRequest(s.server.port, { path: '/app.js' })).toBe(200);
    expect(await rawRequest(s.server.port, { path: '/alias.js' })).toBe(200); // a link that stays inside is fine

    const run = s.host.store.createRun({ config: parseSearchConfig(TINY_SEARCH) });
    const runDir = s.host.store.runDir(run.id);
    mkdirSync(join(runDir, 'export'), { recursive: true });
    symlinkSync(secret, join(runDir, 'export', 'model.json'));
    const linked = s.host.store.addArtifact(run.id, { kind: 'tfjs', path: join(runDir, 'export', 'model.json') });
    writeFileSync(join(runDir, 'export', 'genotype.json'), '{}');
    const real = s.host.store.addArtifact(run.id, { kind: 'genotype', path: join(runDir, 'export', 'genotype.json') });
    expect(await rawRequest(s.server.port, { path: `/download/runs/${run.id}/artifacts/${linked.id}` })).toBe(404);
    expect(await rawRequest(s.server.port, { path: `/download/runs/${run.id}/artifacts/${real.id}` })).toBe(200);
  });
});
