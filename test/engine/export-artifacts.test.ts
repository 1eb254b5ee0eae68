import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportRun, readPreprocessing, type ExportSource } from '../../src/engine/export';
import { genotypeFromJson, getNamedGenotype, parseGenotypeAuto } from '../../src/engine/genotype';
import { loadTrainedModel, retrain } from '../../src/engine/retrain';
import type { RetrainEvent } from '../../src/shared/retrain-events';
import { inputFile, maxAbsDiff, runNode } from '../helpers/export-fixtures';
import { tinyRetrain } from '../helpers/tiny-retrain';

const TFJS = fileURLToPath(new URL('../helpers/independent/tfjs-predict.mjs', import.meta.url));
const ONNX = fileURLToPath(new URL('../helpers/independent/onnx-predict.mjs', import.meta.url));

let src: ExportSource;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nas-export-'));
  const config = tinyRetrain({ data: { dataset: 'synthetic', options: { trainCount: 32, testCount: 16, height: 16, width: 16, channels: 3, numClasses: 4 }, batchSize: 8 } });
  const events: RetrainEvent[] = [];
  for await (const e of retrain(config, { checkpointDir: join(dir, 'checkpoint') })) events.push(e);
  const start = events[0] as Extract<RetrainEvent, { type: 'start' }>;
  const model = await loadTrainedModel(config, start.meta, join(dir, 'checkpoint'));
  src = {
    title: 'tiny retrain',
    kind: 'retrain',
    ref: dir,
    config,
    genotype: genotypeFromJson(config.genotype),
    epochs: events.filter((e) => e.type === 'epoch'),
    alphas: [],
    primitives: [],
    diagnostics: [],
    model,
    parent: {
      title: 'tiny search',
      kind: 'search',
      ref: 'search-run',
      config: { model: { space: 'darts' } },
      genotype: getNamedGenotype('DARTS_V2'),
      epochs: [{ epoch: 0, trainLoss: 1.2, trainAcc: 0.4, valLoss: 1.3, valAcc: 0.35 }],
      alphas: [
        { epoch: 0, weights: { normal: [[0.5, 0.5], [0.2, 0.8]], reduce: [[0.9, 0.1], [0.5, 0.5]] } },
        { epoch: 1, weights: { normal: [[0.3, 0.7], [0.1, 0.9]], reduce: [[0.95, 0.05], [0.4, 0.6]] } },
      ],
      primitives: ['max_pool_3x3', 'sep_conv_3x3'],
      diagnostics: [{ epoch: 0, values: { dominant_eigenvalue: 0.25 } }],
    },
  };
}, 120_000);

