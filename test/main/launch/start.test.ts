import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { headlessEnv, startHostProcess, type HostProcess } from '../../helpers/host-process';

// The real processes a new user starts: `npm start` on a machine without Electron or a display,
// and `nas-studio serve` on a clone that was never built. Both must serve the UI with no manual step.

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const running: HostProcess[] = [];
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'nas-start-'));
  dirs.push(d);
  return d;
};
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop()));
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

async function expectServesUi(url: string): Promise<void> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  const html = await res.text();
  expect(html).toContain('Content-Security-Policy');
  const script = /<script[^>]+src="([^"]+)"/.exec(html)?.[1];
  expect(script).toBeDefined();
  expect((await fetch(new URL(script!, url))).status).toBe(200);
}

describe('npm start without Electron or a display', () => {
  it('serves the built UI on loopback and prints its URL', async () => {
    const db = path.join(tempDir(), 'runs.db');
    const host = await startHostProcess(path.join(ROOT, 'bin/start.js'), ['--port', '0', '--db', db], { cwd: tempDir(), env: headlessEnv(), timeoutMs: 90_000 });
    running.push(host);
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(host.output()).toContain('No display');
    await expectServesUi(host.url);
    // It is the UI, not the old headless demo search.
    expect(host.output()).not.toMatch(/epoch/i);
  });
});

describe('npm start with a display but no Electron', () => {
  /** A stand-in browser (BROWSER) that records the URL it was asked to open. */
  function recordingBrowser(dir: string): { env: NodeJS.ProcessEnv; opened: () => string | null } {
    const script = path.join(dir, 'browser.cjs');
    const record = path.join(dir, 'opened.txt');
    writeFileSync(script, `require('node:fs').writeFileSync(${JSON.stringify(record)}, process.argv[2]);`);
    // An empty ELECTRON_OVERRIDE_DIST_PATH hides any Electron binary this machine may have.
    const env = { ...headlessEnv(), DISPLAY: ':99', ELECTRON_OVERRIDE_DIST_PATH: dir, BROWSER: `${process.execPath} ${script}` };
    return { env, opened: () => (existsSync(record) ? readFileSync(record, 'utf8') : null) };
  }

  it('serves and opens the URL in the browser BROWSER names', async () => {
    const dir = tempDir();
    const browser = recordingBrowser(dir);
    const host = await startHostProcess(path.join(ROOT, 'bin/start.js'), ['--port', '0', '--db', path.join(dir, 'runs.db')], { cwd: dir, env: browser.env, timeoutMs: 90_000 });
    running.push(host);
    expect(host.output()).toContain('ELECTRON_SKIP_BINARY_DOWNLOAD forbids fetching it');
    await expect.poll(browser.opened, { timeout: 15_000 }).toBe(host.url);
  });

  it('--no-open opens nothing', async () => {
    const dir = tempDir();
    const browser = recordingBrowser(dir);
    const host = await startHostProcess(path.join(ROOT, 'bin/start.js'), ['--no-open', '--port', '0', '--db', path.join(dir, 'runs.db')], { cwd: dir, env: browser.env, timeoutMs: 90_000 });
    running.push(host);
    await expectServesUi(host.url);
    // The opener would have run right after the URL was printed; give it ample time to show up.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(browser.opened()).toBeNull();
  });
});

describe('the default port', () => {
  it('taken: npm start serves on a free one instead of failing', async () => {
    const blocker = createServer();
    // Taken either by this test or by something else on the machine: both are the case to test.
    await new Promise<void>((resolve) => blocker.once('error', () => resolve()).listen(8787, '127.0.0.1', () => resolve()));
    try {
      const dir = tempDir();
      const host = await startHostProcess(path.join(ROOT, 'bin/start.js'), ['--no-open', '--db', path.join(dir, 'runs.db')], { cwd: dir, env: headlessEnv(), timeoutMs: 90_000 });
      running.push(host);
      expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect(new URL(host.url).port).not.toBe('8787');
      await expectServesUi(host.url);
    } finally {
      blocker.close();
    }
  });
});

describe('nas-studio serve on a clone that was never built', () => {
  it('builds the UI itself, then serves it', async () => {
    const clone = tempDir();
    for (const entry of ['bin', 'src', 'resources', 'package.json', 'tsconfig.json', 'electron.vite.config.ts']) cpSync(path.join(ROOT, entry), path.join(clone, entry), { recursive: true });
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(clone, 'node_modules'), 'dir');
    expect(existsSync(path.join(clone, 'out'))).toBe(false);
    const host = await startHostProcess(path.join(clone, 'bin/nas-studio.js'), ['serve', '--port', '0', '--db', path.join(clone, 'runs.db')], { cwd: clone, timeoutMs: 110_000 });
    running.push(host);
    expect(host.output()).toContain('Building the UI (out/ is missing)');
    expect(existsSync(path.join(clone, 'out/renderer/index.html'))).toBe(true);
    await expectServesUi(host.url);
  }, 150_000);
});
