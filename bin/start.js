#!/usr/bin/env node
// `npm start`: open the desktop app where a window can be shown; otherwise run the
// main job headless, so a fresh clone does something useful on any machine.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

/** Why the desktop app cannot open here, or null when it can. */
function whyNoDesktop(electron) {
  if (!electron) {
    return process.env.ELECTRON_SKIP_BINARY_DOWNLOAD
      ? 'no Electron binary (ELECTRON_SKIP_BINARY_DOWNLOAD)'
      : 'no Electron binary (fetch it with `node node_modules/electron/install.js`)';
  }
  if (!hasDisplay()) return 'no display (neither DISPLAY nor WAYLAND_DISPLAY is set)';
  return null;
}

function electronBinary() {
  try {
    // The package exports the executable's path; it throws when the download never ran.
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

function hasDisplay() {
  if (process.platform === 'darwin' || process.platform === 'win32') return true;
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

/** Runs a Node script in the foreground and exits with its status. */
function runNode(args, env = process.env) {
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: 'inherit' });
  // Ctrl-C already reaches the child through the terminal's process group; forwarding
  // SIGINT as well would make one keypress look like two. Other stops are passed on.
  process.on('SIGINT', () => {});
  for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('error', (error) => {
    console.error(`NAS Studio: could not start ${args[0]}: ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 0)));
}

const electron = electronBinary();
const reason = whyNoDesktop(electron);
if (reason === null) {
  // `electron-vite preview` rebuilds (about a second) and then launches Electron on
  // out/main/index.js, so the window never shows stale code. It is told which binary
  // we found, since its own lookup ignores ELECTRON_OVERRIDE_DIST_PATH.
  const electronVite = join(dirname(require.resolve('electron-vite/package.json')), 'bin/electron-vite.js');
  runNode([electronVite, 'preview'], { ...process.env, ELECTRON_EXEC_PATH: electron });
} else {
  console.error(`NAS Studio: ${reason} — running the demo search headless.`);
  runNode([join(root, 'bin/nas-studio.js'), 'search', '--preset', 'quick']);
}
