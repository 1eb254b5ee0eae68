import { enterTinyConfig, expect, field, gotoStep, screenshot, test } from './fixtures';

// The random-search baseline (seed 002) chosen in the wizard's Strategy step: estimated as sampled
// networks, run as a search, listed and opened like one.

test('a random search set up in the wizard is estimated per sample, runs, and keeps its best sample', async ({ app: page }, info) => {
  test.setTimeout(10 * 60_000);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'New search' }).click();
  await enterTinyConfig(page, 'e2e random');
  await gotoStep(page, /Strategy/);
  await field(page, 'randomSearch.samples').fill('3');
  await field(page, 'randomSearch.keep').fill('4');
  // Checked by the host like every field: keep cannot exceed the samples drawn.
  await expect(page.locator('[id="f-randomSearch.keep-error"]')).toContainText(/cannot keep more/);
  await field(page, 'randomSearch.keep').fill('2');
  await expect(page.locator('[id="f-randomSearch.keep-error"]')).toHaveCount(0);

  await gotoStep(page, /Review/);
  await expect(page.getByTestId('effective-config')).toContainText('"samples": 3');
  // The calibration trains the first sampled network: 3 samples of budget.epochs × stepsPerEpoch steps.
  await expect(page.getByTestId('estimate-total')).toContainText('3 sampled networks of 4 steps', { timeout: 300_000 });
  await expect(page.getByTestId('estimate')).toContainText('Largest sampled network');
  await expect(page.getByTestId('estimate')).toContainText('Time per sampled network');
  await expect(page.getByTestId('estimate-params')).toHaveText(/^\d[\d,]*$/);
  await screenshot(page, info, 'random-search-review');

  await page.getByTestId('launch').click();
  await page.waitForURL(/#\/run\//);
  await expect(page.getByTestId('run-status')).toHaveText('done', { timeout: 300_000 });
  await expect(page.getByText(/· random-search ·/)).toBeVisible();
  await expect(page.getByTestId('progress').locator('..')).toContainText(/sample 3\/3|3\/3 samples/);
  // Each sample is one "epoch" of the run, with its steps on the curves.
  await expect.poll(async () => Number(await page.getByTestId('chart-Train accuracy per step').getAttribute('data-points'))).toBe(12);
  await page.getByRole('tab', { name: 'Event log' }).click();
  await expect(page.getByTestId('event-log')).toContainText('epoch 3/3');
  await screenshot(page, info, 'random-search-done');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runs' }).click();
  const row = page.locator('[data-testid="runs-table"] tbody tr').filter({ hasText: 'e2e random' });
  await expect(row).toContainText('random-search');
});
