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
});
