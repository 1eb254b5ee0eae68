import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { retrain } from '../../../engine/retrain';
import { backendPreference, parseRetrainConfig, retrainPresets } from '../../../shared/config';
import type { RetrainEvent } from '../../../shared/retrain-events';
import type { RunEvent } from '../../../shared/runs';
import { defaultDbPath } from '../../store';
import type { Args } from '../args';
import type { Command } from '../command';
import { EXIT_INTERRUPTED, EXIT_OK, UsageError, blame } from '../errors';
import { readJson } from '../files';
import { count, duration, jsonLine, percent, plural, pythonGenotype } from '../format';
import { resolveRetrainConfig } from '../retrain/config';
import { genotypeFromFlag, genotypeFromRun, genotypeFromStoredRun } from '../retrain/genotype-source';
import { RetrainRunDir } from '../retrain/run-dir';
import { RUN_FILES, resolveResume } from '../run-dir';
import { refuseOnResume, runInDatabase } from '../run-in-database';
import { recordRun } from '../run-loop';
import { defaultRunDir } from './search';

/** One line per epoch and a summary: retraining runs are long, a log is what a user keeps. */
function report(e: RetrainEvent): string | null {
  switch (e.type) {
    case 'start': {
      const m = e.meta;
      return [
        `backend ${m.backend.name} (${m.backend.provider}${m.backend.gpu ? ', GPU' : ''}); network ${count(m.params)} parameters, ${count(m.multiplyAdds)} multiply-adds per image`,
        `${m.dataset.title}: ${count(m.trainExamples)} train / ${count(m.valExamples)} ${m.valSource === 'test' ? 'test' : 'held-out'} images, ${m.dataset.height}x${m.dataset.width}x${m.dataset.channels}, ${m.dataset.classes} classes`,
        `${plural(e.config.budget.epochs, 'epoch')} of ${plural(m.stepsPerEpoch, 'step')}${e.resumedFromEpoch === null ? '' : `, resuming after epoch ${e.resumedFromEpoch}`}`,
        pythonGenotype(e.config.genotype),
      ].join('\n');
    }
    case 'epoch':
      return `epoch ${e.epoch + 1}/${e.epochs}  train loss ${e.trainLoss.toFixed(4)} acc ${percent(e.trainAcc)}  val loss ${e.valLoss.toFixed(4)} acc ${percent(e.valAcc)}  lr ${e.lr.toPrecision(3)}  (${duration(e.seconds)})`;
    case 'done':
      return `\nfinished ${plural(e.epochs, 'epoch')} in ${duration(e.seconds)}: val acc ${percent(e.valAcc)} (best ${percent(e.bestValAcc)})`;
    case 'cancelled':
      return `cancelled in epoch ${e.epoch + 1} after ${plural(e.step, 'step')}`;
    default:
      return null;
  }
}

