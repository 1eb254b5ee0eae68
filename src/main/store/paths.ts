import { mkdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { PRODUCT_NAME } from '../../shared/product';
import { StoreError } from './errors';

export const DB_FILE = 'nas-studio.db';

export interface DefaultPathOptions {
  /** Electron's app.getPath('userData'); the Node host and CLI leave it out. */
  userData?: string;
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  home?: string;
}

/** Where the database lives unless `--db` says otherwise: the platform's per-user data folder. */
export function defaultDbPath(opts: DefaultPathOptions = {}): string {
  const { platform = process.platform, env = process.env, home = homedir() } = opts;
  const p = platform === 'win32' ? path.win32 : path.posix;
  if (opts.userData) return p.join(opts.userData, DB_FILE);
  if (platform === 'win32') return p.join(env.APPDATA || p.join(home, 'AppData', 'Roaming'), PRODUCT_NAME, DB_FILE);
  if (platform === 'darwin') return p.join(home, 'Library', 'Application Support', PRODUCT_NAME, DB_FILE);
  // The XDG spec says to ignore a relative XDG_DATA_HOME.
  const xdg = env.XDG_DATA_HOME && p.isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : p.join(home, '.local', 'share');
  return p.join(xdg, 'nas-studio', DB_FILE);
}

/** The absolute database path, its folder created; refuses a directory or a folder that cannot exist. */
export function prepareDbPath(file: string): string {
  const abs = path.resolve(file);
  try {
    mkdirSync(path.dirname(abs), { recursive: true });
  } catch (e) {
    throw new StoreError('bad-path', `cannot create the folder ${path.dirname(abs)} for the database (${(e as NodeJS.ErrnoException).code ?? e})`);
  }
  if (statSync(abs, { throwIfNoEntry: false })?.isDirectory()) throw new StoreError('bad-path', `database path ${abs} is a directory; give a file path`);
  return abs;
}
