import { defaultDbPath, openStore, StoreError } from '../../store';
import type { Command } from '../command';
import { blame, EXIT_OK, UsageError } from '../errors';

export const importCommand: Command = {
  name: 'import',
  summary: 'Add a run exported as a portable file (run.nasrun) to a run database',
  usage: ['import FILE [--db PATH] [--copy]'],
  options: {
    db: { type: 'string', value: 'PATH', help: `run database (default ${defaultDbPath()})` },
    copy: { type: 'boolean', help: 'import under a new id when the run is already in the database' },
  },
  positionals: true,
  async run(args) {
    if (args.positionals.length !== 1) throw new UsageError('import takes one FILE (a run.nasrun that a run export or the browser host wrote)');
    const [file] = args.positionals;
    const store = openStore({ path: args.string('db') ?? defaultDbPath() });
    try {
      const id = importOrBlame(() => store.importRun(file, { onConflict: args.has('copy') ? 'new-id' : 'error' }), file);
      process.stdout.write(`imported run ${id} into ${store.path}\n`);
    } finally {
      store.close();
    }
    return EXIT_OK;
  },
};

/** A file the store refuses (malformed, newer, already there, unreadable) is bad input: exit 2 with the reason. */
function importOrBlame(run: () => string, file: string): string {
  try {
    return run();
  } catch (e) {
    if (e instanceof StoreError || /^E[A-Z]+$/.test((e as NodeJS.ErrnoException).code ?? '')) blame(file, e);
    throw e;
  }
}
