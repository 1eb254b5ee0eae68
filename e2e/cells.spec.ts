import { readFileSync } from 'node:fs';
import type { Locator } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import WebSocket from 'ws';
import { createApiClient, TOKEN_PARAM, WS_PATH, wsTransport, type ApiClient, type WebSocketLike } from '../src/shared/api';
import { expect, screenshot, test } from './fixtures';

// Cell drawings as a reader meets them: the dashboard, Compare at 1000 px and a retraining's
// Architecture tab all draw whole edges inside the figure, labels that never overlap and stay
// readable (>= 11 px), and the nodes in order left to right. Two tiny searches (one epoch of two
// steps) and a retraining of the first, started over the API, give the cells.

const TINY = {
  backend: 'wasm',
  data: { dataset: 'synthetic', options: { trainCount: 32, testCount: 16, height: 8, width: 8, channels: 1, numClasses: 3 }, batchSize: 8 },
  model: { channels: 2, layers: 3 },
  budget: { epochs: 1, stepsPerEpoch: 2, evalBatches: 1 },
};

async function connect(serverUrl: string): Promise<{ api: ApiClient; close(): void }> {
  const url = new URL(serverUrl);
  const ws = `ws://${url.host}${WS_PATH}?${TOKEN_PARAM}=${url.searchParams.get(TOKEN_PARAM) ?? ''}`;
  const transport = wsTransport(ws, (u) => new WebSocket(u) as unknown as WebSocketLike);
  await transport.ready;
  return { api: createApiClient(transport), close: () => transport.close() };
}

async function searched(api: ApiClient, seed: number): Promise<string> {
  const { id } = await api.call('startRun', { config: { ...TINY, seed }, name: `cells e2e seed ${seed}` });
  await expect.poll(async () => (await api.call('getRun', { id })).status, { timeout: 300_000, intervals: [1000] }).toBe('done');
  return id;
}

interface Geometry {
  /** Edges whose drawn box leaves the SVG's box, by label (or 'to c_{k}'). */
  outside: string[];
  /** Pairs of edge labels whose boxes overlap. */
  overlaps: string[];
  /** Smallest label font size on screen, px. */
  minFontPx: number;
  /** Node labels left to right, c_{k-2} first when it sits above c_{k-1}. */
  order: string[];
  edges: number;
}

/** Measures one drawn cell in the page: every edge, label and node as the browser lays it out. */
function geometry(figure: Locator): Promise<Geometry> {
  return figure.evaluate((el) => {
    const svg = el.querySelector('svg')!;
    const box = svg.getBoundingClientRect();
    const outside: string[] = [];
    for (const g of svg.querySelectorAll('g.cell-edge, g.cell-edge-out')) {
      const name = g.querySelector('text')?.textContent ?? 'to c_{k}';
      for (const shape of g.querySelectorAll('path, polygon')) {
        const r = shape.getBoundingClientRect();
        if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5) outside.push(name);
      }
    }
    const labels = [...svg.querySelectorAll('g.cell-edge text')].map((t) => ({ text: t.textContent ?? '', r: t.getBoundingClientRect(), px: Number(t.getAttribute('font-size')) * (svg.getScreenCTM()?.a ?? 0) }));
    const overlaps: string[] = [];
    labels.forEach((a, i) =>
      labels.slice(i + 1).forEach((b) => {
        if (a.r.left < b.r.right - 0.5 && b.r.left < a.r.right - 0.5 && a.r.top < b.r.bottom - 0.5 && b.r.top < a.r.bottom - 0.5) overlaps.push(`${a.text} / ${b.text}`);
      }),
    );
    const nodes = [...svg.querySelectorAll('g.cell-node')].map((g) => {
      const r = g.getBoundingClientRect();
      return { label: g.querySelector('text')?.textContent ?? '', x: r.left + r.width / 2, y: r.top + r.height / 2 };
    });
    const order = nodes.sort((a, b) => a.x - b.x || a.y - b.y).map((n) => n.label);
    return { outside, overlaps, minFontPx: Math.min(...labels.map((l) => l.px)), order, edges: labels.length };
  });
}

async function expectReadableCells(scope: Locator, count: number): Promise<void> {
  const figures = scope.locator('figure.cell-graph');
  await expect(figures).toHaveCount(count);
  for (const figure of await figures.all()) {
    await expect(figure.locator('g.cell-edge')).toHaveCount(8);
    const g = await geometry(figure);
    expect(g.outside, 'edges cut off at the figure border').toEqual([]);
    expect(g.overlaps, 'overlapping edge labels').toEqual([]);
    expect(g.minFontPx).toBeGreaterThanOrEqual(11);
    expect(g.order).toEqual(['c_{k-2}', 'c_{k-1}', '0', '1', '2', '3', 'c_{k}']);
  }
}

test.describe.configure({ timeout: 600_000 });

