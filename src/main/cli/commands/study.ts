import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { resolvePlugins, runSearch } from '../../../engine/search';
import { backendPreference, getPreset, mergeConfig, parseSearchConfig, presets, totalEpochs, type Preset, type SearchConfig } from '../../../shared/config';
import type { Args } from '../args';
import type { Command } from '../command';
import { EXIT_INTERRUPTED, EXIT_OK, UsageError, blame, lookup } from '../errors';
import { requireDir } from '../files';
import { duration, percent } from '../format';
import { abortOnSigint } from '../run-loop';
import { RunDir } from '../search/run-dir';
import { readEvents, runState } from '../study/run-state';
import { curvesSvg } from '../study/curves';
import { curveMarkdown, opWeightsMarkdown, presetMarkdown, runResult, studyMarkdown, summarize, type PresetSummary } from '../study/summary';

interface Overrides {
  /** A partial config laid onto every preset's (mergeConfig) before the other overrides. */
  config?: Record<string, unknown>;
  epochs?: number;
  steps?: number;
  dataset?: string;
  dataOptions?: Record<string, unknown>;
  dataRoot?: string;
  backend?: SearchConfig['backend'];
}

/** The preset with the study's seed and overrides; a new dataset starts from empty options. */
function studyConfig(preset: Preset, seed: number, o: Overrides): SearchConfig {
  try {
    const base = parseSearchConfig(o.config ? mergeConfig(preset.config, o.config) : preset.config);
    const dataset = o.dataset ?? base.data.dataset;
    const options = o.dataOptions ?? (dataset === base.data.dataset ? base.data.options : {});
    const config = parseSearchConfig({
      ...base,
      seed,
      ...(o.backend && { backend: o.backend }),
      data: { ...base.data, dataset, options: o.dataRoot ? { ...options, root: o.dataRoot } : options },
      budget: { ...base.budget, ...(o.epochs && { epochs: o.epochs }), ...(o.steps && { stepsPerEpoch: o.steps }) },
    });
    resolvePlugins(config);
    return config;
  } catch (e) {
    blame(`preset ${preset.id}`, e);
  }
}

