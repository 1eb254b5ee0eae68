import type { Page } from '@playwright/test';
import { enterTinyConfig, expect, field, gotoStep, screenshot, test } from './fixtures';

// Layout at the widths people use (1000×700 as well as the default) and the wizard's draft.

/** How far the page scrolls sideways: 0 when everything fits the window. */
const overflowX = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

const LONG_NAME = 'layout check: a long run name as people give them, with dataset and seed';

test('the wizard keeps an edit across a round trip to Help, a reload and the nav bar, and counts "abc" as a problem', async ({ app: page }, info) => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'New search' }).click();
  await gotoStep(page, /Schedule/);
  await field(page, 'budget.epochs').fill('7');
  // The strategy's paper link goes to Help; Back returns to the wizard with the edit kept.
  await gotoStep(page, /Strategy/);
  await page.locator('.field-help a[href^="#/help"]').first().click();
  await expect(page).toHaveURL(/#\/help/);
  await page.goBack();
  await expect(page.getByRole('heading', { name: 'Strategy', level: 2 })).toBeVisible();
  await gotoStep(page, /Schedule/);
  await expect(field(page, 'budget.epochs')).toHaveValue('7');
  // A reload keeps it too.
  await page.reload();
  await expect(page.getByTestId('connection')).toHaveText('connected');
  await gotoStep(page, /Schedule/);
  await expect(field(page, 'budget.epochs')).toHaveValue('7');
  // Text that is no number is an error everywhere: at the field, in the step badge, at launch, and after leaving the wizard.
  await field(page, 'budget.stepsPerEpoch').fill('abc');
  await expect(page.getByRole('alert').filter({ hasText: 'not a number' }).first()).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runs' }).click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'New search' }).click();
  await expect(page.getByRole('list', { name: 'Wizard steps' }).getByRole('button', { name: /Schedule/ })).toContainText('1');
  await gotoStep(page, /Schedule/);
  await expect(field(page, 'budget.stepsPerEpoch')).toHaveValue('abc');
  await expect(field(page, 'budget.epochs')).toHaveValue('7');
  await gotoStep(page, /Review/);
  await expect(page.getByTestId('step-issues')).toContainText('budget.stepsPerEpoch');
  await expect(page.getByTestId('launch')).toBeDisabled();
  await screenshot(page, info, 'wizard-draft-with-error');
  // Discarding asks first, then starts from the defaults again.
  await page.getByTestId('discard-draft').click();
  await page.getByRole('alertdialog', { name: 'Discard the draft?' }).getByRole('button', { name: 'Discard' }).click();
  await gotoStep(page, /Schedule/);
  await expect(field(page, 'budget.epochs')).not.toHaveValue('7');
  await expect(field(page, 'budget.stepsPerEpoch')).not.toHaveValue('abc');
});

test('no screen scrolls sideways at 1000 px; screenshots of every screen', async ({ app: page, server }, info) => {
  test.setTimeout(15 * 60_000);
  // Two one-epoch tiny searches, launched back to back.
  const ids: string[] = [];
  for (const seed of ['1', '2']) {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'New search' }).click();
    await enterTinyConfig(page, `${LONG_NAME} ${seed}`);
    await field(page, 'budget.epochs').fill('1');
    await gotoStep(page, /Dataset/);
    await field(page, 'seed').fill(seed);
    await gotoStep(page, /Review/);
    await expect(page.getByTestId('launch')).toHaveText('Launch search');
    await page.getByTestId('launch').click();
    await page.waitForURL(/#\/run\//);
    ids.push(/#\/run\/([0-9a-f-]{36})/.exec(page.url())![1]);
  }
  for (const id of ids) {
    await page.goto(`${server.url}#/run/${id}`);
    await expect(page.getByTestId('run-status')).toHaveText('done', { timeout: 600_000 });
  }

  for (const viewport of [{ width: 1400, height: 1000 }, { width: 1000, height: 700 }]) {
    await page.setViewportSize(viewport);
    const tag = `${viewport.width}x${viewport.height}`;

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runs' }).click();
    const table = page.getByTestId('runs-table');
    await expect(table.locator('tbody tr')).toHaveCount(2);
    expect(await overflowX(page), `runs screen at ${tag}`).toBeLessThanOrEqual(0);
    // The table itself fits: Created and Actions are on screen, not in a scrolled-away strip.
    const box = (await table.boundingBox())!;
    expect(box.x + box.width, `runs table at ${tag}`).toBeLessThanOrEqual(viewport.width);
    for (const header of ['Created', 'Actions']) {
      const h = (await table.getByRole('columnheader', { name: header }).boundingBox())!;
      expect(h.x + h.width, `${header} at ${tag}`).toBeLessThanOrEqual(viewport.width);
    }
    // Every cell of a row shares the row's bottom border (the Actions cell included).
    const row = table.locator('tbody tr').first();
    const bottoms = await row.locator('td').evaluateAll((tds) => tds.map((td) => Math.round(td.getBoundingClientRect().bottom)));
    expect(new Set(bottoms).size, `row cell bottoms ${bottoms.join(',')}`).toBe(1);
    await screenshot(page, info, `runs-${tag}`);

    await page.goto(`${server.url}#/run/${ids[0]}`);
    await expect(page.getByTestId('run-status')).toHaveText('done');
    for (const tab of ['Curves', 'Architecture', 'Diagnostics', 'Export', 'Event log', 'Config']) {
      await page.getByRole('tab', { name: tab }).click();
      expect(await overflowX(page), `dashboard ${tab} at ${tag}`).toBeLessThanOrEqual(0);
      await screenshot(page, info, `dashboard-${tab.toLowerCase().replace(' ', '-')}-${tag}`);
    }

    await page.goto(`${server.url}#/compare?ids=${ids.join(',')}`);
    await expect(page.getByTestId('seed-summary')).toBeVisible();
    await expect(page.getByTestId(`genotype-${ids[1]}`).locator('svg').first()).toBeVisible();
    expect(await overflowX(page), `compare at ${tag}`).toBeLessThanOrEqual(0);
    // Each run's column gives its cell drawings a sane width, not a sliver.
    for (const id of ids) {
      const w = (await page.getByTestId(`genotype-${id}`).boundingBox())!.width;
      expect(w, `compare genotype column at ${tag}`).toBeGreaterThanOrEqual(300);
    }
    await screenshot(page, info, `compare-${tag}`);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'New search' }).click();
    await screenshot(page, info, `wizard-${tag}`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Help' }).click();
    expect(await overflowX(page), `help at ${tag}`).toBeLessThanOrEqual(0);
    await screenshot(page, info, `help-${tag}`);
  }

  // The exported report, opened at 1000 px.
  await page.goto(`${server.url}#/run/${ids[0]}`);
  await page.getByRole('tab', { name: 'Export' }).click();
  for (const box of await page.locator('input[name="format"]:enabled').all()) await box.setChecked((await box.getAttribute('value')) === 'report');
  await page.getByRole('button', { name: /^Export report/ }).click();
  const link = page.getByTestId('export-files').getByRole('link', { name: /report/ });
  const html = await (await page.request.get(new URL((await link.getAttribute('href'))!, server.url).toString())).text();
  const report = await page.context().newPage();
  await report.setViewportSize({ width: 1000, height: 700 });
  await report.setContent(html);
  expect(await overflowX(report), 'report.html at 1000 px').toBeLessThanOrEqual(0);
  await screenshot(report, info, 'report-1000x700');
  await report.close();
});
