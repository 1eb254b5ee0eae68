/**
 * Search-step benchmark: median weight-step, α-step (1st and 2nd order) times, peak memory and
 * kernels per step, one child process per backend, config and thread count so that peak RSS is
 * that run's own. The options are in USAGE.
 */
import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import type { BackendName } from '../src/engine/backend';
import type { CheckpointSetting } from '../src/engine/supernet/activation-memory';
import { CONFIGS, median, timingFor, type BenchConfig, type ConfigId } from './search-step/configs';
import { measure, STEPS, type NasStudioResult, type StepName } from './search-step/nas-studio';
import { DEFAULT_PYTHON, runReference, type ReferenceResult } from './search-step/reference';
import { archToWeight, compare, formatSection, type Outcome, type Section } from './search-step/report';

const CONFIG_IDS = Object.keys(CONFIGS) as ConfigId[];
const BACKENDS: readonly BackendName[] = ['wasm', 'cpu', 'tensorflow'];
const CHECKPOINTS: readonly CheckpointSetting[] = ['auto', 'on', 'off'];

const USAGE = `Usage: npm run bench -- [options]

Times a supernet weight step and the 1st- and 2nd-order α steps, with peak memory and kernels per
step, each backend, config and thread count in a process of its own.

Options:
  --configs LIST      configs to time, comma-separated: ${CONFIG_IDS.join(', ')} (default: small)
  --large, --paper    add the large config / the paper's search (C=16, 8 layers, batch 64)
  --backends LIST     ${BACKENDS.join(', ')}, comma-separated (default: wasm)
  --threads N         the "every core" thread count; 1 thread is timed too (default: ${cpus().length})
  --checkpoint LIST   activation checkpointing settings to time: ${CHECKPOINTS.join(', ')} (default: auto, the
                      product's choice: on only where activations would not fit)
  --reference         also time the PyTorch reference (bench/reference) and print the ratios
  --python PATH       the python that imports torch (default: ${DEFAULT_PYTHON})
  --reps N            timed steps per kind after 2 warm-up steps, the median reported (default:
                      7); the paper config times one step of each kind, without warm-up
  --rounds N          every side N times, interleaved (NAS Studio, PyTorch, NAS Studio, ...), each
                      step's median over the rounds: on a machine whose load drifts, a ratio then
                      compares like moments. Peak RSS is the largest round's.
  -h, --help          show this help`;

class UsageError extends Error {}

