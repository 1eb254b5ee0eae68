import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TINY_SEARCH } from '../helpers/tiny-search';
import { runCli } from './run-cli';

/** One epoch of the shared tiny search: two steps. */
const TINY = { ...TINY_SEARCH, budget: { ...TINY_SEARCH.budget, epochs: 1 } };

const readJson = async (path: string) => JSON.parse(await readFile(path, 'utf8'));

describe('nas-studio search', () => {
  it('--config --json runs the search, prints JSONL events only and writes the run directory (--threads recorded)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nas-cli-'));
    const config = join(dir, 'tiny.json');
    await writeFile(config, JSON.stringify(TINY));
    const out = join(dir, 'run');
    const r = await runCli(['search', '--config', config, '--threads', '2', '--json', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);

    const events = r.stdout.trimEnd().split('\n').map((line) => JSON.parse(line));
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('start');
    expect(types.at(-1)).toBe('done');
    expect(types.filter((t) => t === 'step')).toHaveLength(2);
    for (const t of ['epoch', 'genotype']) expect(types).toContain(t);

    const logged = (await readFile(join(out, 'events.jsonl'), 'utf8')).trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(logged).toEqual(events);
    const run = await readJson(join(out, 'run.json'));
    expect(run).toMatchObject({ status: 'done', epochsCompleted: 1, gpu: false, backend: { name: 'wasm', threads: 2 }, params: events[0].meta.params });
    const done = events.at(-1);
    expect(run.genotype).toEqual(done.genotype);
    expect(await readJson(join(out, 'genotype.json'))).toEqual(done.genotype);
    expect(await readJson(join(out, 'config.json'))).toMatchObject({ ...TINY, threads: 2, weightOptimizer: { lr: 0.025 } });
    expect(await readJson(join(out, 'checkpoint', 'checkpoint.json'))).toMatchObject({ epoch: 1 });
  });

  it('an unknown preset fails with exit 2, listing the known ones', async () => {
    const r = await runCli(['search', '--preset', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^nas-studio: --preset: unknown preset 'nope' \(known: .*quick.*\)\n$/);
  });

  it('plug-in options are checked before any data loads, naming the field', async () => {
    // The old id selects the renamed preset.
    const r = await runCli(['search', '--preset', 'darts-first-order']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^nas-studio: preset darts-1st: data\.options\.root: /);
  });

  it('an invalid config file fails with each problem as field.path: message', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nas-cli-'));
    const config = join(dir, 'bad.json');
    await writeFile(config, JSON.stringify({ ...TINY, model: { channels: 1, layers: 3 } }));
    const r = await runCli(['search', '--config', config]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^nas-studio: ${config}: model\\.channels: .*2`));
  });
});
