import { CELL_TYPES, genotypeOpCounts, nodeCount, pythonFormat, type CellType } from '../genotype';
import { PRODUCT_VERSION } from '../../shared/product';
import { alphaBody, curvesBody, esc, lineChart, svgDocument, type EpochRow } from './figures';
import type { ExportSource, RetrainingSource } from './source';

const pct = (x: number | null | undefined) => (x == null || !Number.isFinite(x) ? '–' : `${(100 * x).toFixed(2)}%`);
const bestAcc = (rows: readonly EpochRow[]) => Math.max(...rows.map((e) => e.valAcc ?? -Infinity));
const count = (n: number) => n.toLocaleString('en-US');
const CSS = `body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.6em}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.6em}table{border-collapse:collapse}
td,th{border:1px solid #ddd;padding:.3em .6em;text-align:left}pre{background:#f6f8fa;padding:1em;overflow:auto;font-size:.85em}
figure{margin:1em 0;overflow-x:auto}.muted{color:#777}.scroll{overflow-x:auto;max-width:100%}`;

function table(rows: Array<[string, string]>): string {
  return `<table>${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>`;
}

function figure(svg: string, caption: string): string {
  return `<figure>${svg}<figcaption class="muted">${esc(caption)}</figcaption></figure>`;
}

/** Diagnostics from the data at hand: the genotype's op make-up, α entropy per epoch, recorded per-epoch values. */
function diagnostics(src: ExportSource): string {
  const parts: string[] = [];
  if (src.genotype) {
    const counts = genotypeOpCounts(src.genotype);
    const rows = CELL_TYPES.map((c) => `<tr><th>${c}</th><td>${esc(Object.entries(counts[c]).map(([op, n]) => `${op} ×${n}`).join(', '))}</td></tr>`);
    const skips = counts.normal.skip_connect ?? 0;
    parts.push(`<table>${rows.join('')}</table>`);
    parts.push(`<p>${skips} skip connection${skips === 1 ? '' : 's'} in the normal cell${skips >= 3 ? ' — a sign of skip-connect collapse (DARTS+ and P-DARTS cap it at 2)' : ''}.</p>`);
  }
  const history = src.alphas.length ? src.alphas : (src.parent?.alphas ?? []);
  if (history.length) {
    const entropy = (m: number[][]) => m.reduce((a, row) => a - row.reduce((s, p) => s + (p > 0 ? p * Math.log(p) : 0), 0), 0) / Math.max(1, m.length);
    const groups = Object.keys(history[0].weights);
    const rows = [history[0], history.at(-1) as (typeof history)[number]].map((h) => `<tr><td>${h.epoch + 1}</td>${groups.map((g) => `<td>${entropy(h.weights[g]).toFixed(3)}</td>`).join('')}</tr>`);
    parts.push(`<p>Mean entropy of the relaxed α per edge (lower = more decided):</p><table><tr><th>epoch</th>${groups.map((g) => `<th>${esc(g)}</th>`).join('')}</tr>${rows.join('')}</table>`);
  }
  const diag = src.diagnostics.length ? src.diagnostics : (src.parent?.diagnostics ?? []);
  if (diag.length) {
    // One row per quantity, epochs across (strategies report dozens of quantities); wider than the page, it scrolls on its own.
    const keys = [...new Set(diag.flatMap((d) => Object.keys(d.values)))].sort();
    const rows = keys.map((k) => `<tr><th>${esc(k)}</th>${diag.map((d) => `<td>${d.values[k]?.toPrecision(4) ?? ''}</td>`).join('')}</tr>`);
    parts.push(`<div class="scroll"><table><tr><th>quantity</th>${diag.map((d) => `<th>epoch ${d.epoch + 1}</th>`).join('')}</tr>${rows.join('')}</table></div>`);
  }
  return parts.join('') || '<p class="muted">No diagnostics recorded.</p>';
}

/** Line colours of the retraining curves (matplotlib's tab10), cycled. */
const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

/** Each retraining's figures, one column per run (#1, #2, … also label its curve); cells are HTML. */
const RETRAINING_ROWS: Array<[string, (r: RetrainingSource, i: number) => string]> = [
  ['Run', (r, i) => `#${i + 1} ${esc(r.title)}<br><code>${esc(r.ref)}</code>`],
  ['Status', (r) => esc(r.status)],
  ['Epochs done / planned', (r) => `${r.epochs.length} / ${r.config.budget.epochs}`],
  ['Genotype', (r) => (r.config.source.epoch === undefined ? 'final' : `derived after epoch ${r.config.source.epoch + 1}`)],
  ['Final accuracy (top-1)', (r) => pct(r.epochs.at(-1)?.valAcc)],
  ['Best accuracy (top-1)', (r) => pct(bestAcc(r.epochs))],
  // train.py evaluates on the test split; a dataset without one holds part of the training set out.
  ['Evaluated on', (r) => (r.meta ? (r.meta.valSource === 'test' ? 'the test split' : 'a held-out part of the training set') : '–')],
  ['Dataset', (r) => esc(r.meta?.dataset.title ?? r.config.data.dataset)],
  ['Parameters (no auxiliary head)', (r) => (r.meta ? count(r.meta.params) : '–')],
  ['Multiply-adds per image', (r) => (r.meta ? count(r.meta.multiplyAdds) : '–')],
  ['Network', (r) => `${r.config.model.layers} cells, C = ${r.config.model.channels}`],
  ['Auxiliary head', (r) => (r.config.model.auxiliary ? `weight ${r.config.model.auxiliaryWeight}` : 'none')],
  ['Drop path', (r) => `${r.config.model.dropPathProb} (ramped linearly from 0)`],
  ['Cutout', (r) => (r.config.data.augment.cutout ? `${r.config.data.augment.cutoutLength} px` : 'off')],
  ['Optimizer', (r) => esc(`batch ${r.config.data.batchSize}, lr ${r.config.optimizer.lr} (${r.config.optimizer.schedule}), weight decay ${r.config.optimizer.weightDecay}`)],
];

