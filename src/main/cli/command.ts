import type { Args } from './args';

export interface OptionSpec {
  type: 'string' | 'boolean';
  /** Placeholder for the value in help, e.g. FILE or N. */
  value?: string;
  help: string;
  /** A string flag that may be given several times (read with Args.strings). */
  multiple?: boolean;
}

/** One CLI command: its flags (keys are the flag names without `--`) and what it does. */
export interface Command {
  name: string;
  summary: string;
  /** Synopsis lines, each after `nas-studio `. */
  usage: string[];
  options: Record<string, OptionSpec>;
  /** Whether bare arguments are accepted (e.g. the files a shell glob expands to); read with Args.positionals. */
  positionals?: boolean;
  /** Resolves to the exit code; throws UsageError for bad input, anything else for a failed run. */
  run(args: Args): Promise<number>;
}
