import { defineConfig } from '@playwright/test';

// End-to-end tests of the UI served by `nas-studio serve`, in Debian's chromium: Playwright's own
// browser download is not reachable from CI (see e2e/README.md). `npm run test:e2e` builds the
// renderer first; each test file's worker starts its own server on a free port with a temp --db.
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
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
});