function positiveInt(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a positive integer, got ${text}`);
  return n;
}

/** A comma-separated option's items, each one of `allowed`. */
function listOf<T extends string>(name: string, text: string, allowed: readonly T[]): T[] {
  const items = text.split(',');
  for (const item of items) if (!allowed.includes(item as T)) throw new UsageError(`--${name} takes ${allowed.join(', ')} (comma-separated), got ${item}`);
  return items as T[];
}

function parseOptions() {
  const { values } = parseArgs({
    options: {
      help: { type: 'boolean', short: 'h', default: false },
      backends: { type: 'string', default: 'wasm' },
      large: { type: 'boolean', default: false },
      paper: { type: 'boolean', default: false },
      reference: { type: 'boolean', default: false },
      threads: { type: 'string', default: String(cpus().length) },
      python: { type: 'string', default: DEFAULT_PYTHON },
      reps: { type: 'string', default: '7' },
      child: { type: 'string' },
      config: { type: 'string', default: 'small' },
      checkpoint: { type: 'string', default: 'auto' },
      configs: { type: 'string' },
      rounds: { type: 'string', default: '1' },
    },
  });
  const configIds = values.configs ?? ['small', ...(values.large ? ['large'] : []), ...(values.paper ? ['paper'] : [])].join(',');
  return {
    help: values.help,
    child: values.child as BackendName | undefined,
    config: listOf('config', values.config, CONFIG_IDS)[0],
    configs: listOf('configs', configIds, CONFIG_IDS).map((id) => CONFIGS[id]),
    backends: listOf('backends', values.backends, BACKENDS),
    checkpointSettings: listOf('checkpoint', values.checkpoint, CHECKPOINTS),
    reference: values.reference,
    python: values.python,
    reps: positiveInt('reps', values.reps),
    rounds: positiveInt('rounds', values.rounds),
    allCores: positiveInt('threads', values.threads),
  };
}

let options: ReturnType<typeof parseOptions>;
try {
  options = parseOptions();
} catch (e) {
  // A mistyped option is the user's, not the bench's: one line and the usage, no stack.
  if (!(e instanceof UsageError) && !(e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS'))) throw e;
  console.error(`bench: ${e.message}\n\n${USAGE}`);
  process.exit(2);
}
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}
const { reps, rounds, checkpointSettings, allCores } = options;

/** One NAS Studio measurement in a fresh process (its own peak RSS; a wasm abort stays contained). */
function runNasStudio(backend: string, config: BenchConfig, threads: number, checkpoint: CheckpointSetting): Outcome<NasStudioResult> {
  const args = ['--child', backend, '--config', config.id, '--threads', String(threads), '--reps', String(reps), '--checkpoint', checkpoint];
  const r = spawnSync(process.execPath, [...process.execArgv, process.argv[1], ...args], { encoding: 'utf8' });
  // A configuration that does not fit (wasm32's heap stops at 4 GiB) is a result, not a crash.
  if (r.status !== 0) return { error: `exit ${r.status}: ${/^Aborted\(/m.test(r.stderr) ? 'wasm heap exhausted (Aborted)' : r.stderr.slice(-300)}` };
  return { result: JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))) as NasStudioResult };
}

/** NAS Studio at every thread count asked for; a backend that used one thread at "all cores" has one run for both. */
function nasStudioRuns(backend: string, config: BenchConfig, threadCounts: number[], checkpoint: CheckpointSetting): Map<number, Outcome<NasStudioResult>> {
  const runs = new Map<number, Outcome<NasStudioResult>>();
  const most = threadCounts[threadCounts.length - 1];
  console.error(`timing NAS Studio ${backend}, ${config.name}, checkpoint ${checkpoint}, ${most} thread(s) asked`);
  const top = runNasStudio(backend, config, most, checkpoint);
  runs.set(most, top);
  if (most > 1) {
    const usedOne = !('result' in top) || top.result.threads === 1;
    if (!usedOne) console.error(`timing NAS Studio ${backend}, ${config.name}, checkpoint ${checkpoint}, 1 thread`);
    runs.set(1, usedOne ? top : runNasStudio(backend, config, 1, checkpoint));
  }
  return runs;
}

/**
 * One outcome from a side's rounds: the first result with each step's median over the rounds
 * and the largest peak RSS; a failed round fails the side.
 */
function mergeRounds<T extends Record<StepName, number> & { peakRssMB: number }>(outcomes: Outcome<T>[]): Outcome<T> {
  const failed = outcomes.find((o) => 'error' in o);
  if (failed) return failed;
  const results = outcomes.map((o) => (o as { result: T }).result);
  const merged = { ...results[0], peakRssMB: Math.max(...results.map((r) => r.peakRssMB)), rounds: results.length };
  for (const step of STEPS) merged[step] = median(results.map((r) => r[step])) as T[StepName];
  return { result: merged };
}

if (options.child) {
  const config = CONFIGS[options.config];
  process.stdout.write(JSON.stringify(await measure(options.child, config, timingFor(config, reps), allCores, checkpointSettings[0])));
} else {
  const { configs } = options;
  const threadCounts = allCores > 1 ? [1, allCores] : [1];
  let referenceUnavailable: string | undefined;
  const sections: Section[] = [];
  for (const config of configs) {
    // A forced setting is part of the side's name; 'auto' reports its choice in the result.
    const sides = options.backends.flatMap((backend) => checkpointSettings.map((c) => ({ engine: backend, checkpoint: c, backend: c === 'auto' ? backend : `${backend} checkpoint ${c}` })));
    const nasRounds = sides.map(() => [] as Array<Map<number, Outcome<NasStudioResult>>>);
    const referenceRounds = new Map<number, Array<Outcome<ReferenceResult>>>();
    for (let round = 0; round < rounds; round++) {
      if (rounds > 1) console.error(`round ${round + 1}/${rounds}`);
      sides.forEach((side, i) => nasRounds[i].push(nasStudioRuns(side.engine, config, threadCounts, side.checkpoint)));
      for (const threads of options.reference && !referenceUnavailable ? threadCounts : []) {
        console.error(`timing PyTorch, ${config.name}, ${threads} thread(s)`);
        const run = runReference(options.python, config, timingFor(config, reps), threads);
        if ('unavailable' in run) {
          referenceUnavailable = run.unavailable;
          console.log(`PyTorch reference skipped: ${run.unavailable}`);
          break;
        }
        referenceRounds.set(threads, [...(referenceRounds.get(threads) ?? []), run]);
      }
    }
    // A side that used one thread at "all cores" keeps one outcome for both thread counts.
    const nas = sides.map((side, i) => {
      const merged = new Map<number, Outcome<NasStudioResult>>();
      const byOutcome = new Map<Outcome<NasStudioResult>, Outcome<NasStudioResult>>();
      for (const t of threadCounts) {
        const first = nasRounds[i][0].get(t)!;
        if (!byOutcome.has(first)) byOutcome.set(first, mergeRounds(nasRounds[i].map((r) => r.get(t)!)));
        merged.set(t, byOutcome.get(first)!);
      }
      return { backend: side.backend, runs: merged };
    });
    const reference = new Map([...referenceRounds].map(([t, runs]) => [t, mergeRounds(runs)]));
    const comparisons = nas.flatMap(({ backend, runs }) =>
      threadCounts.flatMap((t) => {
        const [mine, theirs] = [runs.get(t), reference.get(t)];
        return mine && theirs && 'result' in mine && 'result' in theirs ? [compare(backend, mine.result, theirs.result)] : [];
      }),
    );
    const distinct = nas.flatMap(({ backend, runs }) => [...new Set(runs.values())].map((outcome) => ({ backend, outcome })));
    sections.push({ config, nasStudio: distinct, reference: [...reference.values()], comparisons, rounds });
  }
  for (const s of sections) console.log(`${formatSection(s)}\n`);

  const withOwnRatios = <T extends NasStudioResult | ReferenceResult>(o: Outcome<T>) => ('result' in o ? { ...o.result, archToWeight: archToWeight(o.result) } : o);
  const machine = { cpu: cpus()[0]?.model, cores: cpus().length, memoryGB: Math.round(totalmem() / 2 ** 30), node: process.version, date: new Date().toISOString() };
  const json = {
    machine,
    results: sections.flatMap((s) => s.nasStudio.map(({ backend, outcome }) => ('result' in outcome ? withOwnRatios(outcome) : { backend, config: s.config.id, ...outcome }))),
    ...(options.reference && {
      reference: referenceUnavailable ? { unavailable: referenceUnavailable } : sections.flatMap((s) => s.reference.map((o) => ('result' in o ? withOwnRatios(o) : { config: s.config.id, ...o }))),
      comparisons: sections.flatMap((s) => s.comparisons),
    }),
  };
  console.log(JSON.stringify(json, null, 2));
}
