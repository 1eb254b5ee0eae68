import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { NativeState } from './plan';

// Native add-ons compiled against Node's ABI, which Electron's differs from. The others
// (tfjs-node, onnxruntime-node, resvg) use N-API, whose ABI Electron shares: no rebuild.
const MODULE = 'better-sqlite3';
const BINDING = 'build/Release/better_sqlite3.node';

export interface NativeTarget {
  electronVersion: string;
  platform: string;
  arch: string;
  /** The installed better-sqlite3's version: a new one needs a new build. */
  moduleVersion: string;
}

/** One cached build per Electron version, platform, arch and module version. */
export function nativeCacheDir(cacheRoot: string, t: NativeTarget): string {
  return path.join(cacheRoot, `electron-${t.electronVersion}-${t.platform}-${t.arch}`, `${MODULE}-${t.moduleVersion}`);
}

export const cachedBinding = (dir: string): string => path.join(dir, 'node_modules', MODULE, BINDING);

export function observeNative(dir: string): NativeState {
  return existsSync(cachedBinding(dir)) ? { state: 'match' } : { state: 'mismatch' };
}

export function installedModule(): { version: string; dir: string } {
  const manifest = createRequire(import.meta.url).resolve(`${MODULE}/package.json`);
  return { version: (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version, dir: path.dirname(manifest) };
}

/** A rebuild downloads Electron's headers (or a prebuilt add-on): on a network that drops the
 * connection it would wait forever, so it gets this long before the browser host takes over. */
export const REBUILD_TIMEOUT_MS = 5 * 60_000;

/** Runs @electron/rebuild's CLI on `buildPath` in its own process group, killed whole on time-out. */
function runRebuild(buildPath: string, target: NativeTarget, timeoutMs: number): Promise<string | null> {
  // The package exports only its API (lib/main.js); its CLI sits beside it.
  const cli = path.join(path.dirname(createRequire(import.meta.url).resolve('@electron/rebuild')), 'cli.js');
  const args = [cli, '--version', target.electronVersion, '--arch', target.arch, '--module-dir', buildPath, '--only', MODULE, '--force'];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 2, 2], detached: process.platform !== 'win32' });
    const timer = setTimeout(() => {
      try {
        if (process.platform === 'win32') child.kill();
        else process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
      resolve(`timed out after ${Math.round(timeoutMs / 1000)} s`);
    }, timeoutMs);
    child.once('error', (e) => (clearTimeout(timer), resolve(e.message)));
    child.once('exit', (code, signal) => (clearTimeout(timer), resolve(code === 0 ? null : `@electron/rebuild exited with ${code ?? signal}`)));
  });
}

/**
 * Rebuilds a copy of the module for Electron with @electron/rebuild (a prebuilt add-on, else
 * Electron's headers and a compile), in a scratch folder renamed into the cache only once the
 * add-on exists: an interrupted or failed rebuild never leaves an entry that looks complete.
 */
export async function rebuildNative(dir: string, target: NativeTarget, timeoutMs = REBUILD_TIMEOUT_MS): Promise<NativeState> {
  const scratch = `${dir}.partial-${process.pid}`;
  rmSync(scratch, { recursive: true, force: true });
  try {
    mkdirSync(path.join(scratch, 'node_modules'), { recursive: true });
    // Without Node's own build/, so nothing Node-compiled can pass for Electron's.
    const source = installedModule().dir;
    const nodeBuild = path.join(source, 'build');
    cpSync(source, path.join(scratch, 'node_modules', MODULE), { recursive: true, filter: (src) => src !== nodeBuild && !src.startsWith(nodeBuild + path.sep) });
    writeFileSync(path.join(scratch, 'package.json'), JSON.stringify({ name: 'nas-studio-electron-native', private: true, dependencies: { [MODULE]: target.moduleVersion } }));
    const failure = await runRebuild(scratch, target, timeoutMs);
    if (failure) return { state: 'rebuild-failed', reason: failure };
    if (!existsSync(cachedBinding(scratch))) return { state: 'rebuild-failed', reason: `no ${BINDING} after the rebuild` };
    rmSync(dir, { recursive: true, force: true });
    renameSync(scratch, dir);
    return { state: 'match' };
  } catch (e) {
    return { state: 'rebuild-failed', reason: e instanceof Error ? e.message.split('\n')[0] : String(e) };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
