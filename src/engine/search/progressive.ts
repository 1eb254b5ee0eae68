import type { SearchConfig } from '../../shared/config';
import type { GenotypeJsonShape, SearchEvent } from '../../shared/search-events';
import { genotypeToJson } from '../genotype';
import { pdartsGenotype, pruneCandidates, skipDropoutRate, type Candidates } from './pdarts-pruning';
import { resolvePlugins } from './plugins';
import { search, type SearchOptions } from './search';

type Stage = Extract<SearchEvent, { type: 'stage' }>;

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
 * stage begins; 'start' once (first, with the whole config) and 'done' once. Stages are not checkpointed,
 * so a progressive search cannot be resumed.
 */
export async function* progressiveSearch(config: SearchConfig, opts: SearchOptions = {}): AsyncGenerator<SearchEvent, void, void> {
  const p = config.progressive;
  if (!p) throw new Error('progressiveSearch needs config.progressive');
  if (opts.resumeFrom) throw new Error('a progressive (P-DARTS) search cannot be resumed: its stages are not checkpointed');
  const { space } = resolvePlugins(config);
  if (space.alphaSharing !== 'per-type') throw new Error(`P-DARTS prunes one α per cell type; space ${space.id} has an α per cell`);
  if (space.attentions) throw new Error(`P-DARTS's final derivation does not choose attention modules (space ${space.id})`);
  const edgeCount = space.edges(space.nodes).length;
  const all = () => Array.from({ length: edgeCount }, () => space.primitives.map((_, k) => k));
  let candidates: Candidates = { normal: all(), reduce: all() };
  const epochs = config.budget.epochs;
  const stages = p.cells.length;
  const began = performance.now();
  let weights: Record<string, number[][]> = {};
  for (let s = 0; s < stages; s++) {
    const firstEpoch = s * epochs;
    if (opts.signal?.aborted) {
      yield { type: 'cancelled', epoch: firstEpoch, step: 0 };
      return;
    }
    const stageConfig: SearchConfig = {
      ...config,
      // The reference keeps drawing from one RNG across stages; a fresh seed per stage likewise
      // gives each stage its own initialisation and data order.
      seed: (config.seed + s) % 2 ** 31,
      model: { ...config.model, layers: p.cells[s], channels: p.channels?.[s] ?? config.model.channels },
      checkpointEvery: 0,
      progressive: undefined,
    };
    const stageEvent: Stage = {
      type: 'stage',
      stage: s,
      stages,
      cells: stageConfig.model.layers,
      channels: stageConfig.model.channels,
      firstEpoch,
      epochs,
      opsPerEdge: Math.max(...Object.values(candidates).flatMap((edges) => edges.map((e) => e.length))),
      skipDropout: p.skipDropout[s],
      candidates: Object.fromEntries(Object.entries(candidates).map(([g, edges]) => [g, edges.map((e) => e.map((k) => space.primitives[k]))])),
    };
    // 'start' comes first in every event stream: stage 0 is announced right after it.
    if (s > 0) yield stageEvent;
    const stage = search(stageConfig, {
      signal: opts.signal,
      stage: {
        supernet: { candidates },
        beginEpoch: (net, epoch, stageEpochs) => {
          net.skipDropout.rate = skipDropoutRate(p.skipDropout[s], epoch, stageEpochs, p.warmupEpochs);
          return { archStep: epoch >= p.warmupEpochs };
        },
      },
    });
    for await (const e of stage) {
      if (e.type === 'start') {
        if (s === 0) {
          yield { ...e, config };
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
  const genotype = genotypeToJson(pdartsGenotype(space, weights, p.maxSkip)) as GenotypeJsonShape;
  yield { type: 'done', epochs: epochs * stages, genotype, seconds: (performance.now() - began) / 1000 };
}

