import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import path from 'node:path';
import { SQLITE_BINDING_ENV } from '../store/native-binding';
import { downloadElectron, electronPackage, observeElectron } from './electron-binary';
import { cachedBinding, installedModule, nativeCacheDir, observeNative, rebuildNative } from './native-modules';
import { hasDisplay, nextStep, type LaunchFacts, type LaunchStep } from './plan';
import { buildUi, CHECKOUT, observeUiBuild } from './ui-build';

// `npm start`: the desktop window where Electron and a display exist, otherwise the same UI
// served to a browser. The decisions are plan.ts's; this file only observes and acts.

type Outcome = Partial<LaunchFacts> | { exit: number };
type Effects = { [K in LaunchStep['do']]: (step: Extract<LaunchStep, { do: K }>) => Promise<Outcome> };

const say = (line: string) => process.stderr.write(`NAS Studio: ${line}\n`);

/** An error exit sooner than this after launch means the window never came up. */
const START_FAILURE_MS = 15_000;

/** Runs Electron on this checkout in the foreground: its exit status, or why it failed to start. */
function runElectron(binary: string, args: string[], binding: string): Promise<Outcome> {
  const env: NodeJS.ProcessEnv = { ...process.env, [SQLITE_BINDING_ENV]: binding };
  delete env.ELECTRON_RUN_AS_NODE;
  const started = Date.now();
  const child = spawn(binary, [CHECKOUT, ...args], { cwd: CHECKOUT, env, stdio: 'inherit' });
  // Ctrl-C already reaches the child through the terminal's process group; forwarding SIGINT
  // as well would make one keypress look like two. Other stops are passed on.
  const ignore = () => {};
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', ignore);
  for (const signal of ['SIGTERM', 'SIGHUP'] as const) process.on(signal, forward);
  // Electron gone, the browser host may follow and handle signals its own way.
  const release = () => {
    process.off('SIGINT', ignore);
    for (const signal of ['SIGTERM', 'SIGHUP'] as const) process.off(signal, forward);
  };
  return new Promise((resolve) => {
    child.once('error', (e) => (release(), resolve({ electron: { state: 'start-failed', reason: e.message } })));
    child.once('exit', (code, signal) => {
      release();
      if (code !== null && code !== 0 && Date.now() - started < START_FAILURE_MS) resolve({ electron: { state: 'start-failed', reason: `it exited with ${code}` } });
      else resolve({ exit: code ?? 128 + (signal ? constants.signals[signal] : 0) });
    });
  });
}

/** `npm start [--no-open] [serve or app flags, e.g. --db PATH --port N]`. */
export async function launch(argv: string[]): Promise<number> {
  const args = argv.filter((a) => a !== '--no-open');
  const target = { electronVersion: electronPackage().version, platform: process.platform, arch: process.arch, moduleVersion: installedModule().version };
  const nativeDir = nativeCacheDir(path.join(CHECKOUT, 'node_modules/.cache/nas-studio/electron-native'), target);
  const facts: LaunchFacts = {
    ui: observeUiBuild(),
    display: hasDisplay(process.platform, process.env),
    electron: observeElectron(),
    native: observeNative(nativeDir),
    openBrowser: !argv.includes('--no-open'),
  };
  const effects: Effects = {
    'build-ui': async () => (await buildUi(), { ui: 'fresh' }),
    'download-electron': async () => ({ electron: await downloadElectron() }),
    'rebuild-native': async () => ({ native: await rebuildNative(nativeDir, target) }),
    'open-window': (step) => runElectron(step.electron, args, cachedBinding(nativeDir)),
    // Loaded only here: the CLI brings the engine with it, which the window path does not need.
    serve: async (step) => ({ exit: await (await import('../cli')).main(['serve', ...args, ...(step.open ? ['--open'] : [])]) }),
  };
  for (;;) {
    const step = nextStep(facts);
    say(step.say);
    // TypeScript cannot pair a union's member with its handler: the registry's type does.
    const outcome = await (effects[step.do] as (s: LaunchStep) => Promise<Outcome>)(step);
    if ('exit' in outcome) return outcome.exit;
    Object.assign(facts, outcome);
  }
}