describe('exporting a retrained model', () => {
  it('writes every format, and the TF.js and ONNX files reproduce the trained network in fresh processes', async () => {
    const out = join(dir, 'export');
    const files = await exportRun(src, ['tfjs', 'onnx', 'genotype', 'figures', 'report'], out);
    expect(files.map((f) => relative(out, f.path)).sort()).toEqual([
      'figures/curves.png',
      'figures/curves.svg',
      'figures/normal-cell.png',
      'figures/normal-cell.svg',
      'figures/reduction-cell.png',
      'figures/reduction-cell.svg',
      'genotype.json',
      'genotype.py.txt',
      'onnx/model-card.md',
      'onnx/model.onnx',
      'report.html',
      'tfjs/group1-shard1of1.bin',
      'tfjs/model-card.md',
      'tfjs/model.json',
    ]);
    const input = await inputFile(dir, [4, 16, 16, 3]);
    const ours = tf.tidy(() => (src.model?.net.forward(input.x, { training: false }).logits as tf.Tensor).dataSync());
    const viaTfjs = await runNode(TFJS, [join(out, 'tfjs'), input.path]);
    const viaOnnx = await runNode(ONNX, [join(out, 'onnx', 'model.onnx'), input.path]);
    expect(maxAbsDiff(viaTfjs.data, ours)).toBeLessThan(1e-4);
    expect(maxAbsDiff(viaOnnx.data, ours)).toBeLessThan(1e-4);
    tf.dispose(input.x);
  });

  it('model cards carry the preprocessing, metrics, genotype and loading instructions', async () => {
    const out = join(dir, 'cards');
    await exportRun(src, ['tfjs', 'onnx'], out);
    const meta = src.model?.meta;
    for (const card of [join(out, 'tfjs', 'model-card.md'), join(out, 'onnx', 'model-card.md')]) {
      const md = await readFile(card, 'utf8');
      expect(readPreprocessing(md)).toEqual({ layout: 'NHWC', height: 16, width: 16, channels: 3, scale: 255, mean: meta?.preprocessing.mean, std: meta?.preprocessing.std });
      expect(md).toContain(`Final validation accuracy: ${(100 * (src.epochs.at(-1)?.valAcc as number)).toFixed(2)}%`);
      expect(md).toContain("Genotype(normal=[('sep_conv_3x3', 0)");
      expect(md).toContain(meta?.params.toLocaleString('en-US'));
    }
    expect(await readFile(join(out, 'tfjs', 'model-card.md'), 'utf8')).toContain('tf.loadLayersModel');
    const onnxCard = await readFile(join(out, 'onnx', 'model-card.md'), 'utf8');
    expect(onnxCard).toContain('onnxruntime-node');
    expect(onnxCard).toContain('import numpy as np, onnxruntime as ort');
  });

  it('genotype files parse back to the same genotype', async () => {
    const out = join(dir, 'genotype');
    await exportRun(src, ['genotype'], out);
    expect(genotypeFromJson(JSON.parse(await readFile(join(out, 'genotype.json'), 'utf8')))).toEqual(src.genotype);
    expect(parseGenotypeAuto(await readFile(join(out, 'genotype.py.txt'), 'utf8'))).toEqual(src.genotype);
  });

  it('figures: cell SVGs name every op and input, PNGs are real images', async () => {
    const out = join(dir, 'figs');
    await exportRun(src, ['figures'], out);
    const normal = await readFile(join(out, 'figures', 'normal-cell.svg'), 'utf8');
    expect(normal.match(/>sep_conv_3x3</g)).toHaveLength(5);
    expect(normal.match(/>skip_connect</g)).toHaveLength(2);
    expect(normal.match(/>dil_conv_3x3</g)).toHaveLength(1);
    for (const label of ['c_{k-2}', 'c_{k-1}', 'c_{k}']) expect(normal).toContain(`>${label}<`);
    for (const name of ['normal-cell', 'reduction-cell', 'curves']) {
      const png = PNG.sync.read(await readFile(join(out, 'figures', `${name}.png`)));
      expect(png.width).toBeGreaterThan(200);
      // Not blank: some pixels are far from white.
      let ink = 0;
      for (let i = 0; i < png.data.length; i += 4) if (png.data[i] + png.data[i + 1] + png.data[i + 2] < 400) ink++;
      expect(ink).toBeGreaterThan(100);
    }
  });

  it('the report is one self-contained HTML file with curves, α evolution, genotype figures, diagnostics and config', async () => {
    const out = join(dir, 'report');
    await exportRun(src, ['report'], out);
    const html = await readFile(join(out, 'report.html'), 'utf8');
    for (const heading of ['Summary', 'Retraining curves', 'Search curves', 'α evolution', 'Final genotype', 'Diagnostics', 'Configuration']) expect(html).toContain(`<h2>${heading}</h2>`);
    expect(html).toContain('dominant_eigenvalue');
    expect(html).toContain('Multiply-adds per image');
    // Nothing to fetch: no scripts, links, images or stylesheets by URL (SVG's xmlns is a name, not a fetch).
    expect(html).not.toMatch(/<script|<link|<img|src=|href=|url\(http|@import/);
    expect(html.replace(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, '')).not.toMatch(/https?:\/\//);
    expect(html.match(/<svg /g)?.length).toBeGreaterThanOrEqual(5);
  });

  it('a search run without trained weights exports its genotype, figures and report, and refuses model formats', async () => {
    const parent = src.parent as ExportSource;
    const out = join(dir, 'search');
    await expect(exportRun(parent, ['genotype', 'onnx'], out)).rejects.toThrow(/format onnx needs trained weights.*retrain/);
    const files = await exportRun(parent, ['genotype', 'figures', 'report'], out);
    expect(files.some((f) => f.path.endsWith('report.html'))).toBe(true);
    expect(await readFile(join(out, 'report.html'), 'utf8')).toContain('<h2>α evolution</h2>');
  });
});
