// `npm start`'s decisions, as a pure function of what the launcher has found out so far. The
// driver (index.ts) observes the machine, asks for the next step, performs it, records the
// outcome and asks again, so every branch here is unit-tested without Electron or a display.

export type UiBuild = 'missing' | 'stale' | 'fresh';

export type ElectronState =
  | { state: 'present'; path: string }
  | { state: 'absent' }
  /** Absent, and ELECTRON_SKIP_BINARY_DOWNLOAD forbids fetching it. */
  | { state: 'skip-download' }
  | { state: 'download-failed'; reason: string }
  /** It quit with an error before it could have shown a window (no X server, missing libraries). */
  | { state: 'start-failed'; reason: string };

/** Native add-ons built for this Electron's ABI (a cached rebuild) or not. */
export type NativeState = { state: 'match' } | { state: 'mismatch' } | { state: 'rebuild-failed'; reason: string };

export interface LaunchFacts {
  ui: UiBuild;
  /** A screen a window (or a browser) can open on. */
  display: boolean;
  electron: ElectronState;
  native: NativeState;
  /** False with --no-open. */
  openBrowser: boolean;
}

/** What to do next; `say` is the one line the user reads about it. */
export type LaunchStep =
  | { do: 'build-ui'; say: string }
  | { do: 'download-electron'; say: string }
  | { do: 'rebuild-native'; say: string }
  | { do: 'open-window'; say: string; electron: string }
  | { do: 'serve'; say: string; open: boolean };

/** The line said before building the UI. */
export const buildingLine = (ui: Exclude<UiBuild, 'fresh'>): string => `Building the UI (${ui === 'missing' ? 'out/ is missing' : 'out/ is older than the sources'})…`;

const serve = (why: string, open: boolean): LaunchStep => ({
  do: 'serve',
  open,
  say: `${why}: serving the UI to a browser on loopback instead${open ? '' : ' (open the URL below)'}.`,
});

export function nextStep(facts: LaunchFacts): LaunchStep {
  if (facts.ui !== 'fresh') return { do: 'build-ui', say: buildingLine(facts.ui) };
  if (!facts.display) return serve('No display (neither DISPLAY nor WAYLAND_DISPLAY is set)', false);
  const { electron, native } = facts;
  if (electron.state === 'absent') return { do: 'download-electron', say: 'Fetching the Electron binary with its own installer (first start only)…' };
  if (electron.state === 'skip-download') return serve('No Electron binary, and ELECTRON_SKIP_BINARY_DOWNLOAD forbids fetching it', facts.openBrowser);
  if (electron.state === 'download-failed') return serve(`Electron's download failed (${electron.reason})`, facts.openBrowser);
  if (electron.state === 'start-failed') return serve(`Electron could not start (${electron.reason})`, facts.openBrowser);
  if (native.state === 'mismatch') return { do: 'rebuild-native', say: "Rebuilding native modules for Electron's ABI with @electron/rebuild (first start only; cached)…" };
  if (native.state === 'rebuild-failed') return serve(`Rebuilding native modules for Electron failed (${native.reason})`, facts.openBrowser);
  return { do: 'open-window', electron: electron.path, say: 'Opening the desktop window.' };
}

/** macOS and Windows always have a screen; elsewhere an X11 or Wayland one must be named. */
export function hasDisplay(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): boolean {
  if (platform === 'darwin' || platform === 'win32') return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}
