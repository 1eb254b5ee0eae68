import { defineConfig } from '@playwright/test';
import { findChromium } from './e2e/browser';

// End-to-end tests of the UI served by `npm start` on a machine without a display, in Debian's
// Chromium where it is installed (CI: Playwright's own download is unreachable there), else
// Playwright's; e2e/ensure-browser.ts checks one exists first (see e2e/README.md). Each test
// file's worker starts its own host on a free port with a temp --db.
export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/e2e',
  // One search at a time on a 2-core machine: the specs share nothing but the CPU.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    viewport: { width: 1400, height: 1000 },
    acceptDownloads: true,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: findChromium().path ?? undefined,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
});
