import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SearchConfig } from '../../shared/config';
import type { GenotypeJsonShape, SearchEvent } from '../../shared/search-events';
import { genotypeToJson } from '../genotype';
import { relaxedHostWeights } from '../supernet';
import { loadCheckpoint, type CheckpointState } from './checkpoint';
import { pdartsGenotype, pruneCandidates, stageEpoch, type Candidates } from './pdarts-pruning';
import type { SearchSpace } from '../spaces';
import { withSearchedOps } from './derivation';
import { resolvePlugins } from './plugins';
import { search, type SearchOptions } from './search';
import { configHash } from './session';

type Stage = Extract<SearchEvent, { type: 'stage' }>;

/** Which stage a progressive search is in and the ops it searches: written next to the checkpoint. */
interface ProgressState {
  stage: number;
  candidates: Candidates;
}

const STATE_FILE = 'progressive.json';

async function writeState(dir: string, state: ProgressState): Promise<void> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, STATE_FILE);
  await writeFile(`${file}.tmp`, JSON.stringify(state));
  await rename(`${file}.tmp`, file);
}

async function readState(dir: string): Promise<ProgressState> {
  const file = join(dir, STATE_FILE);
  try {
    return JSON.parse(await readFile(file, 'utf8')) as ProgressState;
  } catch (e) {
    throw new Error(`${file}: cannot read the progressive search's stage (${(e as Error).message})`, { cause: e });
  }
}

/** Host α of a checkpoint as [edges][ops] rows per group. */
function alphaRows(c: CheckpointState): Record<string, number[][]> {
  return Object.fromEntries(
    Object.entries(c.alphas).map(([g, t]) => {
      const [rows, cols] = t.shape;
      return [g, Array.from({ length: rows }, (_, i) => Array.from(t.values.subarray(i * cols, (i + 1) * cols)))];
    }),
  );
}

/** P-DARTS prunes the rows of one α per cell type: a space with an α per cell has none to prune. */
function checkPrunable(space: SearchSpace): void {
  if (space.alphaSharing !== 'per-type') throw new Error(`P-DARTS prunes one α per cell type; space ${space.id} has an α per cell`);
}

/** Stage `s` of a progressive search as a plain search config: that stage's depth and width. */
function progressiveStageConfig(config: SearchConfig, s: number): SearchConfig {
  const p = config.progressive!;
  return {
    ...config,
    // The reference keeps drawing from one RNG across stages; a fresh seed per stage likewise
    // gives each stage its own initialisation and data order.
    seed: (config.seed + s) % 2 ** 31,
    model: { ...config.model, layers: p.cells[s], channels: p.channels?.[s] ?? config.model.channels },
    progressive: undefined,
  };
}

/**
 * Each stage of a progressive search as a plain config and a candidate set of the size that
 * stage searches, for measuring it before the search has chosen the ops. Which ops survive is
 * unknown in advance, so each edge keeps the space's last `keep` primitives: in the reference
 * order those are the convolutions, the costliest ops, which makes the measure an upper bound.
 */
export function progressiveStagesToMeasure(config: SearchConfig): Array<{ config: SearchConfig; candidates: Candidates; opsPerEdge: number }> {
  const p = config.progressive;
  if (!p) throw new Error('progressiveStagesToMeasure needs config.progressive');
  const { space } = resolvePlugins(config);
  checkPrunable(space);
  const edgeCount = space.edges(space.nodes).length;
  const ops = space.primitives.length;
  return p.cells.map((_, s) => {
    const opsPerEdge = s === 0 ? ops : Math.min(ops, p.keep[s - 1]);
    const kept = Array.from({ length: opsPerEdge }, (_, i) => ops - opsPerEdge + i);
    const edges = () => Array.from({ length: edgeCount }, () => [...kept]);
    return { config: progressiveStageConfig(config, s), candidates: { normal: edges(), reduce: edges() }, opsPerEdge };
  });
}

/**
 * P-DARTS (Chen et al., ICCV 2019; D3 §2.2, Alg. 2; reference chenxin061/pdarts train_search.py):
 * the search runs in stages of a deepening network (`progressive.cells`, 5/11/17), each a fresh
 * supernet (new weights, α, optimizers and lr schedule) over the ops that survived the stage
 * before. After stage s every edge keeps its `keep[s]` strongest ops by that stage's softmax
 * (8 → 5 → 3 → 1; 'none' is dropped first in the last stage). Each stage begins with
 * `warmupEpochs` weight-only epochs and applies dropout after skip_connect, starting from
 * `skipDropout[s]` and decaying as the code does. The result is derived from the last stage's
 * weights: DARTS top-2 edges per node, then the normal cell's skip_connects capped at `maxSkip`
 * by re-deciding the weakest (the pdarts-skip-cap rule), each edge choosing among its last-stage ops.
 *
 * Yields the events of `search()` with epochs counted across stages and a 'stage' event as each
 * stage begins; 'start' once (first, with the whole config) and 'done' once. Each stage
 * checkpoints into `checkpointDir` like a plain search, with `progressive.json` (the stage and its
 * ops) beside it; resuming continues the recorded stage from its checkpoint, or starts that stage
 * afresh when the checkpoint is still the previous stage's last.
 */
