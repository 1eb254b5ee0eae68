import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { apiParams, type ApiMethod } from '../../../src/shared/api';
import { parseSearchConfig } from '../../../src/shared/config';
import { TINY_SEARCH } from '../../helpers/tiny-search';
import { client, handshake, serve } from './fixtures';
import { prng } from './prng';

const MESSAGES = 6000;
// Methods that start work in a worker once given a valid config: their fuzzed configs always name an unknown dataset.
const STARTS_WORK = new Set<ApiMethod>(['startRun', 'startRetrain', 'estimateRun', 'exportRun', 'saveTemplate']);

describe('WebSocket fuzz of every API method', () => {
  it(`answers each of ${MESSAGES} fuzzed calls with a result or a structured error, never an internal one, and keeps serving`, async () => {
    const s = await serve();
    const existing = s.host.store.createRun({ config: parseSearchConfig(TINY_SEARCH) }).id;
    const opened = await handshake(s.wsUrl);
    if (!opened.opened) throw new Error('handshake failed');
    const ws: WebSocket = opened.ws;

    const rnd = prng(1414);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
    const scalars: unknown[] = [
      null, true, false, 0, -1, 1.5, 2 ** 53, -(2 ** 31), 1e308, '', 'x', 'é✓', 'a'.repeat(300), '../../etc/passwd', '\u0000', '%', '$(rm -rf /)',
      existing, existing.toUpperCase(), crypto.randomUUID(), 'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz', 'json', 'python', 'step.trainLoss', 'epoch.valAcc', 'running', 'tfjs', 'darts',
    ];
    const keys = ['id', 'ids', 'runIds', 'config', 'name', 'tags', 'notes', 'limit', 'offset', 'epoch', 'format', 'formats', 'metric', 'points', 'status', 'content', 'asCopy', 'fromRun', 'cloneOf', 'artifactId', '__proto__', 'constructor', 'prototype', 'sort', 'order', 'text'];
    const value = (depth: number): unknown => {
      const r = rnd();
      if (depth > 3 || r < 0.55) return pick(scalars);
      if (r < 0.75) return Array.from({ length: Math.floor(rnd() * 4) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(rnd() * 4) }, () => [pick(keys), value(depth + 1)]));
    };
    const methods = [...Object.keys(apiParams), 'dropDatabase', '__proto__', 'constructor', 'toString'] as ApiMethod[];
    /** Params near the method's own shape (its keys, with fuzzed values), or anything at all. */
    const params = (method: ApiMethod): unknown => {
      const shape = (apiParams as Record<string, { shape?: Record<string, unknown> }>)[method]?.shape;
      const p: Record<string, unknown> = rnd() < 0.7 && shape ? Object.fromEntries(Object.keys(shape).filter(() => rnd() < 0.8).map((k) => [k, k === 'id' && rnd() < 0.5 ? existing : value(1)])) : (value(0) as Record<string, unknown>);
      if (STARTS_WORK.has(method) && p && typeof p === 'object') p.config = { ...(typeof p.config === 'object' && p.config ? p.config : {}), data: { dataset: 'fuzz-unknown' } };
      if (method === 'exportRun' && p && typeof p === 'object') p.formats = ['no-such-format'];
      if (method === 'deleteRun' && p && typeof p === 'object' && p.id === existing) p.id = crypto.randomUUID();
      return p;
    };

    const pending = new Map<number, string>();
    const codes = new Map<string, number>();
    const internal: string[] = [];
    let answered = 0;
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { type: string; id: number | null; error?: { code: string; message: string } };
      if (frame.type === 'updates') return;
      if (frame.id === null || !pending.has(frame.id)) throw new Error(`unexpected answer ${String(data).slice(0, 200)}`);
      const code = frame.type === 'result' ? 'ok' : frame.error!.code;
      if (code === 'internal') internal.push(`${pending.get(frame.id)} → ${frame.error!.message}`);
      codes.set(code, (codes.get(code) ?? 0) + 1);
      pending.delete(frame.id);
      answered++;
    });
    for (let id = 1; id <= MESSAGES; id++) {
      const method = pick(methods);
      const frame = rnd() < 0.05 ? { id, method, params: value(0), extra: 1 } : { id, method, params: params(method) };
      const text = JSON.stringify(frame);
      pending.set(id, text.slice(0, 300));
      ws.send(text);
      // A window of outstanding calls, so the socket's buffers stay small.
      while (pending.size > 64) await new Promise((r) => setTimeout(r, 1));
    }
    const end = Date.now() + 60_000;
    while (pending.size && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    expect([...pending.values()]).toEqual([]);
    expect(answered).toBe(MESSAGES);
    expect(internal).toEqual([]);
    expect(codes.get('invalid-input') ?? 0).toBeGreaterThan(0);
    expect(codes.get('ok') ?? 0).toBeGreaterThan(0);

    // Still serving, and nothing it must not do was done: the seeded run is intact, no run started.
    const { api } = await client(s.wsUrl);
    expect((await api.call('getRun', { id: existing })).status).toBe('queued');
    expect((await api.call('listRuns')).runs.every((r) => r.status === 'queued' || r.id === existing)).toBe(true);
  }, 180_000);
});
