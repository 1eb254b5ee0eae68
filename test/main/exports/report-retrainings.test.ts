import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportRun, type ExportSource } from '../../../src/engine/export';
import { RetrainRunDir } from '../../../src/main/cli/retrain/run-dir';
import { RunDir } from '../../../src/main/cli/search/run-dir';
import { runSource } from '../../../src/main/cli/export/run-source';
import { storeSource } from '../../../src/main/exports/store-source';
import { parseRetrainConfig, type RetrainConfig } from '../../../src/shared/config';
import type { RetrainEvent, RetrainMetadata } from '../../../src/shared/retrain-events';
import { GENOTYPE, config, searchEvents, tempDir, tempStore } from '../store/fixtures';

// A search's report lists the retrainings of its genotype: from the run store (linked by parent)
// and from run folders (linked by run.json's parentRun), exported through the real formats.

const META: RetrainMetadata = {
  kind: 'retrain',
  backend: { name: 'wasm', provider: '@tensorflow/tfjs-backend-wasm', gpu: false, tfjsVersion: '4.22.0' },
  params: 3_349_342,
  trainedParams: 3_912_456,
  multiplyAdds: 528_312_000,
  stepsPerEpoch: 2,
  trainExamples: 50_000,
  valExamples: 10_000,
  valSource: 'test',
  dataset: { id: 'cifar10', title: 'CIFAR-10', source: 'cifar10-binary', height: 32, width: 32, channels: 3, classes: 10 },
  preprocessing: { mean: [0.49, 0.48, 0.45], std: [0.25, 0.24, 0.26] },
};

const retrainOf = (over: object): RetrainConfig =>
  parseRetrainConfig({ genotype: GENOTYPE, budget: { epochs: 3 }, model: { channels: 16, layers: 8, auxiliary: true, auxiliaryWeight: 0.4, dropPathProb: 0.3 }, data: { augment: { cutout: true, cutoutLength: 12 } }, ...over });

/** A retraining's events: `accs[k]` is epoch k's test accuracy; `done` only when every planned epoch ran. */
function retrainEvents(cfg: RetrainConfig, accs: number[]): RetrainEvent[] {
  const epochs = cfg.budget.epochs;
  const events: RetrainEvent[] = [{ type: 'start', config: cfg, meta: META, resumedFromEpoch: null }];
  accs.forEach((valAcc, epoch) => events.push({ type: 'epoch', epoch, epochs, trainLoss: 2 - epoch / 2, trainAcc: valAcc + 0.05, valLoss: 2.1 - epoch / 2, valAcc, lr: 0.025, seconds: 2 }));
  if (accs.length === epochs) events.push({ type: 'done', epochs, genotype: GENOTYPE, seconds: 6, valAcc: accs.at(-1) as number, bestValAcc: Math.max(...accs), checkpoint: null });
  return events;
}

const strip = (html: string) => html.replace(/<br>/g, ' ').replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

/** The report's Retraining section: its HTML, and its table as row label → one text cell per retraining. */
function retrainingSection(html: string): { html: string; rows: Map<string, string[]> } {
  const section = /<h2>Retraining<\/h2>([\s\S]*?)(?=<h2>)/.exec(html)?.[1];
  if (section === undefined) throw new Error('the report has no Retraining section');
  const rows = new Map<string, string[]>();
  for (const [, label, cells] of section.matchAll(/<tr><th>(.*?)<\/th>(.*?)<\/tr>/g)) rows.set(strip(label), [...cells.matchAll(/<td>(.*?)<\/td>/g)].map((c) => strip(c[1])));
  return { html: section, rows };
}

async function reportOf(src: ExportSource): Promise<string> {
  const out = tempDir();
  await exportRun(src, ['report'], out);
  return readFile(join(out, 'report.html'), 'utf8');
}

