/**
 * Live-update latency (npm run bench:live): a real `nas-studio serve` host (SQLite file, forked
 * search worker, WebSocket server) runs a tiny search while WebSocket clients watch. For every
 * step event it measures the time from the run manager receiving it from the worker to each
 * client receiving it (the worker → manager hop is a local IPC pipe, not included). One client
 * is stalled (its socket stops reading) to show that a slow client neither blocks the engine
 * nor delays the others.
 *   npm run bench:live -- --clients 4 --steps 60
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { openHost } from '../src/main/host';
import { forkWorker } from '../src/main/runs';
import { startServer } from '../src/main/server';
import { createApiClient, wsTransport, WS_PATH, type RunUpdate, type WebSocketLike } from '../src/shared/api';
import { TINY_SEARCH } from '../test/helpers/tiny-search';

const { values } = parseArgs({ options: { clients: { type: 'string', default: '4' }, steps: { type: 'string', default: '60' } } });
const CLIENTS = Number(values.clients);
const STEPS = Number(values.steps);

const dir = mkdtempSync(join(tmpdir(), 'nas-bench-live-'));
mkdirSync(join(dir, 'renderer'));
writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html>');
const host = openHost({ dbPath: join(dir, 'db.sqlite'), spawn: forkWorker, transport: 'websocket' });
const server = await startServer({ service: host.service, store: host.store, rendererDir: join(dir, 'renderer'), port: 0 });
const url = `ws://127.0.0.1:${server.port}${WS_PATH}`;

const key = (u: RunUpdate) => ('event' in u && u.event.type === 'step' ? `${u.event.epoch}:${u.event.step}` : null);
const emitted = new Map<string, number>();
host.manager.subscribe((u) => {
  const k = key(u);
  if (k) emitted.set(k, performance.now());
});

const latencies: number[][] = [];
const sockets: WebSocket[] = [];
for (let c = 0; c < CLIENTS; c++) {
  const transport = wsTransport(url, (u) => {
    const ws = new WebSocket(u);
    sockets.push(ws);
    return ws as unknown as WebSocketLike;
  });
  await transport.ready;
  const mine: number[] = [];
  latencies.push(mine);
  createApiClient(transport).onUpdate((u) => {
    const k = key(u);
    const t = k ? emitted.get(k) : undefined;
    if (t !== undefined) mine.push(performance.now() - t);
  });
}
// A stalled client: connected and subscribed, but its socket never reads again.
const stalled = new WebSocket(url);
await new Promise((r) => stalled.once('open', r));
(stalled as unknown as { _socket: { pause(): void } })._socket.pause();

const api = createApiClient(wsTransport(url, (u) => new WebSocket(u) as unknown as WebSocketLike));
// Half the examples train w (batch 8), so STEPS steps need 16·STEPS of them.
const data = { ...TINY_SEARCH.data, options: { ...TINY_SEARCH.data.options, trainCount: 16 * STEPS } };
const { id } = await api.call('startRun', { config: { ...TINY_SEARCH, data, budget: { epochs: 1, stepsPerEpoch: STEPS, evalBatches: 1 } } });
const began = performance.now();
await new Promise<void>((resolve) => host.manager.subscribe((u) => 'status' in u && u.runId === id && (u.status === 'done' || u.status === 'failed') && resolve()));
const seconds = (performance.now() - began) / 1000;
await new Promise((r) => setTimeout(r, 300));

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const all = latencies.flat();
const row = (label: string, value: string) => console.log(`| ${label} | ${value} |`);
console.log(`machine: ${cpus().length}× ${cpus()[0]?.model ?? '?'}, node ${process.versions.node}; ${CLIENTS} clients + 1 stalled; ${STEPS} steps in ${seconds.toFixed(1)} s`);
console.log('| measurement | value |\n|---|---|');
row('step events received per client', latencies.map((l) => l.length).join(', '));
row('manager → client latency p50 / p95 / max', `${pct(all, 50).toFixed(1)} / ${pct(all, 95).toFixed(1)} / ${Math.max(...all).toFixed(1)} ms`);
row('search wall time with a stalled client attached', `${seconds.toFixed(1)} s for ${STEPS} steps`);

for (const ws of sockets) ws.terminate();
stalled.terminate();
await server.close();
await host.close();
rmSync(dir, { recursive: true, force: true });
process.exit(0);