export async function* progressiveSearch(config: SearchConfig, opts: SearchOptions = {}): AsyncGenerator<SearchEvent, void, void> {
  const p = config.progressive;
  if (!p) throw new Error('progressiveSearch needs config.progressive');
  const { space, relaxation } = resolvePlugins(config);
  checkPrunable(space);
  const edgeCount = space.edges(space.nodes).length;
  const all = () => Array.from({ length: edgeCount }, () => space.primitives.map((_, k) => k));
  const epochs = config.budget.epochs;
  const stages = p.cells.length;
  const stageConfig = (s: number) => progressiveStageConfig(config, s);

  let first = 0;
  let candidates: Candidates = { normal: all(), reduce: all() };
  let checkpoint: CheckpointState | null = null;
  if (opts.resumeFrom) {
    const state = await readState(opts.resumeFrom);
    if (!(state.stage >= 0 && state.stage < stages)) throw new Error(`${STATE_FILE} names stage ${state.stage}; this config has ${stages}`);
    first = state.stage;
    candidates = state.candidates;
    const c = await loadCheckpoint(opts.resumeFrom);
    // Written before the stage's first checkpoint, the state may sit next to the previous stage's last one.
    if (c.configHash === configHash(stageConfig(first))) checkpoint = c;
  }

  const began = performance.now();
  let weights: Record<string, number[][]> = {};
  for (let s = first; s < stages; s++) {
    const firstEpoch = s * epochs;
    if (opts.signal?.aborted) {
      yield { type: 'cancelled', epoch: firstEpoch, step: 0 };
      return;
    }
    const cfg = stageConfig(s);
    if (opts.checkpointDir) await writeState(opts.checkpointDir, { stage: s, candidates });
    const resumed = s === first && opts.resumeFrom !== undefined;
    const stageEvent: Stage = {
      type: 'stage',
      stage: s,
      stages,
      cells: cfg.model.layers,
      channels: cfg.model.channels,
      firstEpoch,
      epochs,
      opsPerEdge: Math.max(...Object.values(candidates).flatMap((edges) => edges.map((e) => e.length))),
      skipDropout: p.skipDropout[s],
      candidates: Object.fromEntries(Object.entries(candidates).map(([g, edges]) => [g, edges.map((e) => e.map((k) => space.primitives[k]))])),
    };
    // 'start' comes first in every event stream: the first stage is announced right after it.
    if (s > first) yield stageEvent;
    const stage = search(cfg, {
      signal: opts.signal,
      checkpointDir: opts.checkpointDir,
      resumeFrom: resumed && checkpoint ? opts.resumeFrom : undefined,
      stage: {
        supernet: { candidates },
        beginEpoch: (net, epoch, stageEpochs) => {
          net.skipDropout.restart(epoch);
          const plan = stageEpoch(p, s, epoch, stageEpochs);
          net.skipDropout.rate = plan.skipDropout;
          return { archStep: plan.archStep };
        },
      },
    });
    // A stage resumed after its last epoch runs none: its final α is the checkpoint's.
    if (resumed && checkpoint) weights = relaxedHostWeights(relaxation, alphaRows(checkpoint), candidates);
    for await (const e of stage) {
      if (e.type === 'start') {
        if (s === first) {
          const resumedFromEpoch = resumed ? firstEpoch + (e.resumedFromEpoch ?? 0) : null;
          yield { ...e, config, resumedFromEpoch };
          yield stageEvent;
        }
      } else if (e.type === 'done') {
        // The stage's end is not the search's: its genotype is re-derived after the last stage.
      } else if (e.type === 'epoch') {
        yield { ...e, epoch: e.epoch + firstEpoch, epochs: epochs * stages };
      } else if (e.type !== 'stage') {
        if (e.type === 'alpha') weights = e.weights;
        yield { ...e, epoch: e.epoch + firstEpoch };
        if (e.type === 'cancelled') return;
      }
    }
    candidates = pruneCandidates(weights, candidates, p.keep[s], space.primitives, s === stages - 1);
  }
  const genotype = genotypeToJson(withSearchedOps(pdartsGenotype(space, weights, p.maxSkip), space, config.model.groups)) as GenotypeJsonShape;
  yield { type: 'done', epochs: epochs * stages, genotype, seconds: (performance.now() - began) / 1000 };
}
