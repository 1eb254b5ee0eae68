import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { artifactFileName, exportDir } from '../../src/main/exports/artifact-name';
import { zipExport } from '../../src/main/exports/zip';
import { exportedFileName, runFileStem } from '../../src/shared/export-names';

const root = mkdtempSync(join(tmpdir(), 'nas-export-zip-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('exported file names', () => {
  it('name a file by run and its path in the export, so the two model cards differ', () => {
    expect(exportedFileName('baseline, seed 2', 'tfjs/model-card.md')).toBe('baseline_seed_2-tfjs-model-card.md');
    expect(exportedFileName('baseline, seed 2', 'onnx/model-card.md')).toBe('baseline_seed_2-onnx-model-card.md');
    expect(exportedFileName('r', 'figures\\normal-cell.svg')).toBe('r-figures-normal-cell.svg');
  });

  it('keep a run name from leaving the folder or vanishing', () => {
    expect(runFileStem('../../etc/passwd')).toBe('etc_passwd');
    expect(runFileStem('   ')).toBe('run');
    expect(runFileStem('α/β')).toBe('run');
    expect(runFileStem('x'.repeat(300))).toHaveLength(80);
  });

  it('name a run artifact from its place under the run folder', () => {
    const run = { name: 'tiny', dir: join(root, 'run') };
    const dir = exportDir(run.dir, new Date('2026-12-02T01:02:03.456Z'));
    expect(dir).toBe(join(run.dir, 'exports', '2026-12-02T01-02-03-456Z'));
    expect(artifactFileName(run, join(dir, 'tfjs', 'model-card.md'))).toBe('tiny-tfjs-model-card.md');
    expect(artifactFileName(run, join(dir, 'export.zip'))).toBe('tiny-export.zip');
    expect(artifactFileName(run, join(run.dir, 'report.html'))).toBe('tiny-report.html');
  });
});

describe('the export zip', () => {
  it('holds every exported file byte for byte under a folder named by the run', () => {
    const dir = join(root, 'export');
    const files = { 'tfjs/model-card.md': '# TF.js card', 'onnx/model-card.md': '# ONNX card', 'report.html': '<html></html>' };
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    const zip = zipExport(dir, 'baseline, seed 2', Object.keys(files).map((f) => join(dir, f)));
    expect(zip).toBe(join(dir, 'export.zip'));
    const entries = unzipSync(readFileSync(zip));
    expect(Object.keys(entries).sort()).toEqual(['baseline_seed_2/onnx/model-card.md', 'baseline_seed_2/report.html', 'baseline_seed_2/tfjs/model-card.md']);
    for (const [name, text] of Object.entries(files)) expect(strFromU8(entries[`baseline_seed_2/${name}`])).toBe(text);
  });
});