/** A search's retrainings side by side, with the accuracy curve of each finished one; or how to start one. */
function retrainingsSection({ runs, howToStart }: NonNullable<ExportSource['retrainings']>): string {
  if (!runs.length) return `<p>No retraining of this search's genotype is recorded.</p><p>${esc(howToStart)}</p>`;
  const rows = RETRAINING_ROWS.map(([label, cell]) => `<tr><th>${esc(label)}</th>${runs.map((r, i) => `<td>${cell(r, i)}</td>`).join('')}</tr>`);
  const parts = [`<p>${runs.length} retraining${runs.length === 1 ? '' : 's'} of this search's genotype, each trained from scratch as the evaluation network.</p>`, `<figure><table>${rows.join('')}</table></figure>`];
  const finished = runs.map((r, i) => ({ r, i })).filter(({ r }) => r.status === 'done' && r.epochs.length);
  if (finished.length) {
    const name = finished.every(({ r }) => r.meta?.valSource === 'test') ? 'Test accuracy' : 'Validation accuracy';
    const series = finished.map(({ r, i }) => ({ label: `#${i + 1}`, colour: PALETTE[i % PALETTE.length], points: r.epochs.map((e): [number, number] => [e.epoch + 1, e.valAcc ?? NaN]) }));
    const [w, h] = [640, 300];
    const body = lineChart({ x: 0, y: 0, width: w, height: h }, series, name, { xLabel: 'epoch', yMin: 0, yMax: 1 });
    parts.push(figure(svgDocument(w, h, body, 'retraining accuracy'), `${name} (top-1) per epoch of each finished retraining, labelled as in the table.`));
  }
  return parts.join('');
}

/**
 * One self-contained HTML page (inline CSS and SVG, no script, no network): configuration,
 * curves, α evolution, final genotype figures (`cells`, drawn by genotypeCellSvgs), diagnostics and
 * the retraining result.
 */
export function reportHtml(src: ExportSource, cells: ReadonlyArray<{ cell: CellType; svg: string }> = []): string {
  const search = src.kind === 'search' ? src : src.parent;
  const last = src.epochs.at(-1);
  const sections: string[] = [];
  const summary: Array<[string, string]> = [
    ['Run', src.ref],
    ['Kind', src.kind],
    ['Epochs recorded', String(src.epochs.length)],
    ['Final validation accuracy', pct(last?.valAcc)],
    ['Best validation accuracy', pct(bestAcc(src.epochs))],
  ];
  if (src.model) {
    summary.push(['Parameters (no auxiliary head)', count(src.model.meta.params)], ['Multiply-adds per image', count(src.model.meta.multiplyAdds)]);
    summary.push(['Dataset', `${src.model.meta.dataset.title} (${src.model.meta.valSource} split for validation)`]);
  }
  if (src.parent) summary.push(['Searched in', src.parent.ref]);
  sections.push(`<h2>Summary</h2>${table(summary)}`);
  if (src.epochs.length) {
    const c = curvesBody(src.epochs);
    sections.push(`<h2>${src.kind === 'retrain' ? 'Retraining curves' : 'Search curves'}</h2>${figure(svgDocument(c.width, c.height, c.body, 'curves'), 'Per-epoch training and validation loss and accuracy.')}`);
  }
  if (src.kind === 'retrain' && src.parent?.epochs.length) {
    const c = curvesBody(src.parent.epochs);
    sections.push(`<h2>Search curves</h2>${figure(svgDocument(c.width, c.height, c.body, 'search curves'), `The search ${src.parent.ref}.`)}`);
  }
  if (search?.alphas.length) {
    const a = alphaBody(search.alphas, search.primitives, src.genotype ? nodeCount(src.genotype.normal) : undefined);
    sections.push(`<h2>α evolution</h2>${figure(svgDocument(a.width, a.height, a.body, 'alpha evolution'), 'Relaxed architecture weights of each edge per epoch, one line per candidate op; each chart is scaled to its own range, uniform (1/|ops|) dashed.')}`);
  }
  if (src.genotype) {
    const g = src.genotype;
    const drawn = cells.map((c) => figure(c.svg, `${c.cell === 'normal' ? 'Normal' : 'Reduction'} cell`)).join('');
    sections.push(`<h2>Final genotype</h2>${drawn}<pre>${esc(pythonFormat.print(g))}</pre>`);
  }
  if (src.kind === 'search' && src.retrainings) sections.push(`<h2>Retraining</h2>${retrainingsSection(src.retrainings)}`);
  sections.push(`<h2>Diagnostics</h2>${diagnostics(src)}`);
  sections.push(`<h2>Configuration</h2><pre>${esc(JSON.stringify(src.config, null, 2))}</pre>`);
  if (src.parent) sections.push(`<h3>Search configuration</h3><pre>${esc(JSON.stringify(src.parent.config, null, 2))}</pre>`);
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(src.title)} — NAS Studio report</title><style>${CSS}</style></head><body><h1>${esc(src.title)}</h1><p class="muted">NAS Studio ${esc(PRODUCT_VERSION)} run report, written ${new Date().toISOString()}.</p>${sections.join('\n')}</body></html>\n`;
}
