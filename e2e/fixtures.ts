import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base, expect, type Page, type TestInfo } from '@playwright/test';
import { headlessEnv, startHostProcess, type HostProcess } from '../test/helpers/host-process';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface Server {
  url: string;
  dir: string;
}

/**
 * Starts the host as a new user does, `npm start`, on a machine without a display: the browser
 * host on a free port with a temp --db, no browser opened (the test drives its own).
 */
function startHost(dir: string): Promise<HostProcess> {
  return startHostProcess(path.join(ROOT, 'bin/start.js'), ['--no-open', '--port', '0', '--db', path.join(dir, 'runs.db')], { cwd: ROOT, env: headlessEnv(), timeoutMs: 90_000 });
}

// Chromium's console text for a blocked inline style/script, and the line the init script below logs.
const CSP_MESSAGE = /Content Security Policy|Refused to (apply|load|execute)|securitypolicyviolation/i;

export const test = base.extend<{ app: Page; cspViolations: string[]; server: Server }>({
  server: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const dir = mkdtempSync(path.join(tmpdir(), 'nas-studio-e2e-'));
      const host = await startHost(dir);
      try {
        await use({ url: host.url, dir });
      } finally {
        await host.stop();
        rmSync(dir, { recursive: true, force: true });
      }
    },
    // One host and database per test: specs count the runs they made, and must not see another's.
    { timeout: 120_000 },
  ],
  /**
   * Every test fails on a Content Security Policy violation: the built renderer runs under
   * `style-src 'self'` (electron.vite.config.ts), so an injected <style> element or a style=""
   * attribute is refused, and the feature relying on it silently breaks. Both the console message
   * and the DOM's securitypolicyviolation event are collected.
   */
  cspViolations: [
    async ({ page }, use) => {
      const violations: string[] = [];
      page.on('console', (m) => void (CSP_MESSAGE.test(m.text()) && violations.push(m.text())));
      await page.addInitScript(() =>
        document.addEventListener('securitypolicyviolation', (e) => console.error(`securitypolicyviolation: ${e.effectiveDirective} refused ${e.blockedURI || 'an inline resource'} at ${e.sourceFile}:${e.lineNumber}`), true),
      );
      await use(violations);
      expect(violations, 'Content Security Policy violations').toEqual([]);
    },
    { auto: true },
  ],
  /** A page with the app open and connected; page errors fail the test. */
  app: async ({ page, server }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url);
    await expect(page.getByTestId('connection')).toHaveText('connected');
    await use(page);
    expect(errors, 'uncaught errors in the page').toEqual([]);
  },
});

export { expect };

/** A full-page screenshot kept with the test's artifacts (test-results/e2e/…) and attached to the report. */
export async function screenshot(page: Page, info: TestInfo, name: string): Promise<void> {
  const file = info.outputPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await info.attach(name, { path: file, contentType: 'image/png' });
}

export const field = (page: Page, dotted: string) => page.locator(`[data-path="${dotted}"]`);

export async function gotoStep(page: Page, title: RegExp): Promise<void> {
  await page.getByRole('list', { name: 'Wizard steps' }).getByRole('button', { name: title }).click();
}

/**
 * The smallest search the brief allows, entered through the wizard on top of the quick preset:
 * synthetic 16×16 grey images, C=4, 5 layers, batch 8, 2 epochs of 2 steps.
 */
export async function enterTinyConfig(page: Page, name: string): Promise<void> {
  await page.getByLabel('Preset').selectOption('quick');
  await expect(page.getByTestId('config-source')).toContainText('Quick demo');
  await field(page, 'name').fill(name);
  await field(page, 'data.dataset').selectOption('synthetic');
  for (const [k, v] of Object.entries({ trainCount: '64', testCount: '32', height: '16', width: '16', channels: '1' })) await field(page, `data.options.${k}`).fill(v);
  await field(page, 'data.batchSize').fill('8');
  await gotoStep(page, /Search space/);
  await field(page, 'model.channels').fill('4');
  await field(page, 'model.layers').fill('5');
  await gotoStep(page, /Schedule/);
  await field(page, 'budget.epochs').fill('2');
  await field(page, 'budget.stepsPerEpoch').fill('2');
  await field(page, 'budget.evalBatches').fill('1');
}
