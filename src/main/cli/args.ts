import { parseArgs } from 'node:util';
import type { Command } from './command';
import { UsageError } from './errors';

type Values = Record<string, string | string[] | boolean | undefined>;

/** A command's parsed flags, with typed accessors whose errors name the flag. */
export class Args {
  constructor(
    private readonly values: Values,
    readonly positionals: readonly string[] = [],
  ) {}

  has(name: string): boolean {
    return this.values[name] !== undefined;
  }

  flag(name: string): boolean {
    return this.values[name] === true;
  }

  string(name: string): string | undefined {
    const v = this.values[name];
    return typeof v === 'string' ? v : undefined;
  }

  /** Every value of a flag declared `multiple` (empty when absent). */
  strings(name: string): string[] {
    const v = this.values[name];
    return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
  }

  required(name: string): string {
    const v = this.string(name);
    if (v === undefined) throw new UsageError(`--${name} is required`);
    return v;
  }

  int(name: string, min: number): number | undefined {
    const v = this.string(name);
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v) || Number(v) < min) throw new UsageError(`--${name} must be an integer ≥ ${min}, got '${v}'`);
    return Number(v);
  }

  choice<T extends string>(name: string, choices: readonly T[]): T | undefined {
    const v = this.string(name);
    if (v === undefined || (choices as readonly string[]).includes(v)) return v as T | undefined;
    throw new UsageError(`--${name} must be one of ${choices.join(', ')}, got '${v}'`);
  }

  /** Exactly one of the flags, or a usage error saying which are allowed. */
  oneOf(names: readonly string[]): string {
    const given = names.filter((n) => this.has(n));
    if (given.length !== 1) throw new UsageError(`give exactly one of ${names.map((n) => `--${n}`).join(', ')}`);
    return given[0];
  }
}

/** Strict parse of a command's flags: unknown flags, missing values and stray arguments are usage errors. */
export function parseCommandArgs(command: Command, argv: string[]): { help: boolean; args: Args } {
  const options = Object.fromEntries(Object.entries(command.options).map(([name, o]) => [name, { type: o.type, multiple: o.multiple === true }]));
  try {
    const allowPositionals = command.positionals === true;
    const { values, positionals } = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals });
    return { help: values.help === true, args: new Args(values, positionals) };
  } catch (e) {
    throw new UsageError(`${(e as Error).message.split('\n')[0]} (see 'nas-studio ${command.name} --help')`);
  }
}