/** An argument as a POSIX shell would need it written, for the command recorded in the tables. */
const shellQuote = (arg: string) => (/^[\w.,/:=+@%-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`);

async function writeAtomic(path: string, text: string): Promise<void> {
  await writeFile(`${path}.tmp`, text);
  await rename(`${path}.tmp`, path);
}

function jsonObject(option: string, text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    blame(`--${option}`, e);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UsageError(`--${option} must be a JSON object`);
  return value as Record<string, unknown>;
}

const jsonOption = (args: Args, option: string) => (args.has(option) ? jsonObject(option, args.required(option)) : undefined);

async function overrides(args: Args): Promise<Overrides> {
  return {
    config: jsonOption(args, 'override'),
    epochs: args.int('epochs', 1),
    steps: args.int('steps', 1),
    dataset: args.string('dataset'),
    dataOptions: jsonOption(args, 'data-options'),
    // Absolute, so that the recorded configs still find the data from elsewhere.
    dataRoot: args.has('data-root') ? resolve(await requireDir(args.required('data-root'), '--data-root')) : undefined,
    backend: args.choice('backend', backendPreference.options),
  };
}

/** A preset's tables: per seed, its final α per op, per epoch. */
const presetDetails = (s: PresetSummary) => [presetMarkdown(s), opWeightsMarkdown(s), curveMarkdown(s)].filter(Boolean).join('\n\n');

/** Reads every run's log back and writes the per-preset and whole-study tables (Markdown and JSON). */
async function writeTables(out: string, chosen: readonly Preset[], seeds: readonly number[], command: string): Promise<string> {
  const summaries: PresetSummary[] = [];
  for (const p of chosen) {
    const results = await Promise.all(seeds.map(async (seed) => runResult(p.id, seed, await readEvents(join(out, p.id, `seed-${seed}`)))));
    const s = summarize(p.id, results);
    summaries.push(s);
    await writeAtomic(join(out, p.id, 'summary.md'), `${presetDetails(s)}\n`);
    await writeAtomic(join(out, p.id, 'summary.json'), `${JSON.stringify(s, null, 2)}\n`);
  }
  const table = studyMarkdown(summaries);
  await writeAtomic(join(out, 'curves.svg'), curvesSvg(summaries, `nas-studio study, ${seeds.length} seeds: means over the seeds that completed each epoch`));
  const perPreset = summaries.map(presetDetails).join('\n\n');
  await writeAtomic(join(out, 'study.md'), `# Study\n\n\`${command}\`\n\n${table}\n\n![per-epoch curves](curves.svg)\n\n${perPreset}\n`);
  await writeAtomic(join(out, 'study.json'), `${JSON.stringify({ command, seeds, presets: summaries }, null, 2)}\n`);
  return table;
}

async function report(out: string, chosen: readonly Preset[], seeds: readonly number[], command: string): Promise<number> {
  process.stdout.write(`\n${await writeTables(out, chosen, seeds, command)}\n\ntables in ${join(out, 'study.md')} and study.json\n`);
  return EXIT_OK;
}

export const studyCommand: Command = {
  name: 'study',
  summary: 'Run presets over several seeds and tabulate accuracy, collapse and agreement (resumable)',
  usage: ['study --presets A,B,… [--seeds N] [--override JSON] [--epochs E] [--steps N] [--dataset D] [--data-options JSON] [--data-root DIR] [--backend B] [--out DIR] [--report]'],
  options: {
    presets: { type: 'string', value: 'A,B,…', help: `comma-separated preset ids (${presets.map((p) => p.id).join(', ')})` },
    seeds: { type: 'string', value: 'N', help: 'runs per preset, with seeds 1..N (default 3)' },
    override: { type: 'string', value: 'JSON', help: 'a partial search config laid onto every preset\'s (objects merged key by key, arrays and values replaced), e.g. \'{"model":{"layers":3}}\'' },
    epochs: { type: 'string', value: 'E', help: "override budget.epochs (default: each preset's)" },
    steps: { type: 'string', value: 'N', help: 'override budget.stepsPerEpoch' },
    dataset: { type: 'string', value: 'D', help: "override data.dataset (its options start empty; default: each preset's)" },
    'data-options': { type: 'string', value: 'JSON', help: 'replace data.options, e.g. \'{"limit":1000}\'' },
    'data-root': { type: 'string', value: 'DIR', help: 'where the dataset files are (sets data.options.root)' },
    backend: { type: 'string', value: 'B', help: `override the backend (${backendPreference.options.join(', ')})` },
    report: { type: 'boolean', help: 'only write the tables and curves from the runs so far (finished or not), running nothing' },
    out: { type: 'string', value: 'DIR', help: 'study folder: <preset>/seed-<n>/ run directories, the tables and curves.svg (default runs/study-<presets>)' },
  },
  async run(args) {
    const ids = args
      .required('presets')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (ids.length === 0) throw new UsageError('--presets needs at least one preset id');
    const chosen = ids.map((id) => lookup('--presets', () => getPreset(id)));
    const seeds = Array.from({ length: args.int('seeds', 1) ?? 3 }, (_, i) => i + 1);
    const o = await overrides(args);
    // Every config is built and checked before the first run starts.
    const runs = chosen.flatMap((preset) => seeds.map((seed) => ({ preset, seed, config: studyConfig(preset, seed, o) })));
    const out = resolve(args.string('out') ?? join('runs', `study-${ids.join('+').replace(/[^\w.+-]+/g, '_')}`));
    await mkdir(out, { recursive: true });
    // The study's own command: --report only rewrites its tables.
    const command = ['nas-studio', ...process.argv.slice(2).filter((a) => a !== '--report')].map(shellQuote).join(' ');
    process.stdout.write(`study folder ${out}: ${runs.length} runs (${chosen.length} presets × ${seeds.length} seeds)\n`);
    if (args.flag('report')) return report(out, chosen, seeds, command);
    const sigint = abortOnSigint();
    try {
      for (const { preset, seed, config } of runs) {
        const dir = join(out, preset.id, `seed-${seed}`);
        const epochs = totalEpochs(config);
        // A P-DARTS search keeps no stage checkpoints: an unfinished one starts again.
        const state = await runState(dir, epochs, !config.progressive);
        const label = `${preset.id} seed ${seed}`;
        if (state.kind === 'done') {
          process.stdout.write(`${label}: done already\n`);
          continue;
        }
        const run = await RunDir.open(dir, true);
        try {
          await run.writeConfig(config);
          const resumeFrom = state.kind === 'resume' ? state.checkpointDir : undefined;
          for await (const event of runSearch(config, { signal: sigint.signal, checkpointDir: run.checkpointDir, resumeFrom })) {
            await run.add(event);
            if (event.type === 'start' && resumeFrom) process.stdout.write(`${label}: resuming after epoch ${event.resumedFromEpoch}\n`);
            if (event.type === 'epoch') process.stdout.write(`${label}: epoch ${event.epoch + 1}/${epochs}  val acc ${percent(event.valAcc)}  (${duration(event.seconds)})\n`);
          }
        } catch (e) {
          await run.fail(e);
          throw e;
        } finally {
          await run.close();
        }
        if (run.status === 'cancelled') {
          await writeTables(out, chosen, seeds, command);
          process.stdout.write(`stopped; the same command continues the study\n`);
          return EXIT_INTERRUPTED;
        }
      }
    } finally {
      sigint.release();
    }
    return report(out, chosen, seeds, command);
  },
};
