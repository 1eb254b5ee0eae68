import type { Command } from './command';
import { deriveCommand } from './commands/derive';
import { exportCommand } from './commands/export';
import { importCommand } from './commands/import';
import { inspectCommand } from './commands/inspect';
import { predictCommand } from './commands/predict';
import { randomSearchCommand } from './commands/random-search';
import { retrainCommand } from './commands/retrain';
import { searchCommand } from './commands/search';
import { serveCommand } from './commands/serve';
import { studyCommand } from './commands/study';

/** Every command, in help order. A new command is one module plus one line here. */
export const commands: readonly Command[] = [searchCommand, randomSearchCommand, studyCommand, retrainCommand, exportCommand, importCommand, predictCommand, deriveCommand, inspectCommand, serveCommand];

export function findCommand(name: string): Command | undefined {
  return commands.find((c) => c.name === name);
}
