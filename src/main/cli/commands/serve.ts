import { openHost } from '../../host';
import { openBrowser } from '../../launch/browser';
import { ensureUiBuilt, RENDERER_DIR } from '../../launch/ui-build';
import { forkWorker } from '../../runs';
import { isLoopback, startServer } from '../../server';
import { defaultDbPath } from '../../store';
import type { Command } from '../command';
import { EXIT_OK, UsageError } from '../errors';

/** Resolves when the process is asked to stop (Ctrl-C or SIGTERM). */
const stopSignal = () =>
  new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Serve the NAS Studio UI and API to a browser (local or a headless GPU box)',
  usage: ['serve [--host 127.0.0.1] [--port N] [--db PATH] [--token T] [--concurrency N] [--open]'],
  options: {
    host: { type: 'string', value: 'ADDR', help: 'address to bind (default 127.0.0.1); any other address requires a token' },
    port: { type: 'string', value: 'N', help: 'port (default 8787, or a free one when that is taken; 0 picks a free one)' },
    db: { type: 'string', value: 'PATH', help: `run database (default ${defaultDbPath()})` },
    token: { type: 'string', value: 'T', help: 'access token to require (generated for non-loopback addresses when absent)' },
    concurrency: { type: 'string', value: 'N', help: 'searches running at once (default 1)' },
    open: { type: 'boolean', help: 'open the UI in the default browser (BROWSER names another)' },
  },
  async run(args) {
    const host = args.string('host') ?? '127.0.0.1';
    const port = args.int('port', 0) ?? 8787;
    if (port > 65535) throw new UsageError(`--port must be at most 65535, got ${port}`);
    const token = args.string('token') ?? null;
    if (token !== null && !/^[\w-]{16,200}$/.test(token)) throw new UsageError('--token must be 16–200 letters, digits, _ or -');
    // The browser gets the bundle the desktop app loads, built first when out/ is missing or stale.
    await ensureUiBuilt();
    const backend = openHost({ dbPath: args.string('db') ?? defaultDbPath(), spawn: forkWorker, transport: 'websocket', concurrency: args.int('concurrency', 1) });
    try {
      const listen = (on: number) => startServer({ service: backend.service, store: backend.store, rendererDir: RENDERER_DIR, host, port: on, token });
      const server = await listen(port).catch((e: NodeJS.ErrnoException) => {
        // The default port taken (another NAS Studio, say): any free one beats an error; a port asked for is kept.
        if (e.code !== 'EADDRINUSE' || args.has('port')) throw e;
        return listen(0);
      });
      process.stdout.write(`NAS Studio is serving ${backend.store.path}\n`);
      if (!isLoopback(host)) process.stdout.write('Bound to a non-loopback address: anyone who can reach it needs the token in this URL.\n');
      process.stdout.write(`Open ${server.url}\n`);
      if (args.flag('open')) openBrowser(server.url);
      const signal = await stopSignal();
      process.stderr.write(`\nnas-studio: ${signal}: stopping (running searches become interrupted and can be resumed)\n`);
      await server.close();
    } finally {
      await backend.close();
    }
    return EXIT_OK;
  },
};
