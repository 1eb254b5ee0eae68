import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * better-sqlite3 is compiled for Node's ABI, which the CLI and `nas-studio serve` need. Electron
 * needs a build for its own ABI: `npm start` rebuilds a copy into a cache and names it here, so
 * the one in node_modules stays usable by Node. A packaged app is rebuilt in place by
 * electron-builder and sets nothing.
 */
export const SQLITE_BINDING_ENV = 'NAS_STUDIO_SQLITE_BINDING';

/** The compiled add-on to load instead of node_modules' own, inside Electron only; checked before use. */
export function sqliteBinding(env: NodeJS.ProcessEnv = process.env, inElectron = Boolean(process.versions.electron)): string | undefined {
  const file = env[SQLITE_BINDING_ENV];
  if (!inElectron || !file) return undefined;
  if (!path.isAbsolute(file) || path.extname(file) !== '.node' || !existsSync(file)) throw new Error(`${SQLITE_BINDING_ENV}=${file}: not an existing absolute path to a .node add-on`);
  return file;
}
