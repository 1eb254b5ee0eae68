import { spawn } from 'node:child_process';

export interface Opener {
  command: string;
  args: string[];
}

/**
 * How to open a URL in the user's browser. BROWSER wins, as in Python's webbrowser and xdg-open:
 * the first of its path-separated entries, with `%s` replaced by the URL (appended when absent).
 */
export function browserOpener(url: string, platform: NodeJS.Platform, env: NodeJS.ProcessEnv): Opener {
  const chosen = env.BROWSER?.split(platform === 'win32' ? ';' : ':').find((entry) => entry.trim() !== '');
  if (chosen) {
    const [command, ...rest] = chosen.trim().split(/\s+/);
    const args = rest.map((a) => a.replace('%s', url));
    return { command, args: chosen.includes('%s') ? args : [...args, url] };
  }
  if (platform === 'darwin') return { command: 'open', args: [url] };
  // `start`'s first quoted argument is a window title; the empty one keeps the URL from being taken as it.
  if (platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""', url] };
  return { command: 'xdg-open', args: [url] };
}

/** Opens the URL without waiting; a missing or failing opener costs one line, never the host. */
export function openBrowser(url: string, platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): void {
  const { command, args } = browserOpener(url, platform, env);
  const fail = (why: string) => process.stderr.write(`NAS Studio: could not open a browser (${command}: ${why}); open ${url} yourself.\n`);
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.once('error', (e) => fail(e.message));
  child.once('exit', (code) => {
    if (code !== 0 && code !== null) fail(`exited with ${code}`);
  });
  child.unref();
}
