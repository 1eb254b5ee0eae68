import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deepLinkInArgv, deepLinkRoute } from '../../../src/main/desktop/deep-link';
import { menuTemplate } from '../../../src/main/desktop/menu';
import { DEFAULT_SIZE, initialWindow, MIN_SIZE, readWindowState, writeWindowState } from '../../../src/main/desktop/window-state';
import { parseRoute } from '../../../src/renderer/src/router';

const ID = '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f';

describe('deep links', () => {
  it('nas-studio://run/<id> becomes the UI route of that run', () => {
    const route = deepLinkRoute(`nas-studio://run/${ID}`);
    expect(route).toBe(`/run/${ID}`);
    // The renderer's own router reads it as the run screen.
    expect(parseRoute(`#${route}`)).toEqual({ screen: 'run', id: ID });
    expect(deepLinkRoute(`NAS-STUDIO://run/${ID.toUpperCase()}/`)).toBe(`/run/${ID}`);
  });

  it('refuses anything but a well-formed run id', () => {
    for (const bad of [`nas-studio://run/${ID}/../../etc`, 'nas-studio://run/javascript:alert(1)', `https://run/${ID}`, `nas-studio://runs/${ID}`, 'nas-studio://run/', `nas-studio://run/${ID}?x=1`]) {
      expect(deepLinkRoute(bad), bad).toBeNull();
    }
  });

  it('finds the link among a second instance’s arguments', () => {
    expect(deepLinkInArgv(['/opt/NAS Studio/nas-studio', '--no-sandbox', `nas-studio://run/${ID}`])).toBe(`/run/${ID}`);
    expect(deepLinkInArgv(['/opt/NAS Studio/nas-studio', '--db', '/x.db'])).toBeNull();
  });
});

describe('native menus', () => {
  const roles = (platform: NodeJS.Platform) => menuTemplate(platform).map((m) => m.role);

  it('uses the standard roles, with the app menu on macOS only', () => {
    expect(roles('linux')).toEqual(['fileMenu', 'editMenu', 'viewMenu', 'windowMenu', 'help']);
    expect(roles('win32')).toEqual(roles('linux'));
    expect(roles('darwin')).toEqual(['appMenu', ...roles('linux')]);
  });
});

describe('window state', () => {
  const screen = { x: 0, y: 0, width: 1920, height: 1040 };
  const second = { x: 1920, y: 0, width: 2560, height: 1400 };
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('restores remembered bounds that are on a screen', () => {
    const bounds = { x: 2000, y: 100, width: 1600, height: 1000 };
    expect(initialWindow({ bounds, maximized: false }, [screen, second])).toEqual({ bounds, maximized: false });
  });

  it('gives the default window when the screen it was on is gone', () => {
    expect(initialWindow({ bounds: { x: 2000, y: 100, width: 1600, height: 1000 }, maximized: true }, [screen])).toEqual({ bounds: DEFAULT_SIZE, maximized: true });
  });

  it('shrinks to the screen and grows to the minimum size', () => {
    expect(initialWindow({ bounds: { x: 10, y: 10, width: 4000, height: 3000 }, maximized: false }, [screen]).bounds).toEqual({ x: 10, y: 10, width: 1920, height: 1040 });
    expect(initialWindow({ bounds: { x: 10, y: 10, width: 200, height: 100 }, maximized: false }, [screen]).bounds).toEqual({ x: 10, y: 10, ...MIN_SIZE });
  });

  it('ignores a malformed state', () => {
    for (const bad of [null, 'x', { bounds: { x: 'a', y: 0, width: 1, height: 1 }, maximized: false }, { bounds: { x: 0, y: 0, width: 1e12, height: 5 }, maximized: false }, { maximized: true }]) {
      expect(initialWindow(bad, [screen]), JSON.stringify(bad)).toEqual({ bounds: DEFAULT_SIZE, maximized: false });
    }
  });

  it('round-trips through its file; a corrupt or missing file reads as nothing', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nas-window-'));
    dirs.push(dir);
    const file = path.join(dir, 'window-state.json');
    expect(readWindowState(file)).toBeNull();
    const state = { bounds: { x: 5, y: 6, width: 900, height: 700 }, maximized: true };
    writeWindowState(file, state);
    expect(initialWindow(readWindowState(file), [screen])).toEqual(state);
    writeFileSync(file, '{"bounds": ');
    expect(readWindowState(file)).toBeNull();
  });
});
