import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { openHost } from '../../../src/main/host';
import { forkWorker } from '../../../src/main/runs';
import { parseSearchConfig } from '../../../src/shared/config';
import { tinyRetrain } from '../../helpers/tiny-retrain';
import { TINY_SEARCH } from '../../helpers/tiny-search';
import { client, rejection, serve, waitFor } from './fixtures';

const tiny = (epochs = 2, stepsPerEpoch = 3) => ({ ...TINY_SEARCH, budget: { epochs, stepsPerEpoch, evalBatches: 1 } });

describe('the API over WebSocket (nas-studio serve)', () => {
  it('describes the host and the engine catalog, and checks configs field by field', async () => {
    const s = await serve();
    const { api } = await client(s.wsUrl);
    const info = await api.call('hostInfo');
    expect(info).toMatchObject({ transport: 'websocket', dbPath: s.host.store.path, product: { name: 'NAS Studio' } });

    const catalog = await api.call('catalog');
    expect(catalog.plugins.strategy.map((p) => p.id)).toEqual(expect.arrayContaining(['first-order', 'second-order']));
    expect(catalog.plugins.dataset.find((d) => d.id === 'synthetic')?.optionsSchema).toMatchObject({ type: 'object' });
    expect(catalog.configSchema).toMatchObject({ type: 'object', properties: { model: expect.anything(), budget: expect.anything() } });
    expect(catalog.presets.length).toBeGreaterThan(0);
    // The UI offers exports by what each needs (model formats only for a finished retraining).
    expect(catalog.exports).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'tfjs', needs: 'model' }), expect.objectContaining({ id: 'onnx', needs: 'model' }), expect.objectContaining({ id: 'genotype', needs: 'genotype' })]));

    const ok = await api.call('validateConfig', { config: tiny() });
    expect(ok).toMatchObject({ ok: true, config: { model: { channels: 2, layers: 3 }, budget: { epochs: 2 } } });
    expect(ok.ok && ok.spaceSize).toBeGreaterThan(1e17);
    const bad = await api.call('validateConfig', { config: { ...tiny(), model: { channels: -1 } } });
    // A sentence for the field, not zod's "Too small: expected number to be >=2".
    expect(bad).toMatchObject({ ok: false, issues: [{ path: ['model', 'channels'], message: 'Must be at least 2' }] });
    const unknownId = await api.call('validateConfig', { config: { ...tiny(), strategy: { id: 'no-such-strategy' } } });
    expect(unknownId).toMatchObject({ ok: false, issues: [{ path: ['strategy', 'id'], message: expect.stringMatching(/unknown strategy/) }] });

    // A run cannot start from an invalid config, and nothing is created.
    const refused = await rejection(api.call('startRun', { config: { ...tiny(), budget: { epochs: 0 } } }));
    expect(refused).toMatchObject({ code: 'invalid-input', issues: [{ path: ['config', 'budget', 'epochs'], message: 'Must be at least 1' }] });
    expect((await api.call('listRuns')).total).toBe(0);
    // Params are checked before any handler runs.
    expect(await rejection(api.call('getRun', { id: 'not-a-uuid' }))).toMatchObject({ code: 'invalid-input', issues: [{ path: ['id'] }] });
    expect(await rejection(api.call('getRun', { id: '00000000-0000-4000-8000-000000000000' }))).toMatchObject({ code: 'not-found' });
  });

  it('measures a calibration step in a worker', async () => {
    const s = await serve();
    const { api } = await client(s.wsUrl);
    const est = await api.call('estimateRun', { config: tiny() });
    expect(est.backend).toBe('wasm');
    expect(est.params).toBeGreaterThan(0);
    expect(est.peakBytes).toBeGreaterThan(0);
    expect(est.stepSeconds).toBeGreaterThan(0);
    expect(est.stepsPerEpoch).toBe(3);
    expect(est.epochSeconds).toBeCloseTo(est.stepSeconds * 3, 10);
  });

  it('starts, watches, pauses, resumes, queues, cancels, exports and deletes runs', async () => {
    const s = await serve();
    const { api, updates } = await client(s.wsUrl);
    const watcher = await client(s.wsUrl); // a second client sees the same live stream

    const { id } = await api.call('startRun', { config: tiny(3, 4), name: 'first', tags: ['api'] });
    const steps = (u: typeof updates, runId = id) => u.filter((x) => x.runId === runId && 'event' in x && x.event.type === 'step').length;
    await waitFor(() => steps(updates) >= 1);
    await api.call('pauseRun', { id });
    // The status turns 'paused' once the worker holds at a step boundary.
    await waitFor(() => updates.some((u) => u.runId === id && 'status' in u && u.status === 'paused'));
    expect((await api.call('getRun', { id })).status).toBe('paused');
    const held = steps(updates);
    await new Promise((r) => setTimeout(r, 1500));
    expect(steps(updates)).toBe(held);
    expect(held).toBeLessThan(12);
    expect((await api.call('resumeRun', { id })).status).toBe('running');

    // A second run waits in the queue (concurrency 1) and is cancelled there.
    const second = await api.call('startRun', { config: tiny(), name: 'second' });
    expect((await api.call('getRun', { id: second.id })).status).toBe('queued');
    expect(await rejection(api.call('deleteRun', { id: second.id }))).toMatchObject({ code: 'conflict' });
    expect((await api.call('cancelRun', second)).status).toBe('cancelled');

    await waitFor(() => {
      const status = updates.findLast((u) => u.runId === id && 'status' in u);
      if (status && 'status' in status && status.status === 'failed') throw new Error(`run failed: ${status.error}`);
      return status !== undefined && 'status' in status && status.status === 'done';
    });
    const run = await api.call('getRun', { id });
    // Live progress is for live runs; a finished one has its epochs in the store.
    expect(run).toMatchObject({ status: 'done', name: 'first', tags: ['api'], epochsDone: 3, progress: null });
    expect(updates.findLast((u) => u.runId === id && 'progress' in u && u.progress)).toMatchObject({ progress: { fraction: 1, etaSeconds: 0 } });
    expect(run.finalGenotype?.normal).toHaveLength(8);
    expect(steps(updates)).toBe(12);
    expect(steps(watcher.updates)).toBe(12);
    // Updates arrive batched, in order.
    const stepsSeen = updates.flatMap((u) => ('event' in u && u.event.type === 'step' ? [u.event.epoch * 4 + u.event.step] : []));
    expect(stepsSeen).toEqual([...Array(12).keys()]);

    const list = await api.call('listRuns', { sort: 'created', order: 'asc' });
    expect(list.runs.map((r) => [r.name, r.status])).toEqual([
      ['first', 'done'],
      ['second', 'cancelled'],
    ]);
    expect((await api.call('listRuns', { status: ['done'] })).total).toBe(1);
    const [series] = await api.call('metricSeries', { runIds: [id], metric: 'step.trainLoss', points: 100 });
    expect(series.x).toEqual([...Array(12).keys()]);
    expect((await api.call('metricSeries', { runIds: [id], metric: 'epoch.valAcc' }))[0].y).toHaveLength(3);
    const alphas = await api.call('alphaHistory', { id });
    expect(alphas.map((a) => a.epoch)).toEqual([0, 1, 2]);
    expect(alphas[0].weights.normal).toHaveLength(14);
    expect(Array.isArray(await api.call('runLog', { id }))).toBe(true);
    expect(Array.isArray(await api.call('diagnostics', { id }))).toBe(true);

    const renamed = await api.call('updateRun', { id, name: 'renamed', tags: ['a', 'b'], notes: 'kept' });
    expect(renamed).toMatchObject({ name: 'renamed', tags: ['a', 'b'] });
    expect((await api.call('getRun', { id })).notes).toBe('kept');

    const json = await api.call('exportGenotype', { id, format: 'json' });
    expect(JSON.parse(json.content)).toEqual(run.finalGenotype);
    expect(json.filename).toMatch(/\.json$/);
    const py = await api.call('exportGenotype', { id, epoch: 1, format: 'python' });
    expect(py.content).toMatch(/^Genotype\(normal=\[/);
    expect(await rejection(api.call('exportGenotype', { id, epoch: 9, format: 'json' }))).toMatchObject({ code: 'not-found' });

    // The portable run file downloads over HTTP.
    const res = await fetch(`${s.httpUrl}/download/runs/${id}/run.nasrun`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/attachment/);
    expect((await res.text()).split('\n')[0]).toMatch(/nas-studio/i);

    // A clone records its origin.
    const clone = await api.call('startRun', { config: run.config, cloneOf: id, name: 'clone' });
    expect((await api.call('getRun', clone)).parentRunId).toBe(id);
    await api.call('cancelRun', clone);
    await waitFor(() => updates.some((u) => u.runId === clone.id && 'status' in u && u.status === 'cancelled'));

    await api.call('deleteRun', { id });
    expect(await rejection(api.call('getRun', { id }))).toMatchObject({ code: 'not-found' });
    expect((await fetch(`${s.httpUrl}/download/runs/${id}/run.nasrun`)).status).toBe(404);
  });

  it("retrains a search run's genotype, links the two, and exports the trained model as downloadable artifacts", async () => {
    const s = await serve();
    const { api, updates } = await client(s.wsUrl);
    const finished = (runId: string) =>
      waitFor(() => {
        const last = updates.findLast((u) => u.runId === runId && 'status' in u);
        if (last && 'status' in last && last.status === 'failed') throw new Error(`run failed: ${last.error}`);
        return last !== undefined && 'status' in last && last.status === 'done';
      });
    const search = await api.call('startRun', { config: tiny(1, 2) });
    await finished(search.id);
    const searched = await api.call('getRun', search);

    expect(await rejection(api.call('exportRun', { id: search.id, formats: ['onnx'] }))).toMatchObject({ code: 'conflict' });
    expect(await rejection(api.call('exportRun', { id: search.id, formats: ['docx'] }))).toMatchObject({ code: 'invalid-input', issues: [{ path: ['formats'] }] });
    expect(await rejection(api.call('startRetrain', { config: {} }))).toMatchObject({ code: 'invalid-input', issues: [{ path: ['config', 'genotype'] }] });
    // A dataset option its entry refuses is reported at its own field (the retrain dialog shows it there).
    expect(await rejection(api.call('startRetrain', { fromRun: search.id, config: { data: { dataset: 'cifar10' } } }))).toMatchObject({ code: 'invalid-input', issues: [{ path: ['config', 'data', 'options', 'root'] }] });

    // The genotype comes from the search run; the rest of the config is the tiny retraining's.
    const { seed, backend, data, model, budget } = tinyRetrain();
    const retrain = await api.call('startRetrain', { fromRun: search.id, config: { seed, backend, data, model, budget }, name: 'retrained' });
    await finished(retrain.id);
    const trained = await api.call('getRun', retrain);
    expect(trained).toMatchObject({ kind: 'retrain', parentRunId: search.id, name: 'retrained', epochsDone: 2, config: { genotype: searched.finalGenotype, source: { run: search.id } } });
    expect((await api.call('listRuns', { kind: 'retrain' })).runs.map((r) => r.id)).toEqual([retrain.id]);

    const exported = await api.call('exportRun', { id: retrain.id, formats: ['tfjs', 'genotype'] });
    const names = exported.files.map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining([expect.stringMatching(/model\.json$/), expect.stringMatching(/genotype\.json$/)]));
    expect((await api.call('getRun', retrain)).artifacts.map((a) => a.id)).toEqual([...exported.files, exported.zip].map((f) => f.artifactId));
    // Downloads are named by run and path: the zip holds every file, under a folder named by the run.
    expect(exported.files.map((f) => f.fileName)).toEqual(exported.files.map((f) => `retrained-${f.name.replaceAll('/', '-')}`));
    const zip = await fetch(`${s.httpUrl}${exported.zip.downloadPath}`);
    expect(zip.headers.get('content-disposition')).toBe('attachment; filename="retrained-export.zip"');
    const entries = unzipSync(new Uint8Array(await zip.arrayBuffer()));
    expect(Object.keys(entries).sort()).toEqual(names.map((n) => `retrained/${n}`).sort());
    const modelJson = exported.files.find((f) => f.name.endsWith('model.json'))!;
    const res = await fetch(`${s.httpUrl}${modelJson.downloadPath}`);
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body.length).toBe(modelJson.bytes);
    expect(JSON.parse(body)).toMatchObject({ format: 'layers-model', weightsManifest: expect.any(Array) });
    expect((await fetch(`${s.httpUrl}/download/runs/${retrain.id}/artifacts/999999`)).status).toBe(404);
  });

  it('saves an artifact through the host save dialog where there is one (the desktop app), not over the browser host', async () => {
    const s = await serve();
    const { api } = await client(s.wsUrl);
    const run = s.host.store.createRun({ config: parseSearchConfig(tiny()) });
    mkdirSync(s.host.store.runDir(run.id), { recursive: true });
    const file = join(s.host.store.runDir(run.id), 'report.html');
    writeFileSync(file, '<html>report</html>');
    const artifact = s.host.store.addArtifact(run.id, { kind: 'report', path: file });
    expect(await rejection(api.call('saveArtifact', { id: run.id, artifactId: artifact.id }))).toMatchObject({ code: 'unavailable' });

    // The desktop app's host: the same service with a save dialog (here, one that picks a fixed path).
    const picked = join(s.dir, 'picked.html');
    const desktop = openHost({ dbPath: s.host.store.path, spawn: forkWorker, transport: 'electron', saveAs: async (f) => (copyFileSync(f, picked), picked) });
    try {
      expect(await desktop.service.call('saveArtifact', { id: run.id, artifactId: artifact.id })).toEqual({ savedTo: picked });
      expect(readFileSync(picked, 'utf8')).toBe('<html>report</html>');
      await expect(desktop.service.call('saveArtifact', { id: run.id, artifactId: artifact.id + 1 })).rejects.toMatchObject({ code: 'not-found' });
    } finally {
      await desktop.close();
    }
  });

  it('keeps named templates of validated configs', async () => {
    const s = await serve();
    const { api } = await client(s.wsUrl);
    expect(await api.call('listTemplates')).toEqual([]);
    const saved = await api.call('saveTemplate', { name: 'tiny', config: tiny() });
    expect(saved.config.model.channels).toBe(2);
    expect((await api.call('listTemplates')).map((t) => t.name)).toEqual(['tiny']);
    expect(await rejection(api.call('saveTemplate', { name: 'bad', config: { model: { layers: 0 } } }))).toMatchObject({ code: 'invalid-input' });
    await api.call('deleteTemplate', { name: 'tiny' });
    expect(await rejection(api.call('deleteTemplate', { name: 'tiny' }))).toMatchObject({ code: 'not-found' });
  });
});