export const retrainCommand: Command = {
  name: 'retrain',
  summary: 'Train a genotype from scratch as the evaluation network (reference train.py) and record it in a run directory',
  usage: [
    'retrain --from SEARCH_RUN_DIR [--epoch N] --preset NAME | --config FILE [--epochs N] [--backend B] [--seed N] [--data-root DIR] [--out DIR] [--json]',
    'retrain --genotype NAME|FILE|STRING --preset NAME | --config FILE [...]',
    'retrain --resume DIR [--epochs N] [--json]',
    'retrain --db PATH (--run SEARCH_ID [--epoch N] | --genotype G) --preset NAME | --config FILE [overrides] [--name NAME] [--json]',
    'retrain --db PATH --resume RUN_ID [--json]',
  ],
  options: {
    from: { type: 'string', value: 'DIR', help: "a search run directory: retrain its final genotype (or epoch N's with --epoch)" },
    epoch: { type: 'string', value: 'N', help: 'with --from: the genotype derived after epoch N (counted from 1)' },
    genotype: { type: 'string', value: 'G', help: 'a built-in name (DARTS_V2, …), a file, or a pasted genotype (JSON, Python Genotype(...), FairDARTS 3-tuples)' },
    preset: { type: 'string', value: 'NAME', help: `training settings (${retrainPresets.map((p) => p.id).join(', ')})` },
    config: { type: 'string', value: 'FILE', help: 'a JSON retrain configuration (missing fields take the train.py defaults)' },
    epochs: { type: 'string', value: 'N', help: 'override budget.epochs' },
    backend: { type: 'string', value: 'B', help: `override the backend (${backendPreference.options.join(', ')})` },
    seed: { type: 'string', value: 'N', help: 'override the seed' },
    'data-root': { type: 'string', value: 'DIR', help: 'where the dataset files are (sets data.options.root)' },
    out: { type: 'string', value: 'DIR', help: 'run directory (default runs/<timestamp>-retrain-<preset>-<genotype>)' },
    resume: { type: 'string', value: 'DIR', help: "continue a retraining from its last checkpoint (its run directory; with --db, an interrupted run's id)" },
    db: { type: 'string', value: 'PATH', help: `record the retraining in this database, through a worker process like the app's (default database: ${defaultDbPath()})` },
    run: { type: 'string', value: 'ID', help: "with --db: the stored search whose final genotype (or epoch N's with --epoch) is retrained; the retraining is linked to it" },
    name: { type: 'string', value: 'NAME', help: 'with --db: the run name shown in the app' },
    json: { type: 'boolean', help: 'print every event as one JSON line (JSONL) on stdout, nothing else' },
  },
  async run(args) {
    const json = args.flag('json');
    if (args.has('db')) return retrainInDb(args, json);
    for (const flag of ['run', 'name']) if (args.has(flag)) throw new UsageError(`--${flag} goes with --db`);
    let config;
    let out: string;
    let resumeFrom: string | undefined;
    if (args.has('resume')) {
      const point = await resolveResume(args.required('resume'));
      if (!point.runDir) throw new UsageError('--resume: give the retraining run directory');
      const file = join(point.runDir, RUN_FILES.config);
      const epochs = args.int('epochs', 1);
      try {
        config = parseRetrainConfig(await readJson(file));
        // The budget may grow on resume (checkpoints do not depend on it); the schedule then spans the new length.
        if (epochs !== undefined) config = parseRetrainConfig({ ...config, budget: { ...config.budget, epochs } });
      } catch (e) {
        blame(file, e);
      }
      out = point.runDir;
      resumeFrom = point.checkpointDir;
    } else {
      const given = ['from', 'genotype'].filter((f) => args.has(f));
      if (given.length !== 1) throw new UsageError('give exactly one of --from DIR, --genotype G (or --resume DIR)');
      if (args.has('epoch') && !args.has('from')) throw new UsageError('--epoch goes with --from');
      const choice = args.has('from') ? await genotypeFromRun(args.required('from'), args.int('epoch', 1)) : await genotypeFromFlag(args.required('genotype'));
      const resolved = await resolveRetrainConfig(args, choice);
      config = resolved.config;
      out = resolve(args.string('out') ?? defaultRunDir(resolved.label));
    }
    const run = await RetrainRunDir.open(out, resumeFrom !== undefined, config.source.run);
    await recordRun(run, config, (o) => retrain(config, { ...o, resumeFrom }), {
      json,
      report: (event) => {
        const line = report(event);
        if (line !== null) process.stdout.write(`${line}\n`);
      },
    });
    if (!json) {
      if (run.status === 'cancelled') process.stdout.write(`continue with: nas-studio retrain --resume ${out}\n`);
      else process.stdout.write(`export with: nas-studio export --run ${out} --format tfjs,onnx,genotype,report\n`);
      process.stdout.write(`files in ${out}: ${(await readdir(out)).sort().join(', ')}\n`);
    }
    return run.status === 'cancelled' ? EXIT_INTERRUPTED : EXIT_OK;
  },
};

async function retrainInDb(args: Args, json: boolean): Promise<number> {
  for (const flag of ['out', 'from']) if (args.has(flag)) throw new UsageError(`--${flag} and --db do not go together (with --db, give --run SEARCH_ID)`);
  const common = {
    dbPath: resolve(args.required('db')),
    kind: 'retrain' as const,
    onEvent: (e: RunEvent) => {
      const line = json ? jsonLine(e) : report(e as RetrainEvent);
      if (line !== null) process.stdout.write(`${line}\n`);
    },
    say: json ? undefined : (line: string) => process.stdout.write(`${line}\n`),
  };
  if (args.has('resume')) {
    refuseOnResume(args, ['run', 'genotype', 'epoch', 'preset', 'config', 'epochs', 'backend', 'seed', 'data-root']);
    return runInDatabase({ ...common, start: { resumeId: args.required('resume') } });
  }
  const given = ['run', 'genotype'].filter((f) => args.has(f));
  if (given.length !== 1) throw new UsageError('with --db, give exactly one of --run SEARCH_ID, --genotype G (or --resume RUN_ID)');
  if (args.has('epoch') && !args.has('run')) throw new UsageError('--epoch goes with --run');
  const flagChoice = args.has('genotype') ? await genotypeFromFlag(args.required('genotype')) : null;
  return runInDatabase({
    ...common,
    start: async (store) => {
      const choice = flagChoice ?? genotypeFromStoredRun(store, args.required('run'), args.int('epoch', 1));
      const { config } = await resolveRetrainConfig(args, choice);
      return { config, name: args.string('name'), parentRunId: choice.source.run };
    },
  });
}
