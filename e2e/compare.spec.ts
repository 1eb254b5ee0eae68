import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { expect, screenshot, test } from './fixtures';
import { seedRuns } from './seed-runs';

// Compare's time axes and its interactive parallel coordinates, on finished runs seeded into the
// host's database: two recorded with metric times, two from before the store kept them.

const chart = (page: Page, title: string) => page.getByTestId(`chart-${title}`);
const STEP_CHART = 'Train loss per step';

/** Drags on `target` from one fraction of its height to another (0 top … 1 bottom). */
async function dragVertically(page: Page, target: Locator, from: number, to: number): Promise<void> {
  await target.scrollIntoViewIfNeeded();
  const box = (await target.boundingBox())!;
  const x = box.x + box.width / 2;
  await page.mouse.move(x, box.y + box.height * from);
  await page.mouse.down();
  await page.mouse.move(x, box.y + box.height * ((from + to) / 2), { steps: 3 });
  await page.mouse.move(x, box.y + box.height * to, { steps: 3 });
  await page.mouse.up();
}

test('Compare: step, relative-time and wall-time axes; brushing, colouring and click-through in parallel coordinates', async ({ app: page, server }, info) => {
  const [a, b, c, d] = seedRuns(server.dir, [
    { name: 'timed a', config: { seed: 1, data: { batchSize: 8 } }, accuracy: 0, timed: true },
    { name: 'timed b', config: { seed: 2, data: { batchSize: 16 } }, accuracy: 0.1, timed: true },
    { name: 'old c', config: { seed: 3, data: { batchSize: 32 } }, accuracy: 0.2, timed: false },
    { name: 'old d', config: { seed: 4, data: { batchSize: 32 } }, accuracy: 0.2, timed: false },
  ]);

  await test.step('the time axes draw only the runs recorded with times, and name the others', async () => {
    await page.goto(`${server.url}#/compare?ids=${a},${b},${c}`);
    await expect(page.getByTestId('seed-summary')).toBeVisible();
    const axis = page.getByTestId('x-axis');
    await expect(axis.getByLabel('Step')).toBeChecked();
    // 12 steps per run, all three runs on the step axis.
    await expect(chart(page, STEP_CHART)).toHaveAttribute('data-points', '36');
    await expect(page.getByTestId('untimed-runs')).toContainText('old c');
    await expect(page.getByTestId('untimed-runs')).not.toContainText('timed a');

    await axis.getByLabel('Relative time').check();
    await expect(chart(page, STEP_CHART)).toHaveAttribute('data-points', '24');
    await expect(chart(page, STEP_CHART)).toContainText('time since start (s)');
    await expect(chart(page, STEP_CHART).locator('.u-legend')).not.toContainText('old c');
    // The CSV holds the seconds since each run started: the seeded steps are 1 s apart.
    const [download] = await Promise.all([page.waitForEvent('download'), chart(page, STEP_CHART).getByRole('button', { name: 'CSV' }).click()]);
    const rows = readFileSync((await download.path())!, 'utf8').trim().split('\n');
    expect(rows[0]).toMatch(/^time since start \(s\),timed a \[\w+\],timed b \[\w+\]$/);
    const xs = rows.slice(1).map((r) => Number(r.split(',')[0]));
    expect(xs[0]).toBeGreaterThan(0);
    expect(xs[0]).toBeLessThan(30);
    expect(Math.max(...xs) - Math.min(...xs)).toBeGreaterThanOrEqual(11);
    // Per-epoch panels share the time axis too.
    await expect(chart(page, 'Val accuracy per epoch')).toContainText('time since start (s)');
    await screenshot(page, info, 'compare-relative-time');

    await axis.getByLabel('Wall time').check();
    await expect(chart(page, STEP_CHART)).toContainText('wall time (Unix s)');
    await expect(chart(page, STEP_CHART)).toHaveAttribute('data-points', '24');
  });

  await test.step('runs with no times at all: the time axes are disabled, with the reason', async () => {
    await page.goto(`${server.url}#/compare?ids=${c},${d}`);
    await expect(page.getByTestId('seed-summary')).toBeVisible();
    const axis = page.getByTestId('x-axis');
    // The stored choice (wall time) cannot apply: the step axis is used.
    await expect(axis.getByLabel('Step')).toBeChecked();
    await expect(axis.getByLabel('Relative time')).toBeDisabled();
    await expect(axis.getByLabel('Wall time')).toBeDisabled();
    await expect(page.getByTestId('untimed-runs')).toContainText('Relative and wall time are unavailable');
    await expect(chart(page, STEP_CHART)).toHaveAttribute('data-points', '24');
  });

  await test.step('parallel coordinates: brush, colour by a metric, click a line to open its run', async () => {
    await page.goto(`${server.url}#/compare?ids=${a},${b},${c}`);
    const pc = page.getByTestId('parallel');
    await expect(pc.getByTestId('pc-status')).toHaveText('3 runs');
    const lineOf = (id: string) => pc.getByTestId(`pc-line-${id}`);
    // Axes: seed, data.batchSize, final val acc (0.6, 0.7, 0.8), best val acc. Brush the top of final val acc.
    const finalAxis = pc.getByTestId('pc-hit-2');
    await dragVertically(page, finalAxis, 0, 0.35);
    await expect(pc.getByTestId('pc-status')).toHaveText('1 of 3 runs inside the brushed ranges');
    await expect(lineOf(c)).toHaveAttribute('data-inside', 'true');
    await expect(lineOf(a)).toHaveAttribute('data-inside', 'false');
    await expect(lineOf(b)).toHaveAttribute('data-inside', 'false');
    // Widening it down past 0.7 takes b in too.
    await dragVertically(page, finalAxis, 0, 0.6);
    await expect(pc.getByTestId('pc-status')).toHaveText('2 of 3 runs inside the brushed ranges');
    await expect(lineOf(b)).toHaveAttribute('data-inside', 'true');
    // A second axis narrows it: batch size 8 … 16 (the bottom half) keeps b alone.
    await dragVertically(page, pc.getByTestId('pc-hit-1'), 0.45, 1);
    await expect(pc.getByTestId('pc-status')).toHaveText('1 of 3 runs inside the brushed ranges');
    await expect(lineOf(b)).toHaveAttribute('data-inside', 'true');
    await screenshot(page, info, 'compare-parallel-brushed');
    await pc.getByRole('button', { name: 'Clear brushes' }).click();
    await expect(pc.getByTestId('pc-status')).toHaveText('3 runs');

    // Colour by final val acc: lowest dark purple, highest yellow, with a colour bar.
    await pc.getByTestId('pc-colour-by').selectOption({ label: 'final val acc' });
    await expect(pc.getByTestId('pc-colour-bar')).toBeVisible();
    await expect(lineOf(a).locator('.pc-line')).toHaveAttribute('stroke', 'rgb(68, 1, 84)');
    await expect(lineOf(c).locator('.pc-line')).toHaveAttribute('stroke', 'rgb(253, 231, 37)');

    // A click on b's line, midway between the first two axes, opens b. The chart sits near the
    // bottom of a long page, and a click at raw viewport coordinates missed it whenever the page
    // had it below the fold (CI, 2026-12-03). A click on the link at an offset inside its box lets
    // Playwright scroll it into view and check that the point hits b's line first.
    const line = lineOf(b);
    await line.scrollIntoViewIfNeeded();
    const mid = await line.locator('.pc-line').evaluate((el) => {
      const poly = el as SVGPolylineElement;
      const [p, q] = [poly.points.getItem(0), poly.points.getItem(1)];
      const m = new DOMPoint((p.x + q.x) / 2, (p.y + q.y) / 2).matrixTransform(poly.getScreenCTM()!);
      return { x: m.x, y: m.y };
    });
    const box = (await line.boundingBox())!;
    await line.click({ position: { x: mid.x - box.x, y: mid.y - box.y } });
    await expect(page).toHaveURL(new RegExp(`#/run/${b}$`));
  });
});
