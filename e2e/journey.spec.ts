import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { enterTinyConfig, expect, field, gotoStep, screenshot, test } from './fixtures';

// The full journey on a tiny search: launch through the wizard, watch the curves grow,
// see the derived cells, pause and resume, finish, launch a second run, compare, export.

const stepPoints = async (page: Page) => Number(await page.getByTestId('chart-Loss per step').getAttribute('data-points'));
const runId = (page: Page) => /#\/run\/([0-9a-f-]{36})/.exec(page.url())![1];
const status = (page: Page) => page.getByTestId('run-status');

async function launchFromReview(page: Page): Promise<string> {
  await gotoStep(page, /Review/);
  await expect(page.getByTestId('effective-config')).toBeVisible();
  await expect(page.getByTestId('launch')).toHaveText('Launch search');
  await page.getByTestId('launch').click();
  await page.waitForURL(/#\/run\//);
  return runId(page);
}

async function waitDone(page: Page): Promise<void> {
  await expect(status(page)).toHaveText('done', { timeout: 600_000 });
}

test('launch, watch, pause and resume, finish, compare and export', async ({ app: page }, info) => {
  test.setTimeout(25 * 60_000);
  await screenshot(page, info, 'runs-empty');

  const first = await test.step('launch through the wizard', async () => {
    await page.getByRole('link', { name: 'New search' }).first().click();
    await enterTinyConfig(page, 'e2e first');
    await screenshot(page, info, 'wizard-budget');
    await gotoStep(page, /Review/);
    await expect(page.getByTestId('effective-config')).toContainText('"channels": 4');
    // The calibration step runs in a worker: parameters, memory and time come back measured.
    await expect(page.getByTestId('estimate-params')).toHaveText(/^\d[\d,]*$/, { timeout: 300_000 });
    await screenshot(page, info, 'wizard-review');
    return launchFromReview(page);
  });

  await test.step('curves receive new points; pause holds the run, resume continues it', async () => {
    await expect(status(page)).toHaveText(/queued|running/);
    await expect.poll(() => stepPoints(page), { timeout: 300_000 }).toBeGreaterThan(0);
    await screenshot(page, info, 'dashboard-curves');
    // Pausing right after the first step leaves steps to come, whatever the machine's speed.
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect(status(page)).toHaveText('paused', { timeout: 300_000 });
    // Held at a step boundary: no new points while paused.
    const held = await stepPoints(page);
    await page.waitForTimeout(3000);
    expect(await stepPoints(page)).toBe(held);
    await screenshot(page, info, 'dashboard-paused');
    await page.getByRole('button', { name: 'Resume' }).click();
    await expect(status(page)).not.toHaveText('paused');
    // New points arrive live while the run progresses.
    await expect.poll(() => stepPoints(page), { timeout: 300_000 }).toBeGreaterThan(held);
  });

  await test.step('genotype graphs render with 8 labelled edges per cell', async () => {
    await page.getByRole('tab', { name: 'Architecture' }).click();
    for (const cell of ['normal', 'reduce']) {
      const graph = page.getByTestId(`cell-graph-${cell}`);
      await expect(graph.locator('g.cell-edge')).toHaveCount(8, { timeout: 600_000 });
      await expect(graph.locator('g.cell-edge text')).toHaveCount(8);
      // Each label is an op with its α weight, e.g. "sep_conv_3x3 (0.131)".
      for (const label of await graph.locator('g.cell-edge text').allTextContents()) expect(label).toMatch(/^[a-z_0-9]+(?: \+ [\w-]+)? \(\d\.\d{3}\)$/);
      await expect(graph.locator('g.cell-node text')).toContainText(['c_{k-2}', 'c_{k-1}', '0', '1', '2', '3', 'c_{k}'].map(String));
    }
    await expect(page.getByTestId('heatmap-α normal')).toBeVisible();
    await screenshot(page, info, 'dashboard-architecture');
  });

  await test.step('the run finishes', async () => {
    await waitDone(page);
    await expect(page.getByTestId('progress')).toHaveAttribute('aria-valuenow', '100');
    await page.getByRole('tab', { name: 'Diagnostics' }).click();
    await expect(page.getByTestId('alpha-diagnostics')).toBeVisible();
    await screenshot(page, info, 'dashboard-diagnostics');
    await page.getByRole('tab', { name: 'Event log' }).click();
    await expect(page.getByTestId('event-log')).toContainText('epoch 2/2');
    await screenshot(page, info, 'dashboard-log');
  });

  await test.step('download a genotype export', async () => {
    const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('group', { name: 'Export genotype' }).getByRole('button', { name: 'json' }).click()]);
    const genotype = JSON.parse(readFileSync(await json.path(), 'utf8')) as { normal: unknown[]; reduce: unknown[] };
    expect(genotype.normal).toHaveLength(8);
    expect(genotype.reduce).toHaveLength(8);
    await page.getByRole('tab', { name: 'Architecture' }).click();
    const [svg] = await Promise.all([page.waitForEvent('download'), page.getByTestId('cell-graph-normal').getByRole('button', { name: 'SVG' }).click()]);
    expect(svg.suggestedFilename()).toMatch(/normal\.svg$/);
    expect(readFileSync(await svg.path(), 'utf8')).toContain('<svg');
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('cell-graph-reduce').getByRole('button', { name: 'PNG' }).click()]);
    expect(readFileSync(await png.path()).subarray(1, 4).toString()).toBe('PNG');
  });

  await test.step('the retrain dialog opens modal and Cancel returns focus', async () => {
    const open = page.getByTestId('retrain-open');
    await open.click();
    const dialog = page.getByRole('dialog', { name: 'Retrain the genotype' });
    await expect(dialog).toHaveAccessibleDescription(/e2e first/);
    await expect(dialog.getByLabel('Preset', { exact: true })).toBeFocused();
    await screenshot(page, info, 'retrain-dialog');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    await expect(open).toBeFocused();
  });

  const second = await test.step('launch a second run (a clone with another seed)', async () => {
    await page.getByRole('button', { name: 'Clone' }).click();
    await expect(page.getByTestId('config-source')).toContainText('clone of e2e first');
    await field(page, 'name').fill('e2e second');
    await field(page, 'seed').fill('3');
    const id = await launchFromReview(page);
    await waitDone(page);
    return id;
  });

  await test.step('compare the two', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runs' }).click();
    await expect(page.locator('[data-testid="runs-table"] tbody tr')).toHaveCount(2);
    await screenshot(page, info, 'runs-table');
    await page.getByRole('checkbox', { name: 'Select e2e first' }).check();
    await page.getByRole('checkbox', { name: 'Select e2e second' }).check();
    await page.getByTestId('compare-selected').click();
    await expect(page).toHaveURL(new RegExp(`#/compare\\?ids=(${first},${second}|${second},${first})`));
    // Run ids stay visible next to each run.
    for (const id of [first, second]) await expect(page.getByRole('list', { name: 'Runs' })).toContainText(id.slice(0, 8));
    await expect(page.getByTestId('config-diff')).toContainText('seed');
    await expect(page.getByTestId('config-diff')).not.toContainText('model.channels');
    await expect(page.getByTestId('similarity-normal')).toHaveText(/normal: \d\/8 edges shared/);
    // Same config up to the seed: one group of two runs, mean ± std.
    await expect(page.getByTestId('seed-summary').locator('tbody tr')).toHaveCount(1);
    await expect(page.getByTestId('seed-summary')).toContainText('±');
    // One line per run, each a link to its run.
    await expect(page.getByTestId('parallel-coordinates').locator('a .pc-line')).toHaveCount(2);
    await screenshot(page, info, 'compare');
  });

  await test.step('rename, tag, filter and delete in the runs table', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runs' }).click();
    const row = page.locator(`tr[data-run-id="${second}"]`);
    // The column chooser (a non-modal Radix popover) opens and Escape closes it, CSP-clean.
    await page.getByRole('button', { name: 'Columns…' }).click();
    await expect(page.getByRole('group', { name: 'Columns' })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('group', { name: 'Columns' })).toBeHidden();
    await row.getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit run' });
    await dialog.getByLabel('Name').fill('e2e seed 3');
    await dialog.getByLabel('Tags (comma-separated)').fill('seed3, e2e');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog).toBeHidden();
    await expect(row).toContainText('e2e seed 3');
    await page.getByLabel('Tag', { exact: true }).fill('seed3');
    await expect(page.locator('[data-testid="runs-table"] tbody tr')).toHaveCount(1);
    await page.getByRole('button', { name: 'Clear' }).click();
    await expect(page.locator('[data-testid="runs-table"] tbody tr')).toHaveCount(2);
    // Delete asks first in a modal alert dialog (focus on Cancel, page scroll locked by a stylesheet
    // rule, not an injected <style> the CSP would refuse); Escape closes it and focus returns to
    // the opener; Cancel keeps the run.
    const del = row.getByRole('button', { name: 'Delete' });
    await del.click();
    const confirm = page.getByRole('alertdialog', { name: 'Delete “e2e seed 3”?' });
    await expect(confirm).toHaveAccessibleDescription(/cannot be undone/);
    await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
    expect(await page.evaluate(() => getComputedStyle(document.body).overflow)).toBe('hidden');
    await page.keyboard.press('Escape');
    await expect(confirm).toBeHidden();
    await expect(del).toBeFocused();
    expect(await page.evaluate(() => getComputedStyle(document.body).overflow)).toBe('visible');
    await expect(page.locator('[data-testid="runs-table"] tbody tr')).toHaveCount(2);
    await del.click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Cancel' }).click();
    await expect(page.locator('[data-testid="runs-table"] tbody tr')).toHaveCount(2);
    await row.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
    await expect(page.locator('[data-testid="runs-table"] tbody tr')).toHaveCount(1);
    await expect(page.locator(`tr[data-run-id="${first}"]`)).toBeVisible();
  });

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Help' }).click();
  await expect(page.getByRole('heading', { name: /Help/ })).toBeVisible();
  await screenshot(page, info, 'help');
});
