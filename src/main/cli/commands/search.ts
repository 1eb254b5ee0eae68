import { readdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { runSearch } from '../../../engine/search';
import { backendPreference, checkpointSetting, presets, type SearchConfig } from '../../../shared/config';
import type { RunEvent } from '../../../shared/runs';
import type { SearchEvent } from '../../../shared/search-events';
import { defaultDbPath } from '../../store';
import type { Command } from '../command';
import type { Args } from '../args';
import { EXIT_INTERRUPTED, EXIT_OK, UsageError } from '../errors';
import { jsonLine } from '../format';
import { RUN_FILES, resolveResume } from '../run-dir';
import { refuseOnResume, runInDatabase } from '../run-in-database';
import { recordRun } from '../run-loop';
import { resolveSearchConfig } from '../search/config';
import { ProgressReporter } from '../search/progress';
import { RunDir } from '../search/run-dir';

/** `runs/2025-01-31T12-00-00-quick`, relative to the working directory. */
export function defaultRunDir(label: string): string {
  const stamp = new Date().toISOString().slice(0, 19).replace(/:/g, '-');
  return resolve('runs', `${stamp}-${label.replace(/[^\w.-]+/g, '_')}`);
}

export const searchCommand: Command = {
  name: 'search',
  summary: 'Run an architecture search and record it in a run directory',
  usage: [
    'search --preset NAME | --config FILE [--epochs N] [--backend B] [--threads N] [--checkpoint C] [--seed N] [--data-root DIR] [--out DIR] [--json]',
    'search --resume DIR [--epochs N] [--out DIR] [--json]',
    'search --db PATH (--preset NAME | --config FILE | --resume RUN_ID) [overrides] [--name NAME] [--json]',
  ],
  options: {
    preset: { type: 'string', value: 'NAME', help: `a built-in configuration (${presets.map((p) => p.id).join(', ')})` },
    config: { type: 'string', value: 'FILE', help: 'a JSON search configuration (missing fields take the reference defaults)' },
    epochs: { type: 'string', value: 'N', help: 'override budget.epochs' },
    backend: { type: 'string', value: 'B', help: `override the backend (${backendPreference.options.join(', ')})` },
    threads: { type: 'string', value: 'N', help: 'CPU threads for the kernels (default: every core; the results are the same at any count)' },
    checkpoint: { type: 'string', value: 'C', help: `activation checkpointing (${checkpointSetting.options.join(', ')}): recompute during backprop to hold less memory` },
    seed: { type: 'string', value: 'N', help: 'override the seed' },
    'data-root': { type: 'string', value: 'DIR', help: 'where the dataset files are (sets data.options.root)' },
    out: { type: 'string', value: 'DIR', help: 'run directory (default runs/<timestamp>-<preset or config name>)' },
    resume: { type: 'string', value: 'DIR', help: "continue from a run's last checkpoint (a run directory or its checkpoint/; with --db, an interrupted run's id); reuses its config and directory unless told otherwise" },
    db: { type: 'string', value: 'PATH', help: `record the run in this database instead of a run directory, through a worker process like the app's (default database: ${defaultDbPath()})` },
    name: { type: 'string', value: 'NAME', help: 'with --db: the run name shown in the app' },
    json: { type: 'boolean', help: 'print every event as one JSON line (JSONL) on stdout, nothing else' },
  },
  run: (args) => runSearchCommand(args),
};

/** `search`, or a command that is a search with `adjust` applied to its config (random-search). */
export async function runSearchCommand(args: Args, adjust?: (c: SearchConfig) => SearchConfig): Promise<number> {
  const json = args.flag('json');
  if (args.has('db')) return searchInDb(args, json, adjust);
  if (args.has('name')) throw new UsageError('--name goes with --db (a run directory is named by --out)');
  const resume = args.has('resume') ? await resolveResume(args.required('resume')) : undefined;
  const fromRun = resume?.runDir;
  const { config, label } = await resolveSearchConfig(args, fromRun && resolve(fromRun, RUN_FILES.config), adjust);
  const out = resolve(args.string('out') ?? fromRun ?? defaultRunDir(label));
  const run = await RunDir.open(out, out === fromRun);
  const progress = new ProgressReporter(process.stdout);
  await recordRun(run, config, (o) => runSearch(config, { ...o, resumeFrom: resume?.checkpointDir }), { json, report: (e) => progress.report(e) });
  if (!json) {
    if (run.status === 'cancelled' && (await run.resumable())) process.stdout.write(`continue with: nas-studio search --resume ${out}\n`);
    process.stdout.write(`files in ${out}: ${(await readdir(out)).sort().join(', ')}\n`);
  }
  return run.status === 'cancelled' ? EXIT_INTERRUPTED : EXIT_OK;
}

async function searchInDb(args: Args, json: boolean, adjust?: (c: SearchConfig) => SearchConfig): Promise<number> {
  if (args.has('out')) throw new UsageError('--out and --db do not go together: a run in the database keeps its files in the database folder');
  const progress = new ProgressReporter(process.stdout);
  const common = {
    dbPath: resolve(args.required('db')),
    kind: 'search' as const,
    onEvent: (e: RunEvent) => (json ? process.stdout.write(`${jsonLine(e)}\n`) : progress.report(e as SearchEvent)),
    say: json ? undefined : (line: string) => process.stdout.write(`${line}\n`),
  };
  if (args.has('resume')) {
    refuseOnResume(args, ['preset', 'config', 'epochs', 'backend', 'threads', 'checkpoint', 'seed', 'data-root']);
    return runInDatabase({ ...common, start: { resumeId: args.required('resume') } });
  }
  const { config, label } = await resolveSearchConfig(args, undefined, adjust);
  return runInDatabase({ ...common, start: () => ({ config, name: args.string('name') ?? config.name ?? label }) });
}
