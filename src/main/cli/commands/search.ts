import { readdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { runSearch } from '../../../engine/search';
import { backendPreference, presets } from '../../../shared/config';
import type { Command } from '../command';
import { EXIT_INTERRUPTED, EXIT_OK } from '../errors';
import { RUN_FILES, resolveResume } from '../run-dir';
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
    'search --preset NAME | --config FILE [--epochs N] [--backend B] [--seed N] [--data-root DIR] [--out DIR] [--json]',
    'search --resume DIR [--epochs N] [--out DIR] [--json]',
  ],
  options: {
    preset: { type: 'string', value: 'NAME', help: `a built-in configuration (${presets.map((p) => p.id).join(', ')})` },
    config: { type: 'string', value: 'FILE', help: 'a JSON search configuration (missing fields take the reference defaults)' },
    epochs: { type: 'string', value: 'N', help: 'override budget.epochs' },
    backend: { type: 'string', value: 'B', help: `override the backend (${backendPreference.options.join(', ')})` },
    seed: { type: 'string', value: 'N', help: 'override the seed' },
    'data-root': { type: 'string', value: 'DIR', help: 'where the dataset files are (sets data.options.root)' },
    out: { type: 'string', value: 'DIR', help: 'run directory (default runs/<timestamp>-<preset or config name>)' },
    resume: { type: 'string', value: 'DIR', help: "continue from a run's last checkpoint (a run directory or its checkpoint/); reuses its config and directory unless told otherwise" },
    json: { type: 'boolean', help: 'print every event as one JSON line (JSONL) on stdout, nothing else' },
  },
  async run(args) {
    const json = args.flag('json');
    const resume = args.has('resume') ? await resolveResume(args.required('resume')) : undefined;
    const fromRun = resume?.runDir;
    const { config, label } = await resolveSearchConfig(args, fromRun && resolve(fromRun, RUN_FILES.config));
    const out = resolve(args.string('out') ?? fromRun ?? defaultRunDir(label));
    const run = await RunDir.open(out, out === fromRun);
    const progress = new ProgressReporter(process.stdout);
    await recordRun(run, config, (o) => runSearch(config, { ...o, resumeFrom: resume?.checkpointDir }), { json, report: (e) => progress.report(e) });
    if (!json) {
      if (run.status === 'cancelled' && (await run.resumable())) process.stdout.write(`continue with: nas-studio search --resume ${out}\n`);
      process.stdout.write(`files in ${out}: ${(await readdir(out)).sort().join(', ')}\n`);
    }
    return run.status === 'cancelled' ? EXIT_INTERRUPTED : EXIT_OK;
  },
};