test('cells are drawn whole, in order and readable on the dashboard, in Compare and on a retraining', async ({ app: page, server }, info) => {
  const { api, close } = await connect(server.url);
  const base = server.url.replace(/#.*$/, '');
  const [first, second] = [await searched(api, 1), await searched(api, 2)];
  const { id: retrain } = await api.call('startRetrain', { config: { backend: 'wasm', data: TINY.data, model: { channels: 4, layers: 3, auxiliary: false }, budget: { epochs: 1, stepsPerEpoch: 1, evalBatches: 1 } }, fromRun: first });
  await api.call('cancelRun', { id: retrain });
  close();

  await test.step('dashboard: both cells, each edge labelled op (α weight)', async () => {
    await page.goto(`${base}#/run/${first}`);
    await page.getByRole('tab', { name: 'Architecture' }).click();
    await expectReadableCells(page.locator('.cells'), 2);
    for (const label of await page.locator('.cells g.cell-edge text').allTextContents()) expect(label).toMatch(/^[a-z_0-9]+(?: \+ [\w-]+)? \(\d\.\d{3}\)$/);
    await screenshot(page, info, 'cells-dashboard');
    // The figure buttons save the host's drawing as it is shown, and a PNG of it.
    const normal = page.getByTestId('cell-graph-normal');
    const [svg] = await Promise.all([page.waitForEvent('download'), normal.getByRole('button', { name: 'SVG' }).click()]);
    expect(svg.suggestedFilename()).toBe('cells_e2e_seed_1-epoch1-normal.svg');
    expect(readFileSync(await svg.path(), 'utf8').match(/class="edge cell-edge"/g)).toHaveLength(8);
    const [png] = await Promise.all([page.waitForEvent('download'), normal.getByRole('button', { name: 'PNG' }).click()]);
    expect(readFileSync(await png.path()).subarray(1, 4).toString()).toBe('PNG');
  });

  await test.step('α heat map: 3 decimals or the change from uniform, a colour bar and a legend', async () => {
    const heatmap = page.getByTestId('heatmap-α normal');
    const values = await heatmap.locator('tbody td').allTextContents();
    expect(values).toHaveLength(14 * 8);
    for (const v of values) expect(v).toMatch(/^\d\.\d{3}$/);
    // A one-epoch search barely moves α: no cell of the matrix may come out as dark as a saturated one.
    await expect(heatmap.locator('td[style*="color: white"]')).toHaveCount(0);
    await expect(heatmap.locator('svg.heatmap-scale text')).toHaveText(['0.031', '0.063', '0.125', '0.250', '0.500']);
    await expect(heatmap.locator('.heatmap-legend')).toContainText('strongest op');
    await heatmap.getByLabel('show').selectOption('change');
    for (const v of await heatmap.locator('tbody td').allTextContents()) expect(v).toMatch(/^(?:0|[+−][\d.]+)%$/);
  });

  await test.step('export: every file named by run and path, and all of them as one zip', async () => {
    await page.getByRole('tab', { name: 'Export' }).click();
    await page.getByTestId('export-panel').getByRole('button', { name: /^Export / }).click();
    const files = page.getByTestId('export-files');
    await expect(files.getByRole('link', { name: 'Download all as one zip' })).toBeVisible({ timeout: 120_000 });
    const names = await files.locator('li a').evaluateAll((links) => links.map((a) => a.getAttribute('download')));
    expect(names).toContain('cells_e2e_seed_1-figures-normal-cell.svg');
    expect(new Set(names).size).toBe(names.length);
    const [download] = await Promise.all([page.waitForEvent('download'), files.getByRole('link', { name: 'Download all as one zip' }).click()]);
    expect(download.suggestedFilename()).toBe('cells_e2e_seed_1-export.zip');
    const entries = unzipSync(readFileSync(await download.path()));
    expect(Object.keys(entries)).toEqual(expect.arrayContaining(['cells_e2e_seed_1/report.html', 'cells_e2e_seed_1/figures/normal-cell.svg', 'cells_e2e_seed_1/figures/reduction-cell.png']));
    // The exported figure is the app's drawing: same renderer, so the same labelled edges.
    const svg = strFromU8(entries['cells_e2e_seed_1/figures/normal-cell.svg']);
    expect(svg.match(/class="edge cell-edge"/g)).toHaveLength(8);
    expect(svg).toContain('>Normal cell<');
  });

  await test.step('Compare at 1000×700: four cells side by side keep 11 px labels', async () => {
    await page.setViewportSize({ width: 1000, height: 700 });
    await page.goto(`${base}#/compare?ids=${first},${second}`);
    await expectReadableCells(page.locator('.genotype-columns'), 4);
    await screenshot(page, info, 'cells-compare-1000');
  });

  await test.step("a retraining's Architecture tab draws the genotype it trains", async () => {
    await page.goto(`${base}#/run/${retrain}`);
    await page.getByRole('tab', { name: 'Architecture' }).click();
    await expectReadableCells(page.locator('.cells'), 2);
    await screenshot(page, info, 'cells-retraining-1000');
  });
});
