import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { findChromium } from './browser';

// Runs before `playwright test`: makes sure a Chromium is there, downloading Playwright's own
// where that is possible, and otherwise stops with one line naming what to run (rather than
// one "executable doesn't exist" stack trace per spec file).

const INSTALL = 'npx playwright install chromium';

let choice = findChromium();
if (!choice.path && !process.env.CHROMIUM_PATH) {
  console.error(`e2e: no Chromium (${choice.tried.join(', ')}); trying \`${INSTALL}\`…`);
  const cli = createRequire(import.meta.url).resolve('@playwright/test/cli');
  // Its own output only matters when it works; a failure is summed up below in one line.
  spawnSync(process.execPath, [cli, 'install', 'chromium'], { stdio: 'ignore', timeout: 15 * 60_000 });
  choice = findChromium();
}
if (!choice.path) {
  const hint = process.env.CHROMIUM_PATH ? `CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist; unset it or point it at a Chromium` : `no Chromium for the e2e tests: run \`sudo apt-get install -y chromium\` (Debian) or \`${INSTALL}\``;
  console.error(`e2e: ${hint}`);
  process.exit(1);
}
