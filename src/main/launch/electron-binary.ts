import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ElectronState } from './plan';

const require = createRequire(import.meta.url);

/** The electron npm package: its version, and where its own installer lives. */
export function electronPackage(): { version: string; dir: string } {
  const manifest = require.resolve('electron/package.json');
  return { version: (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version, dir: path.dirname(manifest) };
}

/** Whether fetching is forbidden: any non-empty value, as Electron's installer reads it. */
export const skipDownload = (env: NodeJS.ProcessEnv): boolean => Boolean(env.ELECTRON_SKIP_BINARY_DOWNLOAD);

export function observeElectron(env: NodeJS.ProcessEnv = process.env): ElectronState {
  let binary: unknown;
  try {
    // The package exports the executable's path, and throws when its download never ran.
    binary = require('electron');
  } catch {
    binary = null;
  }
  if (typeof binary === 'string' && existsSync(binary)) return { state: 'present', path: binary };
  return skipDownload(env) ? { state: 'skip-download' } : { state: 'absent' };
}

/** Runs Electron's own installer (node_modules/electron/install.js; it shows the download's progress). */
export function downloadElectron(): Promise<ElectronState> {
  const installer = path.join(electronPackage().dir, 'install.js');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [installer], { stdio: 'inherit' });
    const failed = (reason: string) => resolve({ state: 'download-failed', reason });
    child.once('error', (e) => failed(e.message));
    child.once('exit', (code, signal) => {
      if (code !== 0) return failed(`its installer exited with ${code ?? signal}`);
      const after = observeElectron({});
      resolve(after.state === 'present' ? after : { state: 'download-failed', reason: 'the installer left no binary' });
    });
  });
}
