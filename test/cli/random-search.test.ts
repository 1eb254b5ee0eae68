import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/main/store';
import { TINY_SEARCH } from '../helpers/tiny-search';
import { runCli } from './run-cli';

const TINY = { ...TINY_SEARCH, budget: { epochs: 1, stepsPerEpoch: 1, evalBatches: 1 } };
const readJson = async (path: string) => JSON.parse(await readFile(path, 'utf8'));
const lines = (stdout: string) => stdout.trimEnd().split('\n').map((line) => JSON.parse(line));

async function tinyFile(): Promise<{ dir: string; file: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'nas-cli-random-'));
  const file = join(dir, 'tiny.json');
  await writeFile(file, JSON.stringify(TINY));
  return { dir, file };
}

describe('nas-studio random-search', () => {
  it('samples, trains and ranks architectures into a search run directory whose genotype is the best', { timeout: 120_000 }, async () => {
    const { dir, file } = await tinyFile();
    const out = join(dir, 'run');
    const r = await runCli(['random-search', '--config', file, '--samples', '3', '--keep', '2', '--json', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const events = lines(r.stdout);
    const accs = events.filter((e) => e.type === 'epoch').map((e) => e.valAcc);
    expect(accs).toHaveLength(3);
    const best = accs.indexOf(Math.max(...accs));
    const genotypes = events.filter((e) => e.type === 'genotype').map((e) => e.genotype);
    expect(await readJson(join(out, 'genotype.json'))).toEqual(genotypes[best]);
    expect(await readJson(join(out, 'config.json'))).toMatchObject({ randomSearch: { samples: 3, keep: 2 } });
    expect(await readJson(join(out, 'run.json'))).toMatchObject({ status: 'done', epochsCompleted: 3 });

    // Resuming keeps the recorded sample size (not the default 20): a finished run has none left to train.
    const again = await runCli(['random-search', '--resume', out, '--json']);
    expect(again.code).toBe(0);
    const resumed = lines(again.stdout);
    expect(resumed.map((e) => e.type)).toEqual(['start', 'diagnostics', 'done']);
    expect(resumed[0]).toMatchObject({ resumedFromEpoch: 3, config: { randomSearch: { samples: 3, keep: 2 } } });
    expect(resumed.at(-1).genotype).toEqual(genotypes[best]);
    // The text output counts samples, not epochs.
    const text = await runCli(['random-search', '--resume', out]);
    expect(text.stdout).toMatch(/3 samples of 1 step, resuming after sample 3/);
    expect(text.stdout).toMatch(/finished 3 samples in/);
  });

  it('with --db the run is stored as a search, beside gradient searches', { timeout: 120_000 }, async () => {
    const { dir, file } = await tinyFile();
    const db = join(dir, 'runs.db');
    const r = await runCli(['random-search', '--db', db, '--config', file, '--samples', '2', '--keep', '1', '--name', 'random, tiny', '--json']);
    expect(r.code).toBe(0);
    const events = lines(r.stdout);
    const store = openStore({ path: db });
    try {
      const [summary] = store.listRuns({ kind: 'search' }).runs;
      expect(summary).toMatchObject({ name: 'random, tiny', status: 'done', kind: 'search', epochsDone: 2 });
      expect(store.runDetail(summary.id).finalGenotype).toEqual(events.at(-1).genotype);
    } finally {
      store.close();
    }
  });

  it('checks its flags', async () => {
    const { file } = await tinyFile();
    const r = await runCli(['random-search', '--config', file, '--samples', '2', '--keep', '3']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/randomSearch\.keep: cannot keep more samples than are drawn/);
    const resume = await runCli(['random-search', '--resume', join(file, 'missing')]);
    expect(resume.code).toBe(2);
    expect(resume.stderr).toMatch(/--resume/);
  });
});
