import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// electron-builder's own loader and schema validator (its packages, installed with it): the
// installers cannot be built here (they download Electron), so the configuration is checked as
// electron-builder itself would read it before building.
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import type { Configuration } from 'electron-builder';
import { DebugLogger } from 'builder-util';
import { describe, expect, it } from 'vitest';
import { DEEP_LINK_SCHEME } from '../../../src/main/desktop/deep-link';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const load = () => getConfig(ROOT, null, null);
const targets = (platform: Configuration['linux'] | Configuration['mac'] | Configuration['win']) => (platform?.target as string[] | undefined) ?? [];

describe('electron-builder configuration', () => {
  it('passes electron-builder’s own schema validation', async () => {
    await expect(validateConfiguration(await load(), new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('is validated for real: an unknown option is refused', async () => {
    const config = { ...(await load()), asarUnpacked: ['**/*.node'] } as Configuration;
    await expect(validateConfiguration(config, new DebugLogger(false))).rejects.toThrow(/asarUnpacked/);
  });

  it('builds AppImage and deb on Linux, dmg on macOS, NSIS on Windows', async () => {
    const config = await load();
    expect(targets(config.linux)).toEqual(['AppImage', 'deb']);
    expect(targets(config.mac)).toEqual(['dmg']);
    expect(targets(config.win)).toEqual(['nsis']);
    expect(config.linux?.maintainer, 'the deb needs a maintainer').toBeTruthy();
  });

  it('rebuilds native modules for the packaged Electron and unpacks every native add-on', async () => {
    const config = await load();
    expect(config.npmRebuild).not.toBe(false);
    expect(config.asar).not.toBe(false);
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['**/*.node', 'node_modules/better-sqlite3/**', 'node_modules/@tensorflow/tfjs-node/**', 'node_modules/@tensorflow/tfjs-node-gpu/**']));
  });

  it('packs the built app, registers the nas-studio:// scheme and has an icon macOS accepts', async () => {
    const config = await load();
    // The loader normalizes the list into one file set.
    expect(config.files).toEqual([{ filter: expect.arrayContaining(['out/**', 'package.json']) }]);
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { main: string; scripts: Record<string, string> };
    expect(pkg.main.startsWith('out/')).toBe(true);
    expect(pkg.scripts.dist).toMatch(/electron-vite build && electron-builder/);
    expect(config.protocols).toEqual([expect.objectContaining({ schemes: [DEEP_LINK_SCHEME] })]);
    expect(config.linux?.mimeTypes).toContain(`x-scheme-handler/${DEEP_LINK_SCHEME}`);
    const icon = path.join(ROOT, config.directories!.buildResources!, 'icon.png');
    expect(existsSync(icon)).toBe(true);
    // PNG header: width and height at bytes 16–23; electron-builder needs at least 512×512 for macOS.
    const png = readFileSync(icon);
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);
  });
});
