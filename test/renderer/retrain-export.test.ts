import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Catalog, JsonSchema } from '../../src/shared/api';
import { retrainConfigSchema, retrainPresets, searchConfigSchema } from '../../src/shared/config';
import type { RunDetail } from '../../src/shared/runs';
import type { GenotypeJsonShape } from '../../src/shared/search-events';
import { ExportView } from '../../src/renderer/src/components/ExportPanel';
import { RetrainForm } from '../../src/renderer/src/components/RetrainDialog';
import { ApiProvider } from '../../src/renderer/src/api';
import { RetrainSummary } from '../../src/renderer/src/components/RetrainSummary';
import { exportChoices } from '../../src/renderer/src/lib/export-choices';
import { canRetrain, defaultRetrainStart, genotypeEpochs, retrainRequest, splitIssues } from '../../src/renderer/src/lib/retrain';
import { RUN_CHARTS } from '../../src/renderer/src/lib/run-charts';

// The retrain dialog, the retraining summary and the export panel: what they offer, send and show.

const RUN = '00000000-0000-4000-8000-000000000001';
const PARENT = '00000000-0000-4000-8000-0000000000aa';
const DARTS_V2: GenotypeJsonShape = {
  normal: [['sep_conv_3x3', 0], ['sep_conv_3x3', 1], ['sep_conv_3x3', 0], ['sep_conv_3x3', 1], ['sep_conv_3x3', 1], ['skip_connect', 0], ['skip_connect', 0], ['dil_conv_3x3', 2]],
  normal_concat: [2, 3, 4, 5],
  reduce: [['max_pool_3x3', 0], ['max_pool_3x3', 1], ['skip_connect', 2], ['max_pool_3x3', 1], ['max_pool_3x3', 0], ['skip_connect', 2], ['skip_connect', 2], ['max_pool_3x3', 1]],
  reduce_concat: [2, 3, 4, 5],
};
// The catalog's shape, as src/main/api/catalog.ts builds it from the shared schema and presets.
const retrain: Catalog['retrain'] = { configSchema: z.toJSONSchema(retrainConfigSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema, presets: retrainPresets.map((p) => ({ ...p, config: { ...p.config } })) };
const FORMATS: Catalog['exports'] = [
  { id: 'tfjs', title: 'TensorFlow.js layers model', needs: 'model' },
  { id: 'onnx', title: 'ONNX model', needs: 'model' },
  { id: 'genotype', title: 'Genotype files', needs: 'genotype' },
  { id: 'figures', title: 'Figures', needs: 'history' },
  { id: 'report', title: 'HTML report', needs: 'history' },
];

const searchConfig = (data: Record<string, unknown>) => searchConfigSchema.parse({ data });
const search = (over: Partial<RunDetail> = {}) => ({ id: RUN, name: 'my search', kind: 'search' as const, status: 'done' as const, finalGenotype: DARTS_V2, genotypes: [{ epoch: 0, genotype: DARTS_V2 }, { epoch: 1, genotype: DARTS_V2 }], config: searchConfig({ dataset: 'cifar10' }), ...over });

const form = (issues: Array<{ path: Array<string | number>; message: string }> = [], error: string | null = null) =>
  renderToStaticMarkup(createElement(RetrainForm, { run: search(), retrain, plugins: { dataset: [{ id: 'cifar10', title: 'CIFAR-10', optionsSchema: { type: 'object', properties: {} } }, { id: 'mnist', title: 'MNIST', optionsSchema: { type: 'object', properties: {} } }] }, issues, error, busy: false, onSubmit: () => undefined, onCancel: () => undefined }));

describe('the retrain form', () => {
  it('offers every catalog preset and each epoch with a genotype, and shows the default preset (short, on the search\'s dataset) as values', () => {
    const html = form();
    for (const p of retrainPresets) expect(html).toContain(`>${p.title}</option>`);
    expect(html).toContain(retrainPresets.find((p) => p.id === 'cifar10-short')!.description);
    expect(html).toMatch(/<option value="cifar10-short" selected="">/);
    expect(html).toContain('>final (latest derived)</option>');
    expect(html).toContain('<option value="0">after epoch 1</option>');
    expect(html).toContain('<option value="1">after epoch 2</option>');
    // The key fields come from the retrain config's JSON Schema: the preset's as values, unset ones with the schema's default as a placeholder.
    for (const [path, v] of [['model.channels', '16'], ['model.layers', '8'], ['budget.epochs', '20'], ['data.batchSize', '64']]) expect(html).toMatch(new RegExp(`data-path="${path}"[^>]*value="${v}"`));
    expect(html).toMatch(/data-path="optimizer.lr"[^>]*placeholder="0.025"/);
    // Each field once (ids are paths): the rest of a key group sits under "All settings", the genotype nowhere.
    expect(html.match(/id="f-model.channels"/g)).toHaveLength(1);
    expect(html).toContain('data-path="model.dropPathProb"');
    expect(html).toContain('data-path="optimizer.lr"');
    expect(html).not.toContain('data-path="genotype"');
    expect(html).not.toContain('data-path="source');
  });

  it("starts on the search's dataset with its shortest preset, or moves the shortest preset onto the search's data", () => {
    expect(defaultRetrainStart(retrain, { config: searchConfig({ dataset: 'mnist' }) }).presetId).toBe('quick');
    expect(defaultRetrainStart(retrain, { config: searchConfig({ dataset: 'cifar10' }) }).presetId).toBe('cifar10-short');
    expect(defaultRetrainStart(retrain, { config: searchConfig({ dataset: 'cifar100' }) }).presetId).toBe('darts-cifar100');
    const synthetic = defaultRetrainStart(retrain, { config: searchConfig({ dataset: 'synthetic', options: { trainCount: 64 } }) });
    expect(synthetic.presetId).toBe('quick');
    expect(synthetic.config).toMatchObject({ data: { dataset: 'synthetic', options: { trainCount: 64 }, batchSize: 32 }, budget: { epochs: 2 } });
    // The catalog's preset is copied, not edited.
    expect(retrain.presets.find((p) => p.id === 'quick')!.config).toMatchObject({ data: { dataset: 'mnist' } });
  });

  it("puts the host's messages next to the config fields they name, the others above the buttons", () => {
    const html = form([{ path: ['config', 'model', 'channels'], message: 'Too big: expected number to be <=512' }, { path: ['epoch'], message: 'no genotype for epoch 9' }], 'invalid input');
    expect(html).toMatch(/id="f-model.channels"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="f-model.channels"/);
    expect(html).toContain('id="f-model.channels-error"');
    expect(html).toContain('Too big: expected number to be &lt;=512');
    expect(html).toMatch(/data-testid="retrain-error"[^]*invalid input[^]*epoch: no genotype for epoch 9/);
  });

  it('sends the config without genotype or source (the host takes them from the run), the epoch only when one is picked, a name from the search when none is given', () => {
    const cfg = { genotype: DARTS_V2, source: { run: 'x' }, model: { channels: 16 }, budget: { epochs: 3 } };
    expect(retrainRequest({ id: RUN, name: 'my search' }, cfg, null, '  ')).toEqual({ fromRun: RUN, config: { model: { channels: 16 }, budget: { epochs: 3 } }, name: 'my search · retrain' });
    expect(retrainRequest({ id: RUN, name: 'my search' }, {}, 4, ' short ')).toEqual({ fromRun: RUN, config: {}, epoch: 4, name: 'short' });
  });

  it('splits host issues into config fields (by path inside the config) and general messages', () => {
    const { fields, general } = splitIssues([
      { path: ['config', 'data', 'batchSize'], message: 'a' },
      { path: ['config', 'data', 'batchSize'], message: 'b' },
      { path: ['config'], message: 'whole config' },
      { path: ['fromRun'], message: 'not a run id' },
    ]);
    expect([...fields]).toEqual([['data.batchSize', ['a', 'b']]]);
    expect(general).toEqual(['config: whole config', 'fromRun: not a run id']);
  });

  it('is offered for a search with a genotype only', () => {
    expect(canRetrain(search())).toBe(true);
    expect(canRetrain(search({ status: 'running', finalGenotype: null }))).toBe(true);
    expect(canRetrain(search({ finalGenotype: null, genotypes: [] }))).toBe(false);
    expect(canRetrain(search({ kind: 'retrain' }))).toBe(false);
    expect(genotypeEpochs({ genotypes: [{ epoch: 3, genotype: DARTS_V2 }, { epoch: 1, genotype: DARTS_V2 }] })).toEqual([1, 3]);
  });
});

describe('a retraining run on the dashboard', () => {
  const config = retrainConfigSchema.parse({ genotype: DARTS_V2, source: { run: PARENT, epoch: 4 }, model: { channels: 16, layers: 8 } });
  const meta = {
    kind: 'retrain' as const,
    backend: { name: 'cpu', provider: 'tfjs', gpu: false, tfjsVersion: '4.22.0' },
    params: 3_349_342,
    trainedParams: 3_478_672,
    multiplyAdds: 528_000_000,
    stepsPerEpoch: 521,
    trainExamples: 50_000,
    valExamples: 10_000,
    valSource: 'test' as const,
    dataset: { id: 'cifar10', title: 'CIFAR-10', source: 'x', height: 32, width: 32, channels: 3, classes: 10 },
    preprocessing: { mean: [0.4914, 0.4822, 0.4465], std: [0.247, 0.2435, 0.2616] },
  };
  /** Rendered inside an API provider that has not connected yet: cells show as figures whose drawing (from the host) is still to come. */
  const summary = (run: Parameters<typeof RetrainSummary>[0]['run']) => renderToStaticMarkup(createElement(ApiProvider, { transport: undefined, children: createElement(RetrainSummary, { run }) }));
  it('says where its genotype came from (a link to the search), its size, and shows both cells', () => {
    const html = summary({ id: RUN, name: 'r', kind: 'retrain', config, meta, parentRunId: PARENT });
    expect(html).toContain(`href="#/run/${PARENT}"`);
    expect(html).toContain('after epoch 5');
    expect(html).toContain('8 cells, C = 16');
    expect(html).toMatch(/data-testid="retrain-params">3\.35 M \(3,349,342; 3,478,672 trained, with the auxiliary head\)/);
    expect(html).toMatch(/data-testid="retrain-madds">528 M per image/);
    expect(html).toContain('0.4914');
    expect(html).toContain('aria-label="Normal cell: 8 edges"');
    expect(html).toContain('aria-label="Reduction cell: 8 edges"');
  });
  it('gives one parameter count when there is no auxiliary head', () => {
    const html = summary({ id: RUN, name: 'r', kind: 'retrain', config: { ...config, model: { ...config.model, auxiliary: false } }, meta: { ...meta, trainedParams: meta.params }, parentRunId: PARENT });
    expect(html).toMatch(/data-testid="retrain-params">3\.35 M \(3,349,342\)</);
    expect(html).toContain('no auxiliary head');
  });
  it('renders nothing for a search', () => {
    expect(renderToStaticMarkup(createElement(RetrainSummary, { run: { id: RUN, name: 's', kind: 'search', config: {} as never, meta: null, parentRunId: null } }))).toBe('');
  });
  it('charts its own metrics (auxiliary loss, drop path) and no α side', () => {
    const metrics = (k: 'search' | 'retrain') => RUN_CHARTS[k].flatMap((c) => c.metrics.map(([m]) => m));
    expect(metrics('retrain')).toEqual(expect.arrayContaining(['step.trainLoss', 'step.trainAcc', 'epoch.valAcc', 'step.lr', 'step.dropPathProb', 'step.auxLoss']));
    expect(metrics('retrain')).not.toEqual(expect.arrayContaining(['step.archLr']));
    expect(metrics('retrain').filter((m) => m === 'step.valLoss' || m === 'step.archTime')).toEqual([]);
    expect(metrics('search')).toEqual(expect.arrayContaining(['step.valLoss', 'step.archLr', 'step.archTime']));
  });
});

describe('the export panel', () => {
  it('offers model formats only for a finished retraining, and says why not', () => {
    const forSearch = exportChoices(search(), FORMATS);
    expect(forSearch.filter((c) => c.unavailable === null).map((c) => c.id)).toEqual(['genotype', 'figures', 'report']);
    expect(forSearch.find((c) => c.id === 'tfjs')!.unavailable).toMatch(/retrain the genotype/);
    expect(exportChoices({ ...search(), kind: 'retrain', status: 'running' }, FORMATS).find((c) => c.id === 'onnx')!.unavailable).toMatch(/finish/);
    expect(exportChoices({ ...search(), kind: 'retrain', status: 'done' }, FORMATS).every((c) => c.unavailable === null)).toBe(true);
    expect(exportChoices(search({ status: 'running', finalGenotype: null, genotypes: [] }), FORMATS).find((c) => c.id === 'genotype')!.unavailable).toMatch(/none derived/);
  });

  const result = {
    dir: '/data/runs/x/exports/2026',
    files: [
      { artifactId: 7, format: 'genotype', kind: 'genotype', name: 'genotype/genotype.json', fileName: 'baseline-genotype-genotype.json', bytes: 612, downloadPath: `/download/runs/${RUN}/artifacts/7` },
      { artifactId: 8, format: 'report', kind: 'report', name: 'report.html', fileName: 'baseline-report.html', bytes: 20_480, downloadPath: `/download/runs/${RUN}/artifacts/8` },
    ],
    zip: { artifactId: 9, format: 'zip', kind: 'zip', name: 'export.zip', fileName: 'baseline-export.zip', bytes: 9_000, downloadPath: `/download/runs/${RUN}/artifacts/9` },
  };
  const view = (electron: boolean, saved = new Map<number, string>()) =>
    renderToStaticMarkup(createElement(ExportView, { choices: exportChoices(search(), FORMATS), selected: new Set(['tfjs', 'genotype']), onToggle: () => undefined, onExport: () => undefined, busy: false, error: null, result, electron, onSave: () => undefined, saved }));

  it('disables the formats a search cannot give, with the reason, and exports only the available chosen ones', () => {
    const html = view(false);
    expect(html).toMatch(/<input[^>]*disabled=""[^>]*value="tfjs"/);
    expect(html).not.toMatch(/<input[^>]*disabled=""[^>]*value="genotype"/);
    expect(html).toMatch(/<input[^>]*checked=""[^>]*value="genotype"/);
    expect(html).toContain('Unavailable: needs trained weights');
    expect(html).toContain('>Export genotype</button>');
  });

  it('links each written file for download from the browser host', () => {
    const html = view(false);
    expect(html).toContain(`<a href="/download/runs/${RUN}/artifacts/7" download="baseline-genotype-genotype.json">genotype/genotype.json</a>`);
    expect(html).toContain(`href="/download/runs/${RUN}/artifacts/8" download="baseline-report.html"`);
    expect(html).toContain(`href="/download/runs/${RUN}/artifacts/9" download="baseline-export.zip">Download all as one zip</a>`);
    expect(html).toContain('20.0 KiB');
    expect(html).toContain('/data/runs/x/exports/2026');
  });

  it('inside Electron names the files and their folder instead of linking them, each with a save dialog', () => {
    const html = view(true, new Map([[8, '/home/u/report.html']]));
    expect(html).not.toContain('<a ');
    expect(html).toContain('<code>genotype/genotype.json</code>');
    expect(html).toContain('/data/runs/x/exports/2026</code>: open that folder');
    expect(html.match(/>Save as…<\/button>/g)).toHaveLength(2);
    expect(html).toContain('>Save all as one zip…</button>');
    expect(html).toContain('saved to /home/u/report.html');
    expect(view(false)).not.toContain('Save as…');
  });
});
