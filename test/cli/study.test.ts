import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli';

const TINY_DATA = JSON.stringify({ trainCount: 64, testCount: 16, height: 8, width: 8, channels: 1, numClasses: 3 });
const readJson = async (path: string) => JSON.parse(await readFile(path, 'utf8'));
const lines = async (path: string) => (await readFile(path, 'utf8')).trimEnd().split('\n');

describe('nas-studio study', () => {
  it('runs a preset over seeds, writes the tables, skips finished runs and resumes with more epochs', { timeout: 240_000 }, async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'nas-study-')), 'study');
    const args = ['study', '--presets', 'darts-1st-quick', '--seeds', '2', '--steps', '2', '--dataset', 'synthetic', '--data-options', TINY_DATA, '--backend', 'wasm', '--out', out, '--override', '{"model":{"layers":3},"data":{"batchSize":8}}'];
    const first = await runCli([...args, '--epochs', '1']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/darts-1st-quick seed 1: epoch 1\/1 {2}val acc/);
    expect(first.stdout).toContain('| darts-1st-quick | 2/2 |');

    const study = await readJson(join(out, 'study.json'));
    const [summary] = study.presets;
    expect(summary).toMatchObject({ preset: 'darts-1st-quick', runs: 2, done: 2, valAcc: { n: 2 } });
    expect(summary.results.map((r: { seed: number; epochsCompleted: number }) => [r.seed, r.epochsCompleted])).toEqual([
      [1, 1],
      [2, 1],
    ]);
    expect(summary.agreement).toBeGreaterThanOrEqual(0);
    expect(await readFile(join(out, 'darts-1st-quick', 'summary.md'), 'utf8')).toMatch(/^## darts-1st-quick/);
    const md = await readFile(join(out, 'study.md'), 'utf8');
    expect(md).toContain('nas-studio study --presets darts-1st-quick');
    // Per-epoch collapse indicators: a table per preset and the figure.
    expect(md).toContain('### darts-1st-quick, per epoch');
    expect(md).toMatch(/\n\| 1 \| 2 \| [\d.]+% ± [\d.]+% \| [\d.]+ ± [\d.]+ \(\d+ \/ \d+\) \| 0\.1\d\d ± /);
    expect(await readFile(join(out, 'curves.svg'), 'utf8')).toMatch(/^<svg [^>]*>.*skip_connect in the derived normal cell.*<\/svg>$/s);
    const config = await readJson(join(out, 'darts-1st-quick', 'seed-2', 'config.json'));
    // --override is merged key by key: the preset's channels and the rest of data stay.
    expect(config).toMatchObject({ seed: 2, model: { layers: 3, channels: 4 }, data: { dataset: 'synthetic', batchSize: 8, options: { height: 8 } }, budget: { epochs: 1, stepsPerEpoch: 2 } });

    // The same command again: nothing to do, nothing appended.
    const log = join(out, 'darts-1st-quick', 'seed-1', 'events.jsonl');
    const before = await lines(log);
    const again = await runCli([...args, '--epochs', '1']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('darts-1st-quick seed 1: done already');
    expect(await lines(log)).toEqual(before);

    // --report with more epochs runs nothing: it rewrites the tables, recording the study's own command.
    const report = await runCli([...args, '--epochs', '2', '--report']);
    expect(report.code).toBe(0);
    expect(report.stdout).not.toMatch(/epoch \d|done already|resuming/);
    expect(report.stdout).toContain('| darts-1st-quick | 2/2 |');
    expect(await lines(log)).toEqual(before);
    expect(await readFile(join(out, 'study.md'), 'utf8')).not.toContain('--report');

    // More epochs: each run continues from its checkpoint.
    const more = await runCli([...args, '--epochs', '2']);
    expect(more.code).toBe(0);
    expect(more.stdout).toContain('darts-1st-quick seed 1: resuming after epoch 1');
    expect(more.stdout).not.toContain('epoch 1/2');
    const resumed = await readJson(join(out, 'study.json'));
    expect(resumed.presets[0].results.map((r: { epochsCompleted: number }) => r.epochsCompleted)).toEqual([2, 2]);
  });

  it('checks every preset before running anything', async () => {
    const r = await runCli(['study', '--presets', 'darts-1st-quick,nope', '--out', join(tmpdir(), 'never')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^nas-studio: --presets: unknown preset 'nope'/);
    const bad = await runCli(['study', '--presets', 'darts-1st-quick', '--data-options', '[1]']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--data-options must be a JSON object/);
    const badOverride = await runCli(['study', '--presets', 'darts-1st-quick', '--override', '[1]']);
    expect(badOverride.code).toBe(2);
    expect(badOverride.stderr).toMatch(/--override must be a JSON object/);
  });

  it('a bad override names the preset and the field', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nas-study-'));
    const r = await runCli(['study', '--presets', 'darts-1st-quick', '--dataset', 'synthetic', '--data-options', '{"height":-1}', '--out', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^nas-studio: preset darts-1st-quick: data\.options\.height/);
    const layers = await runCli(['study', '--presets', 'darts-1st-quick', '--override', '{"model":{"layers":0}}', '--out', dir]);
    expect(layers.code).toBe(2);
    expect(layers.stderr).toMatch(/^nas-studio: preset darts-1st-quick: model\.layers/);
  });
});
