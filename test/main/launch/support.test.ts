import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { browserOpener } from '../../../src/main/launch/browser';
import { cachedBinding, installedModule, nativeCacheDir, observeNative, rebuildNative } from '../../../src/main/launch/native-modules';
import { uiBuildState } from '../../../src/main/launch/ui-build';
import { sqliteBinding, SQLITE_BINDING_ENV } from '../../../src/main/store/native-binding';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'nas-launch-'));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('uiBuildState', () => {
  it('missing when any output is absent, stale when a source is newer than the oldest output, else fresh', () => {
    expect(uiBuildState(100, [200, null])).toBe('missing');
    expect(uiBuildState(150, [200, 140])).toBe('stale');
    expect(uiBuildState(100, [200, 140])).toBe('fresh');
  });
});

describe('native module cache', () => {
  const target = { electronVersion: '41.10.0', platform: 'linux', arch: 'x64', moduleVersion: '12.11.1' };

  it('keys a build by Electron version, platform, arch and module version', () => {
    const base = nativeCacheDir('/c', target);
    for (const change of [{ electronVersion: '42.0.0' }, { platform: 'darwin' }, { arch: 'arm64' }, { moduleVersion: '12.12.0' }]) {
      expect(nativeCacheDir('/c', { ...target, ...change })).not.toBe(base);
    }
  });

  it('matches only once the rebuilt add-on is in the cache', () => {
    const dir = nativeCacheDir(tempDir(), target);
    expect(observeNative(dir)).toEqual({ state: 'mismatch' });
    mkdirSync(path.dirname(cachedBinding(dir)), { recursive: true });
    writeFileSync(cachedBinding(dir), '');
    expect(observeNative(dir)).toEqual({ state: 'match' });
  });

  it('a rebuild that cannot finish (no headers download here; elsewhere cut off after 3 s) fails with a reason and leaves no cache entry', async () => {
    const root = tempDir();
    const real = { ...target, platform: process.platform, arch: process.arch, moduleVersion: installedModule().version };
    const dir = nativeCacheDir(root, real);
    const result = await rebuildNative(dir, real, 3000);
    // @electron/rebuild itself ran and failed or was cut off (not, say, a launcher that could not find it).
    expect(result).toEqual({ state: 'rebuild-failed', reason: expect.stringMatching(/^(@electron\/rebuild exited with \d+|timed out after)/) });
    expect(observeNative(dir)).toEqual({ state: 'mismatch' });
    expect(existsSync(dir)).toBe(false);
    expect(readdirSync(path.dirname(dir))).toEqual([]);
  }, 30_000);
});

describe('the Electron-only sqlite binding override', () => {
  it('is ignored outside Electron and when unset', () => {
    expect(sqliteBinding({ [SQLITE_BINDING_ENV]: '/x/better_sqlite3.node' }, false)).toBeUndefined();
    expect(sqliteBinding({}, true)).toBeUndefined();
  });

  it('accepts only an existing absolute .node file', () => {
    const file = path.join(tempDir(), 'better_sqlite3.node');
    writeFileSync(file, '');
    expect(sqliteBinding({ [SQLITE_BINDING_ENV]: file }, true)).toBe(file);
    for (const bad of ['relative/better_sqlite3.node', `${file}.missing.node`, path.join(path.dirname(file), 'x.so')]) {
      expect(() => sqliteBinding({ [SQLITE_BINDING_ENV]: bad }, true)).toThrow(SQLITE_BINDING_ENV);
    }
  });
});

describe('browserOpener', () => {
  const url = 'http://127.0.0.1:8787/';

  it('uses the platform opener', () => {
    expect(browserOpener(url, 'linux', {})).toEqual({ command: 'xdg-open', args: [url] });
    expect(browserOpener(url, 'darwin', {})).toEqual({ command: 'open', args: [url] });
    expect(browserOpener(url, 'win32', {})).toEqual({ command: 'cmd', args: ['/c', 'start', '""', url] });
  });

  it('honours BROWSER: its first entry, with %s replaced or the URL appended', () => {
    expect(browserOpener(url, 'linux', { BROWSER: 'firefox --new-tab:chromium' })).toEqual({ command: 'firefox', args: ['--new-tab', url] });
    expect(browserOpener(url, 'linux', { BROWSER: 'w3m %s -dump' })).toEqual({ command: 'w3m', args: [url, '-dump'] });
    expect(browserOpener(url, 'win32', { BROWSER: 'C:\\b\\chrome.exe;edge' })).toEqual({ command: 'C:\\b\\chrome.exe', args: [url] });
  });
});
