import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { retrain } from '../../src/engine/retrain';
import { search } from '../../src/engine/search';
import { openStore } from '../../src/main/store';
import { parseSearchConfig } from '../../src/shared/config';
import type { RetrainEvent } from '../../src/shared/retrain-events';
import type { SearchEvent } from '../../src/shared/search-events';
import { tinyRetrain } from '../helpers/tiny-retrain';
import { TINY_SEARCH } from '../helpers/tiny-search';
import { runCli } from './run-cli';

describe('nas-studio export --run ID (runs in the run database)', () => {
  it('exports the genotype, figures and report of a recorded search, and the models of a retraining linked to it; unknown ids are usage errors', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nas-export-store-'));
    const db = join(dir, 'runs.db');
    const store = openStore({ path: db });
    const config = parseSearchConfig(TINY_SEARCH);
    const run = store.createRun({ config });
    const events: SearchEvent[] = [];
    for await (const e of search(config)) events.push(e);
    store.appendEvents(run.id, events);
    store.close();
    const done = events.at(-1) as Extract<SearchEvent, { type: 'done' }>;

    const out = join(dir, 'out');
    const r = await runCli(['export', '--run', run.id, '--db', db, '--out', out, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const kinds = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l).kind);
    expect(kinds).toEqual(['genotype', 'genotype', 'figure-svg', 'figure-png', 'figure-svg', 'figure-png', 'figure-svg', 'figure-png', 'report']);
    expect(JSON.parse(await readFile(join(out, 'genotype.json'), 'utf8'))).toEqual(done.genotype);
    const html = await readFile(join(out, 'report.html'), 'utf8');
    expect(html).toContain('<h2>α evolution</h2>');
    expect(html).toContain('<h2>Search curves</h2>');

    // A retraining of that search's genotype, recorded like the run manager does.
    const store2 = openStore({ path: db });
    const rconfig = tinyRetrain({ genotype: done.genotype });
    const rt = store2.createRun({ config: rconfig, parentRunId: run.id });
    const rtEvents: RetrainEvent[] = [];
    for await (const e of retrain(rconfig, { checkpointDir: join(store2.runDir(rt.id), 'checkpoint') })) rtEvents.push(e);
    store2.appendEvents(rt.id, rtEvents);
    store2.close();
    const rtOut = join(dir, 'rt-out');
    const x = await runCli(['export', '--run', rt.id, '--db', db, '--out', rtOut, '--json']);
    expect(x.stderr).toBe('');
    expect(x.code).toBe(0);
    const rtKinds = x.stdout.trimEnd().split('\n').map((l) => JSON.parse(l).kind);
    for (const k of ['model-tfjs', 'model-onnx', 'model-card', 'genotype', 'report']) expect(rtKinds).toContain(k);
    const rtHtml = await readFile(join(rtOut, 'report.html'), 'utf8');
    expect(rtHtml).toContain(run.id); // "Searched in" the parent search
    expect(rtHtml).toContain('<h2>α evolution</h2>');
    // The exported files are recorded with the run, hashed.
    const reopened = openStore({ path: db });
    const artifacts = reopened.runDetail(rt.id).artifacts;
    reopened.close();
    expect(artifacts.map((a) => a.kind)).toEqual(rtKinds);
    expect(artifacts.find((a) => a.kind === 'model-onnx')).toMatchObject({ path: join(rtOut, 'onnx', 'model.onnx'), meta: { format: 'onnx' } });
    expect(artifacts.every((a) => a.sha256 !== null)).toBe(true);

    const unknown = await runCli(['export', '--run', '00000000-0000-4000-8000-000000000000', '--db', db]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no run 00000000/);
    const noDb = await runCli(['export', '--run', 'abc', '--db', join(dir, 'missing.db')]);
    expect(noDb.code).toBe(2);
    expect(noDb.stderr).toMatch(/no run database at/);
  }, 120_000);
});
