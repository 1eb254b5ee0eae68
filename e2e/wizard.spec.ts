import { enterTinyConfig, expect, field, gotoStep, screenshot, test } from './fixtures';

async function runCount(page: import('@playwright/test').Page): Promise<number> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runs' }).click();
  await expect(page.getByTestId('runs-table').or(page.getByText('No searches yet.'))).toBeVisible();
  return page.locator('[data-testid="runs-table"] tbody tr').count();
}

test('bad wizard input shows the error next to its field and launches nothing', async ({ app: page }, info) => {
  const before = await runCount(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'New search' }).click();
  await enterTinyConfig(page, 'never launched');

  // A plug-in's own options schema, checked by the host: CIFAR-10 needs its folder.
  await gotoStep(page, /Dataset/);
  await field(page, 'data.dataset').selectOption('cifar10');
  await expect(page.getByTestId('step-issues')).toContainText('data.options.root');
  await expect(field(page, 'data.options.root')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('[id="f-data.options.root-error"]')).toBeVisible();

  // Out of range: the host's validation names the field, the form marks it.
  await gotoStep(page, /Search space/);
  await field(page, 'model.channels').fill('1');
  await expect(field(page, 'model.channels')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('[id="f-model.channels-error"]')).toContainText(/2/);
  // Not a number at all: caught before it reaches the config.
  await field(page, 'model.layers').fill('five');
  await expect(page.locator('[id="f-model.layers-error"]')).toHaveText('not a number');
  await screenshot(page, info, 'wizard-invalid-field');

  await gotoStep(page, /Review/);
  await expect(page.getByTestId('step-issues')).toContainText('model.channels');
  await expect(page.getByTestId('launch')).toBeDisabled();
  await expect(page.getByTestId('launch')).toHaveText('Fix the problems to launch');
  await screenshot(page, info, 'wizard-review-invalid');
  // Enter on the review form must not launch either.
  await page.getByRole('heading', { name: 'Review', level: 2 }).press('Enter');
  await expect(page).toHaveURL(/#\/new/);
  expect(await runCount(page)).toBe(before);
});

test('the wizard can be driven with the keyboard alone', async ({ app: page }) => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'New search' }).click();
  await field(page, 'name').focus();
  await page.keyboard.type('keyboard only');
  // Enter in a field goes to the next step and focuses its heading.
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Search space', level: 2 })).toBeFocused();
  await expect(page.getByRole('button', { name: /Search space/ })).toHaveAttribute('aria-current', 'step');

  // Tab reaches the fields in order; a select changes with the arrow keys.
  await page.keyboard.press('Tab');
  await expect(field(page, 'model.space')).toBeFocused();
  const before = await field(page, 'model.space').inputValue();
  await page.keyboard.press('ArrowDown');
  await expect(field(page, 'model.space')).not.toHaveValue(before);
  await page.keyboard.press('ArrowUp');
  await expect(field(page, 'model.space')).toHaveValue(before);

  // Every remaining step through its Next button, reached by Tab.
  for (const next of ['Strategy', 'Regularization', 'Schedule & budget', 'Review']) {
    for (let i = 0; i < 200; i++) {
      const label = await page.evaluate(() => document.activeElement?.textContent ?? '');
      if (label === 'Next') break;
      await page.keyboard.press('Tab');
    }
    await expect(page.getByRole('button', { name: 'Next', exact: true })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: next, level: 2 })).toBeFocused();
  }
  // Back returns a step, keeping what was typed.
  await page.getByRole('button', { name: 'Back', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Schedule & budget', level: 2 })).toBeFocused();
  await expect(field(page, 'name')).toHaveCount(0);
  await gotoStep(page, /Dataset/);
  await expect(field(page, 'name')).toHaveValue('keyboard only');
});

test('a config saved as a template loads back into the wizard', async ({ app: page }) => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'New search' }).click();
  await enterTinyConfig(page, 'from a template');
  await gotoStep(page, /Review/);
  await page.getByLabel('Save as template').fill('tiny e2e');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved template' })).toContainText('tiny e2e');

  await gotoStep(page, /Search space/);
  await field(page, 'model.channels').fill('8');
  await page.getByLabel('Template', { exact: true }).selectOption('tiny e2e');
  // Loading over an edited draft asks first.
  await page.getByRole('alertdialog', { name: 'Replace your edits?' }).getByRole('button', { name: 'Replace' }).click();
  await expect(page.getByTestId('config-source')).toContainText('template tiny e2e');
  await expect(field(page, 'model.channels')).toHaveValue('4');
  await expect(field(page, 'model.layers')).toHaveValue('5');
});
