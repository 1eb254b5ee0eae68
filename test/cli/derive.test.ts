import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli';

const SEP_CONV_3X3 = 4;
const SKIP_CONNECT = 3;

/** 14 edges × 8 ops of zeros, except `op` at `strength` on every edge from the cell inputs (states 0 and 1). */
function alphas(op: number, strength: number): number[][] {
  const rows: number[][] = [];
  for (let node = 2; node < 6; node++) {
    for (let input = 0; input < node; input++) rows.push(Array.from({ length: 8 }, (_, k) => (k === op && input < 2 ? strength : 0)));
  }
  return rows;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nas-cli-'));
});

describe('nas-studio derive', () => {
  it('--json prints the reference JSON shape with 8 edges per cell', async () => {
    const file = join(dir, 'alphas.json');
    await writeFile(file, JSON.stringify({ normal: alphas(SEP_CONV_3X3, 2), reduce: alphas(SKIP_CONNECT, 1) }));
    const r = await runCli(['derive', '--alphas', file, '--json']);
    expect(r.code).toBe(0);
    const g = JSON.parse(r.stdout);
    expect(Object.keys(g)).toEqual(['normal', 'normal_concat', 'reduce', 'reduce_concat']);
    // Every node keeps its two strongest inputs, the cell inputs; equal weights keep input order.
    expect(g.normal).toEqual(Array.from({ length: 4 }, () => [['sep_conv_3x3', 0], ['sep_conv_3x3', 1]]).flat());
    expect(g.reduce).toEqual(Array.from({ length: 4 }, () => [['skip_connect', 0], ['skip_connect', 1]]).flat());
    expect(g.normal_concat).toEqual([2, 3, 4, 5]);
    expect(g.reduce_concat).toEqual([2, 3, 4, 5]);
  });

  it('prints the Python Genotype(...) format without --json', async () => {
    const file = join(dir, 'alphas-py.json');
    await writeFile(file, JSON.stringify({ normal: alphas(SEP_CONV_3X3, 2), reduce: alphas(SKIP_CONNECT, 1) }));
    const r = await runCli(['derive', '--alphas', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Genotype\(normal=\[\('sep_conv_3x3', 0\), \('sep_conv_3x3', 1\), .*reduce_concat=\[2, 3, 4, 5\]\)\n$/);
  });

  it('a cell with 13 rows fails, naming the file', async () => {
    const file = join(dir, 'short.json');
    await writeFile(file, JSON.stringify({ normal: alphas(SEP_CONV_3X3, 2).slice(1), reduce: alphas(SKIP_CONNECT, 1) }));
    const r = await runCli(['derive', '--alphas', file]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`nas-studio: ${file}: normal has 13 rows`);
  });

  it('a missing file fails, naming it', async () => {
    const r = await runCli(['derive', '--alphas', join(dir, 'nope.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`nas-studio: --alphas ${join(dir, 'nope.json')}: no such file\n`);
  });

  it('--preset fair-darts derives with its 7-op space, sigmoid and threshold_sparse options; --space alone takes the rule defaults', async () => {
    // FairDARTS column order: max_pool, avg_pool, skip, sep3, sep5, dil3, dil5. σ(3) ≈ 0.95, σ(2.5) ≈ 0.92, σ(2) ≈ 0.88, σ(−3) ≈ 0.05.
    const cell = Array.from({ length: 14 }, () => Array.from({ length: 7 }, () => -3));
    cell[0][2] = 3; // 0 → node 2: skip_connect
    cell[0][3] = 2.5; // and sep_conv_3x3, also above 0.85
    cell[1][5] = 2; // 1 → node 2: dil_conv_3x3
    cell[4][1] = 2; // 2 → node 3: avg_pool_3x3
    const file = join(dir, 'fair.json');
    await writeFile(file, JSON.stringify({ normal: cell, reduce: cell }));
    const preset = await runCli(['derive', '--alphas', file, '--preset', 'fair-darts', '--json']);
    expect(preset.code).toBe(0);
    expect(JSON.parse(preset.stdout).normal).toEqual([
      ['skip_connect', 0, 2],
      ['dil_conv_3x3', 1, 2],
      ['avg_pool_3x3', 2, 3],
    ]);
    const multi = await runCli(['derive', '--alphas', file, '--space', 'fair-darts', '--json']);
    expect(multi.code).toBe(0);
    expect(JSON.parse(multi.stdout).normal).toEqual([
      ['skip_connect', 0, 2],
      ['sep_conv_3x3', 0, 2],
      ['dil_conv_3x3', 1, 2],
      ['avg_pool_3x3', 2, 3],
    ]);
  });

  it("--preset pdarts caps the normal cell's skip_connects as the P-DARTS search does", async () => {
    const file = join(dir, 'all-skip.json');
    const skipEverywhere = alphas(SKIP_CONNECT, 2).map((row) => row.map((a, k) => (k === SKIP_CONNECT ? 3 : k === SEP_CONV_3X3 ? 1 : a)));
    await writeFile(file, JSON.stringify({ normal: skipEverywhere, reduce: skipEverywhere }));
    const count = (stdout: string) => (JSON.parse(stdout).normal as [string, number][]).filter(([op]) => op === 'skip_connect').length;
    const plain = await runCli(['derive', '--alphas', file, '--json']);
    expect(count(plain.stdout)).toBe(8);
    const pdarts = await runCli(['derive', '--alphas', file, '--preset', 'pdarts', '--json']);
    expect(pdarts.code).toBe(0);
    expect(count(pdarts.stdout)).toBe(2);
  });

  it('--preset checks the file against its space and refuses --space or --rule beside it', async () => {
    const file = join(dir, 'eight-ops.json');
    await writeFile(file, JSON.stringify({ normal: alphas(SEP_CONV_3X3, 2), reduce: alphas(SKIP_CONNECT, 1) }));
    const wrong = await runCli(['derive', '--alphas', file, '--preset', 'fair-darts']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('normal[0] has 8 numbers; it needs 7');
    const both = await runCli(['derive', '--alphas', file, '--preset', 'pdarts', '--space', 'darts']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/give --preset or --space\/--rule, not both/);
    const unknown = await runCli(['derive', '--alphas', file, '--preset', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--preset: unknown preset 'nope'/);
  });
});
