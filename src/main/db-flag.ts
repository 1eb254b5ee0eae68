/**
 * The `--db PATH` (or `--db=PATH`) override from a command line, for hosts without the CLI's own
 * parser (the Electron app). Validation of the path itself is the store's (prepareDbPath).
 */
export function dbFlag(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg.startsWith('--db=')) return nonEmpty(arg.slice('--db='.length));
    if (arg === '--db') return nonEmpty(argv[i + 1]);
  }
  return undefined;
}

function nonEmpty(value: string | undefined): string {
  if (!value || value.startsWith('--')) throw new Error('--db needs a file path');
  return value;
}