describe('the run report of a search lists its retrainings', () => {
  it('from the run store: each linked retraining with its status, epochs, accuracy, network size and settings, escaped', async () => {
    const store = tempStore();
    const cfg = config();
    const search = store.createRun({ config: cfg, name: 'search <b>one</b>' });
    store.appendEvents(search.id, searchEvents(cfg));
    // Finished: 3 of 3 epochs; its name tries to inject a script.
    const done = store.createRun({ config: retrainOf({}), parentRunId: search.id, name: 'rt <script>alert(1)</script>' });
    store.appendEvents(done.id, retrainEvents(retrainOf({}), [0.61, 0.83, 0.79]));
    // Still running after 1 of 5 epochs, from the genotype after epoch 2, without cutout or auxiliary head.
    const partialCfg = retrainOf({ budget: { epochs: 5 }, source: { epoch: 1 }, model: { channels: 8, layers: 5, auxiliary: false, dropPathProb: 0 }, data: { augment: { cutout: false } } });
    const partial = store.createRun({ config: partialCfg, parentRunId: search.id, name: 'rt partial' });
    store.appendEvents(partial.id, retrainEvents(partialCfg, [0.42]));
    // Neither a clone of the search nor another search's retraining belongs in the list.
    store.createRun({ config: cfg, parentRunId: search.id, name: 'clone of the search' });
    const other = store.createRun({ config: cfg, name: 'other search' });
    store.createRun({ config: retrainOf({}), parentRunId: other.id, name: 'rt of the other search' });

    const html = await reportOf(await storeSource(store, search.id));
    const { html: section, rows } = retrainingSection(html);
    expect(rows.get('Run')).toEqual([`#1 rt <script>alert(1)</script> ${done.id}`, `#2 rt partial ${partial.id}`]);
    expect(rows.get('Status')).toEqual(['done', 'running']);
    expect(rows.get('Epochs done / planned')).toEqual(['3 / 3', '1 / 5']);
    expect(rows.get('Genotype')).toEqual(['final', 'derived after epoch 2']);
    expect(rows.get('Final accuracy (top-1)')).toEqual(['79.00%', '42.00%']);
    expect(rows.get('Best accuracy (top-1)')).toEqual(['83.00%', '42.00%']);
    expect(rows.get('Evaluated on')).toEqual(['the test split', 'the test split']);
    expect(rows.get('Dataset')).toEqual(['CIFAR-10', 'CIFAR-10']);
    expect(rows.get('Parameters (no auxiliary head)')).toEqual(['3,349,342', '3,349,342']);
    expect(rows.get('Multiply-adds per image')).toEqual(['528,312,000', '528,312,000']);
    expect(rows.get('Network')).toEqual(['8 cells, C = 16', '5 cells, C = 8']);
    expect(rows.get('Auxiliary head')).toEqual(['weight 0.4', 'none']);
    expect(rows.get('Drop path')).toEqual(['0.3 (ramped linearly from 0)', '0 (ramped linearly from 0)']);
    expect(rows.get('Cutout')).toEqual(['12 px', 'off']);
    expect(html).not.toContain('other search');
    expect(html).not.toContain('clone of the search');
    // Names from the store are escaped everywhere: no live markup gets through.
    expect(html).not.toMatch(/<script|<b>/);
    expect(html).toContain('rt &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<h1>search &lt;b&gt;one&lt;/b&gt;</h1>');
    // One accuracy curve, the finished retraining's (#1), with a point per epoch; still no URL to fetch.
    const chart = /<figure><svg[\s\S]*?<\/figure>/.exec(section)?.[0] ?? '';
    expect(chart).toContain('<title>retraining accuracy</title>');
    expect(chart).toContain('Test accuracy');
    expect(chart.match(/<path d="[^"]*"/g)?.map((d) => d.match(/[ML]-?\d/g)?.length)).toEqual([3]);
    expect(chart).toContain('>#1<');
    expect(chart).not.toContain('>#2<');
    expect(html.replace(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, '')).not.toMatch(/https?:\/\/|<link|<img|src=|href=/);
  });

  it('from the run store: a search without retraining says so and how to start one', async () => {
    const store = tempStore();
    const cfg = config();
    const search = store.createRun({ config: cfg });
    store.appendEvents(search.id, searchEvents(cfg));
    const { html, rows } = retrainingSection(await reportOf(await storeSource(store, search.id)));
    expect(rows.size).toBe(0);
    expect(html).toContain('No retraining of this search');
    expect(html).toContain('Retrain…');
    expect(html).toContain(`nas-studio serve --db ${store.path}`);
    expect(html).toContain(`nas-studio retrain --db ${store.path} --run ${search.id}`);
  });

  it("a retraining's own report has no Retraining section (its result is its summary and curves)", async () => {
    const store = tempStore();
    const cfg = config();
    const search = store.createRun({ config: cfg });
    store.appendEvents(search.id, searchEvents(cfg));
    const rt = store.createRun({ config: retrainOf({}), parentRunId: search.id });
    store.appendEvents(rt.id, retrainEvents(retrainOf({}), [0.5, 0.6, 0.7]));
    const html = await reportOf(await storeSource(store, rt.id));
    expect(html).not.toContain('<h2>Retraining</h2>');
    expect(html).toContain('<h2>Retraining curves</h2>');
    expect(strip(html)).toContain('Final validation accuracy70.00%');
  });

  it('from run folders: the retrainings beside the search that name it as their parent', async () => {
    const root = tempDir();
    const searchDir = join(root, 'search');
    const cfg = config();
    const run = await RunDir.open(searchDir, false);
    await run.writeConfig(cfg);
    for (const e of searchEvents(cfg)) await run.add(e);
    await run.close();
    const src0 = await runSource(searchDir);
    expect(src0.retrainings?.runs).toEqual([]);
    const empty = retrainingSection(await reportOf(src0));
    expect(empty.html).toContain(`nas-studio retrain --from ${searchDir} --preset`);

    const write = async (name: string, rcfg: RetrainConfig, accs: number[], parent?: string) => {
      const rt = await RetrainRunDir.open(join(root, name), false, parent);
      await rt.writeConfig(rcfg);
      for (const e of retrainEvents(rcfg, accs)) await rt.add(e);
      await rt.close();
    };
    await write('rt-a', retrainOf({ name: 'folder retrain', source: { run: searchDir } }), [0.3, 0.5, 0.4], searchDir);
    await write('rt-b', retrainOf({ source: { named: 'DARTS_V2' } }), [0.9, 0.9, 0.9]); // a built-in genotype's retraining: not this search's
    const { rows } = retrainingSection(await reportOf(await runSource(searchDir)));
    expect(rows.get('Run')).toEqual([`#1 folder retrain ${join(root, 'rt-a')}`]);
    expect(rows.get('Status')).toEqual(['done']);
    expect(rows.get('Final accuracy (top-1)')).toEqual(['40.00%']);
    expect(rows.get('Best accuracy (top-1)')).toEqual(['50.00%']);
    expect(rows.get('Parameters (no auxiliary head)')).toEqual(['3,349,342']);
  });
});
