import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli';

describe('nas-studio inspect', () => {
  it('--space darts: the reference supernet size (C=16, 8 cells, 10 classes → 1,930,618)', async () => {
    const r = await runCli(['inspect', '--space', 'darts', '--channels', '16', '--layers', '8', '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.params).toBe(1_930_618);
    expect(report.reductionCells).toEqual([2, 5]);
    expect(report.alphaShapes).toEqual({ normal: [14, 8], reduce: [14, 8] });
    // (C(2,2)·C(3,2)·C(4,2)·C(5,2)·7^8)² for the two α groups.
    expect(BigInt(report.architectures)).toBe((180n * 7n ** 8n) ** 2n);
  });

  it('--genotype DARTS_V2: the reference evaluation network size (C=36, 20 cells → 3,349,342 without the auxiliary head)', async () => {
    const r = await runCli(['inspect', '--genotype', 'DARTS_V2', '--channels', '36', '--layers', '20', '--auxiliary', '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.paramsWithoutAuxiliary).toBe(3_349_342);
    expect(report.params).toBeGreaterThan(3_349_342);
    // 528M per 32x32 image, the DARTS figure the P-DARTS and PC-DARTS tables list.
    expect(report.multiplyAdds).toBe(528_359_040);
    expect(report.architecture.normal).toHaveLength(8);
  });

  it('--genotype FILE reads a pasted Python genotype', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nas-cli-'));
    const file = join(dir, 'v2.txt');
    await writeFile(
      file,
      "DARTS_V2 = Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], reduce_concat=range(2, 6))\n",
    );
    const r = await runCli(['inspect', '--genotype', file, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).paramsWithoutAuxiliary).toBe(3_349_342);
  });

  it('an unknown genotype name that is no file either fails clearly', async () => {
    const r = await runCli(['inspect', '--genotype', 'DARTS_V9']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^nas-studio: --genotype DARTS_V9: neither a built-in genotype \(DARTS_V1, DARTS_V2, PDARTS, PC_DARTS_cifar\) nor a file\n$/);
  });
});
