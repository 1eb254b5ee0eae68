import { spawn, type ChildProcess } from 'node:child_process';

export interface HostProcess {
  /** The address the host printed (`Open http://…`). */
  url: string;
  child: ChildProcess;
  /** Everything it wrote so far, stdout and stderr. */
  output(): string;
  /** SIGTERM, then SIGKILL after 10 s; resolves once it has exited. */
  stop(): Promise<void>;
}

/**
 * Starts a host script (`bin/start.js`, `bin/nas-studio.js serve`) with Node and resolves once it
 * prints the URL to open; rejects with its output if it exits or stays silent for `timeoutMs`.
 */
export async function startHostProcess(script: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs: number }): Promise<HostProcess> {
  const child = spawn(process.execPath, [script, ...args], { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${script} printed no URL in ${opts.timeoutMs} ms:\n${output}`)), opts.timeoutMs);
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const m = /Open (http:\/\/\S+)/.exec(output);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('exit', (code) => (clearTimeout(timer), reject(new Error(`${script} exited with ${code}:\n${output}`))));
    });
    return { url, child, output: () => output, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** The environment of a machine without a display, where Electron's download is forbidden: `npm start` serves to a browser. */
export function headlessEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' };
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
  return env;
}
