import { PRODUCT_VERSION } from '../../shared/product';
import { parseCommandArgs } from './args';
import { EXIT_OK, EXIT_RUNTIME, EXIT_USAGE, UsageError, errorMessage } from './errors';
import { commandHelp, globalHelp } from './help';
import { commands, findCommand } from './registry';

function fail(error: unknown): number {
  process.stderr.write(`nas-studio: ${errorMessage(error)}\n`);
  return error instanceof UsageError ? EXIT_USAGE : EXIT_RUNTIME;
}

/** Runs one CLI invocation (`argv` without node and the script) and resolves to its exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' && rest[0] !== undefined ? findCommand(rest[0]) : undefined;
    const text = topic ? commandHelp(topic) : globalHelp(commands, PRODUCT_VERSION);
    // Asked for: help is the output. Bare `nas-studio`: a usage error that shows the usage.
    if (name === undefined) process.stderr.write(text);
    else process.stdout.write(text);
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (name === '--version' || name === '-V') {
    process.stdout.write(`${PRODUCT_VERSION}\n`);
    return EXIT_OK;
  }
  const command = findCommand(name);
  if (!command) return fail(new UsageError(`unknown command '${name}' (commands: ${commands.map((c) => c.name).join(', ')}; see 'nas-studio --help')`));
  try {
    const { help, args } = parseCommandArgs(command, rest);
    if (help) {
      process.stdout.write(commandHelp(command));
      return EXIT_OK;
    }
    return await command.run(args);
  } catch (e) {
    return fail(e);
  }
}
