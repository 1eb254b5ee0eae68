import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { TINY_RETRAIN_FILE as TINY_RETRAIN } from '../helpers/tiny-retrain';
import { TINY_SEARCH } from '../helpers/tiny-search';
import { runCli } from './run-cli';


const lines = (s: string) => s.trimEnd().split('\n').filter(Boolean).map((l) => JSON.parse(l));

let dir: string;
let retrainConfig: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nas-cli-retrain-'));
  const search = join(dir, 'search.json');
  await writeFile(search, JSON.stringify({ ...TINY_SEARCH, budget: { ...TINY_SEARCH.budget, epochs: 2 } }));
  retrainConfig = join(dir, 'retrain.json');
  await writeFile(retrainConfig, JSON.stringify(TINY_RETRAIN));
  const r = await runCli(['search', '--config', search, '--out', join(dir, 'search'), '--json']);
  if (r.code !== 0) throw new Error(r.stderr);
}, 120_000);

describe('nas-studio retrain → export → predict, from a finished search', () => {
  it('retrains the search genotype, exports models that two runtimes agree on, and classifies images', async () => {
    const rt = join(dir, 'rt');
    const r = await runCli(['retrain', '--from', join(dir, 'search'), '--config', retrainConfig, '--out', rt, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const events = lines(r.stdout);
    expect(events.map((e) => e.type)).toEqual(['start', 'step', 'step', 'epoch', 'checkpoint', 'step', 'step', 'epoch', 'checkpoint', 'done']);
    const searchGenotype = JSON.parse(await readFile(join(dir, 'search', 'genotype.json'), 'utf8'));
    expect(events[0].config.genotype).toEqual(searchGenotype);
    expect(events[0].config.source.run).toBe(join(dir, 'search'));
    const run = JSON.parse(await readFile(join(rt, 'run.json'), 'utf8'));
    expect(run).toMatchObject({ kind: 'retrain', status: 'done', epochsCompleted: 2, parentRun: join(dir, 'search'), params: events[0].meta.params });

    const ex = await runCli(['export', '--run', rt, '--format', 'tfjs,onnx,genotype,report', '--json']);
    expect(ex.stderr).toBe('');
    expect(ex.code).toBe(0);
    const kinds = lines(ex.stdout).map((f) => f.kind);
    for (const k of ['model-tfjs', 'model-onnx', 'model-card', 'genotype', 'report']) expect(kinds).toContain(k);
    const report = await readFile(join(rt, 'export', 'report.html'), 'utf8');
    expect(report).toContain('<h2>α evolution</h2>'); // from the parent search's events
    expect(report).toContain('<h2>Retraining curves</h2>');

    const images: string[] = [];
    for (const [i, v] of [40, 120, 220].entries()) {
      const png = new PNG({ width: 20, height: 20 });
      for (let p = 0; p < png.data.length; p += 4) png.data.set([v, (v + p) % 256, 255 - v, 255], p);
      images.push(join(dir, `img${i}.png`));
      await writeFile(images[i], PNG.sync.write(png));
    }
    const viaTfjs = await runCli(['predict', '--model', join(rt, 'export', 'tfjs'), '--input', ...images, '--top', '3', '--json']);
    const viaOnnx = await runCli(['predict', '--model', join(rt, 'export', 'onnx', 'model.onnx'), '--input', images[0], '--input', images[1], '--input', images[2], '--top', '3', '--json']);
    expect(viaTfjs.stderr).toBe('');
    expect(viaOnnx.stderr).toBe('');
    const [a, b] = [lines(viaTfjs.stdout), lines(viaOnnx.stdout)];
    expect(a.map((p) => p.file)).toEqual(images);
    for (let i = 0; i < 3; i++) {
      expect(a[i].top.map((t: { class: number }) => t.class)).toEqual(b[i].top.map((t: { class: number }) => t.class));
      for (let k = 0; k < 3; k++) expect(Math.abs(a[i].top[k].probability - b[i].top[k].probability)).toBeLessThan(1e-5);
      expect(a[i].top.reduce((s: number, t: { probability: number }) => s + t.probability, 0)).toBeCloseTo(1, 5);
    }

    const human = await runCli(['predict', '--model', join(rt, 'export', 'tfjs'), '--input', images[0]]);
    expect(human.stdout).toMatch(/img0\.png: class \d \d+\.\d%, class \d/);
  }, 120_000);

  it('retrains a pasted genotype (FairDARTS 3-tuples) and a built-in name', async () => {
    const fair = "Genotype(normal=[('sep_conv_3x3', 2, 0), ('skip_connect', 2, 1), ('max_pool_3x3', 2, 0), ('dil_conv_3x3', 3, 2)], normal_concat=range(2, 4), reduce=[('avg_pool_3x3', 2, 0), ('sep_conv_5x5', 2, 1), ('skip_connect', 3, 2)], reduce_concat=range(2, 4))";
    const r = await runCli(['retrain', '--genotype', fair, '--config', retrainConfig, '--epochs', '1', '--out', join(dir, 'fair'), '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(lines(r.stdout)[0].config.genotype.normal).toEqual([
      ['sep_conv_3x3', 0, 2],
      ['skip_connect', 1, 2],
      ['max_pool_3x3', 0, 2],
      ['dil_conv_3x3', 2, 3],
    ]);
    const named = await runCli(['retrain', '--genotype', 'PC_DARTS_cifar', '--config', retrainConfig, '--epochs', '1', '--out', join(dir, 'named')]);
    expect(named.code).toBe(0);
    expect(named.stdout).toMatch(/finished 1 epoch .* val acc/);
    expect(JSON.parse(await readFile(join(dir, 'named', 'config.json'), 'utf8')).source).toEqual({ named: 'PC_DARTS_cifar' });
  }, 120_000);

  it('exporting a search gives its genotype, figures and report; model formats are refused with exit 2', async () => {
    const out = join(dir, 'search-export');
    const r = await runCli(['export', '--run', join(dir, 'search'), '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('exported genotype, figures, report');
    const refused = await runCli(['export', '--run', join(dir, 'search'), '--format', 'onnx']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/format onnx needs trained weights.*retrain/);
  }, 60_000);

  it('usage errors name what is wrong', async () => {
    const none = await runCli(['retrain', '--preset', 'quick']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/give exactly one of --from DIR, --genotype G/);
    const bad = await runCli(['retrain', '--genotype', 'NOT_A_GENOTYPE', '--preset', 'quick']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not a built-in name \(DARTS_V1, DARTS_V2/);
    const preset = await runCli(['retrain', '--genotype', 'DARTS_V2', '--preset', 'nope']);
    expect(preset.code).toBe(2);
    expect(preset.stderr).toMatch(/unknown retrain preset 'nope' \(known: darts-cifar10/);
    const epoch = await runCli(['retrain', '--from', join(dir, 'search'), '--epoch', '9', '--preset', 'quick']);
    expect(epoch.code).toBe(2);
    expect(epoch.stderr).toMatch(/no genotype recorded for epoch 9/);
    const format = await runCli(['export', '--run', join(dir, 'search'), '--format', 'pdf']);
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/unknown format 'pdf'/);
    const missing = await runCli(['predict', '--model', join(dir, 'search'), '--input', join(dir, 'nope.png')]);
    expect(missing.code).toBe(2);
  }, 60_000);
});

describe('nas-studio retrain --resume', () => {
  it('continues a finished retraining for more epochs from its checkpoint', async () => {
    const d = await mkdtemp(join(tmpdir(), 'nas-cli-resume-'));
    const config = join(d, 'retrain.json');
    await writeFile(config, JSON.stringify(TINY_RETRAIN));
    const out = join(d, 'rt');
    const first = await runCli(['retrain', '--genotype', 'DARTS_V1', '--config', config, '--epochs', '1', '--out', out, '--json']);
    expect(first.code).toBe(0);
    const again = await runCli(['retrain', '--out', out, '--genotype', 'DARTS_V1', '--config', config]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already holds a run; continue it with --resume/);
    const resumed = await runCli(['retrain', '--resume', out, '--epochs', '2', '--json']);
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    const events = lines(resumed.stdout);
    expect(events[0]).toMatchObject({ type: 'start', resumedFromEpoch: 1 });
    expect(events.filter((e) => e.type === 'epoch').map((e) => e.epoch)).toEqual([1]);
    const run = JSON.parse(await readFile(join(out, 'run.json'), 'utf8'));
    expect(run).toMatchObject({ status: 'done', epochsCompleted: 2, resumedFromEpoch: 1 });
    // The event log holds both attempts.
    const logged = (await readFile(join(out, 'events.jsonl'), 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l).type);
    expect(logged.filter((t) => t === 'start')).toHaveLength(2);
  }, 120_000);
});
