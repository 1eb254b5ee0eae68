import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildingLine, type UiBuild } from './plan';

// The UI is built on demand: `npm start`, `nas-studio serve` and the desktop app all run from
// out/, so each first checks it against the sources and runs electron-vite build when it is
// missing or older. No manual `npm run build`.

/** The checkout this code runs from. */
export const CHECKOUT = fileURLToPath(new URL('../../../', import.meta.url));
/** The built renderer the browser host serves (the desktop window loads the same files). */
export const RENDERER_DIR = path.join(CHECKOUT, 'out/renderer');

/** Everything electron-vite reads: a change to any of it makes the build stale. */
const SOURCES = ['src', 'electron.vite.config.ts', 'package.json', 'tsconfig.json'];
/** Everything the hosts load from out/. */
const OUTPUTS = ['out/main/index.js', 'out/main/worker.js', 'out/preload/index.cjs', 'out/renderer/index.html'];

/** Missing when any output is absent, stale when a source changed after the oldest output. */
export function uiBuildState(newestSourceMs: number, outputMs: ReadonlyArray<number | null>): UiBuild {
  if (outputMs.some((t) => t === null)) return 'missing';
  return newestSourceMs > Math.min(...(outputMs as number[])) ? 'stale' : 'fresh';
}

function newestMtime(file: string): number {
  const stat = statSync(file, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(file)) newest = Math.max(newest, newestMtime(path.join(file, entry)));
  return newest;
}

export function observeUiBuild(root = CHECKOUT): UiBuild {
  const newest = Math.max(...SOURCES.map((s) => newestMtime(path.join(root, s))));
  return uiBuildState(
    newest,
    OUTPUTS.map((o) => statSync(path.join(root, o), { throwIfNoEntry: false })?.mtimeMs ?? null),
  );
}

/** Runs `electron-vite build` (its log on stderr, so stdout stays the host's own lines). */
export function buildUi(root = CHECKOUT): Promise<void> {
  const electronVite = path.join(path.dirname(createRequire(import.meta.url).resolve('electron-vite/package.json')), 'bin/electron-vite.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [electronVite, 'build'], { cwd: root, stdio: ['ignore', 2, 2] });
    child.once('error', reject);
    child.once('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`building the UI failed (electron-vite build exited with ${code ?? signal})`))));
  });
}

/** Builds the UI when out/ is missing or stale, saying so in one line on stderr. */
export async function ensureUiBuilt(root = CHECKOUT): Promise<void> {
  const state = observeUiBuild(root);
  if (state === 'fresh') return;
  process.stderr.write(`NAS Studio: ${buildingLine(state)}\n`);
  await buildUi(root);
}
