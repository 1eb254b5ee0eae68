import type { Command } from './command';
import { columns } from './format';

const BIN = 'nas-studio';

export function commandHelp(c: Command): string {
  const flags: Array<[string, string]> = Object.entries(c.options).map(([name, o]) => [`--${name}${o.value ? ` ${o.value}` : ''}`, o.help]);
  flags.push(['-h, --help', 'show this help']);
  return [
    ...c.usage.map((u, i) => `${i === 0 ? 'Usage:' : '      '} ${BIN} ${u}`),
    '',
    `${c.summary}.`,
    '',
    'Options:',
    ...columns(flags),
    '',
  ].join('\n');
}

export function globalHelp(commands: readonly Command[], version: string): string {
  return [
    `NAS Studio ${version}: differentiable architecture search (DARTS family) on TensorFlow.js`,
    '',
    `Usage: ${BIN} <command> [options]`,
    '',
    'Commands:',
    ...columns(commands.map((c) => [c.name, c.summary])),
    '',
    `Run '${BIN} <command> --help' for a command's options.`,
    'Exit codes: 0 success, 1 the run failed, 2 bad usage or input, 130 interrupted (Ctrl-C).',
    '',
  ].join('\n');
}
