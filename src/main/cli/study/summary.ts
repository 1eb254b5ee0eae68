import { noneDominatedEdges } from '../../../engine/search/diagnostics';
import type { GenotypeJsonShape, SearchEvent } from '../../../shared/search-events';

/** One completed epoch of a run: the collapse indicators' course (D2 Fig. 1). */
export interface EpochPoint {
  /** 0-based, counted across the stages of a progressive search. */
  epoch: number;
  valAcc: number;
  /** skip_connects in the normal cell derived after this epoch. */
  normalSkip: number | null;
  /** Mean relaxed weight of `none` over the normal cell's edges; null when the space has no none. */
  noneWeight: number | null;
  /** The largest relaxed weight in the normal cell (a softmax share, or σ for a sigmoid relaxation). */
  maxWeight: number | null;
  /**
   * Over the normal edges, the largest ratio of an edge's strongest weight to the mean of its live
   * (non-zero: not pruned) weights: 1 while α is uniform, the live op count once one op holds it
   * all. Comparable across relaxations and P-DARTS's pruned stages, where maxWeight is not.
   */
  peakToMean: number | null;
}

/** What one search of a study came to, read back from its event log. */
export interface RunResult {
  preset: string;
  seed: number;
  status: 'done' | 'partial' | 'not started';
  epochsCompleted: number;
  /** Validation accuracy of the last completed epoch. */
  valAcc: number | null;
  /** skip_connects in the final genotype's normal cell (the first normal cell when each cell has its own α). */
  normalSkip: number | null;
  /** ≥ 3 skip_connects in the final normal cell, or a normal edge that none dominates in the last α. */
  collapsed: boolean | null;
  genotype: GenotypeJsonShape | null;
  /** Each op's relaxed weight in the last α, averaged over the normal edges (empty without an α). */
  opWeights: Record<string, number>;
  /** Sum of the completed epochs' wall times (a resumed run counts each epoch once). */
  seconds: number;
  /** Every completed epoch, in order. */
  curve: EpochPoint[];
}

export const COLLAPSE_SKIPS = 3;

/**
 * Folds an event log into the run's result. A log may hold several starts: a fresh start discards
 * what came before, a resume from epoch k discards epochs ≥ k (the run repeats them).
 */
export function runResult(preset: string, seed: number, events: readonly SearchEvent[]): RunResult {
  let epochs = new Map<number, { valAcc: number; seconds: number }>();
  let alphas = new Map<number, number[][]>();
  let genotypes = new Map<number, GenotypeJsonShape>();
  let primitives: string[] = [];
  let genotype: GenotypeJsonShape | null = null;
  let done = false;
  let started = false;
  for (const e of events) {
    if (e.type === 'start') {
      started = true;
      primitives = e.meta.primitives;
      done = false;
      const from = e.resumedFromEpoch ?? 0;
      epochs = new Map([...epochs].filter(([k]) => k < from));
      alphas = new Map([...alphas].filter(([k]) => k < from));
      genotypes = new Map([...genotypes].filter(([k]) => k < from));
      if (from === 0) genotype = null;
    } else if (e.type === 'epoch') epochs.set(e.epoch, { valAcc: e.valAcc, seconds: e.seconds });
    else if (e.type === 'alpha' && e.weights.normal) alphas.set(e.epoch, e.weights.normal);
    else if (e.type === 'genotype') {
      genotype = e.genotype;
      genotypes.set(e.epoch, e.genotype);
    }
    else if (e.type === 'done') [done, genotype] = [true, e.genotype];
  }
  const last = Math.max(-1, ...epochs.keys());
  const normalAlpha = alphas.get(last);
  const normalSkip = genotype ? skipCount(genotype) : null;
  const none = primitives.indexOf('none');
  const curve = [...epochs]
    .sort(([a], [b]) => a - b)
    .map(([epoch, { valAcc }]): EpochPoint => {
      const rows = alphas.get(epoch);
      const g = genotypes.get(epoch);
      return {
        epoch,
        valAcc,
        normalSkip: g ? skipCount(g) : null,
        noneWeight: rows && none >= 0 ? rows.reduce((a, r) => a + r[none], 0) / rows.length : null,
        maxWeight: rows ? Math.max(...rows.flat()) : null,
        peakToMean: rows ? Math.max(...rows.map(peakToMean)) : null,
      };
    });
  return {
    preset,
    seed,
    status: done ? 'done' : started ? 'partial' : 'not started',
    epochsCompleted: epochs.size,
    valAcc: epochs.get(last)?.valAcc ?? null,
    normalSkip,
    collapsed: normalSkip === null ? null : normalSkip >= COLLAPSE_SKIPS || (normalAlpha !== undefined && noneDominatedEdges(normalAlpha, primitives) > 0),
    genotype,
    opWeights: Object.fromEntries(normalAlpha ? primitives.map((op, i) => [op, normalAlpha.reduce((a, r) => a + r[i], 0) / normalAlpha.length]) : []),
    seconds: [...epochs.values()].reduce((a, x) => a + x.seconds, 0),
    curve,
  };
}

/** An edge's strongest weight over the mean of its live weights. */
function peakToMean(row: readonly number[]): number {
  const live = row.filter((w) => w > 0);
  return (Math.max(...live) * live.length) / live.reduce((a, w) => a + w, 0);
}

const skipCount = (g: GenotypeJsonShape) => g.normal.filter(([op]) => op === 'skip_connect').length;

type JsonEdge = GenotypeJsonShape['normal'][number];

/** Every kept edge as `cell:node<input:op[+attention]`; edges without a node feed node 2 + ⌊i/2⌋. */
export function edgeKeys(g: GenotypeJsonShape): Set<string> {
  const key = (cell: string, e: JsonEdge, i: number) => {
    const [op, input, third, fourth] = e as [string, number, number | string | undefined, string | undefined];
    const node = typeof third === 'number' ? third : 2 + (i >> 1);
    const attention = typeof third === 'string' ? third : fourth;
    return `${cell}:${node}<${input}:${op}${attention ? `+${attention}` : ''}`;
  };
  return new Set([...g.normal.map((e, i) => key('normal', e, i)), ...g.reduce.map((e, i) => key('reduce', e, i))]);
}

/** Mean over pairs of the share of kept edges two genotypes have in common (1 = identical). */
export function genotypeAgreement(genotypes: readonly GenotypeJsonShape[]): number | null {
  const sets = genotypes.map(edgeKeys);
  let sum = 0;
  let pairs = 0;
  for (let i = 0; i < sets.length; i++) {
    for (let j = i + 1; j < sets.length; j++) {
      const common = [...sets[i]].filter((k) => sets[j].has(k)).length;
      const size = Math.max(sets[i].size, sets[j].size);
      // Two empty genotypes (a threshold rule kept nothing) are the same architecture.
      sum += size === 0 ? 1 : common / size;
      pairs++;
    }
  }
  return pairs > 0 ? sum / pairs : null;
}

export interface Stat {
  mean: number;
  /** Sample standard deviation (n − 1); 0 for one value. */
  std: number;
  n: number;
}

export function stat(xs: readonly number[]): Stat | null {
  if (xs.length === 0) return null;
  const mean = xs.reduce((a, x) => a + x, 0) / xs.length;
  const std = xs.length > 1 ? Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1)) : 0;
  return { mean, std, n: xs.length };
}

export interface PresetSummary {
  preset: string;
  runs: number;
  done: number;
  valAcc: Stat | null;
  normalSkip: Stat | null;
  /** Share of finished runs that collapsed. */
  collapseRate: number | null;
  agreement: number | null;
  /** Mean wall time of a finished run, in seconds. */
  secondsPerRun: number | null;
  /** Per epoch, over the runs (finished or not) that completed it. */
  curve: CurvePoint[];
  results: RunResult[];
}

/** An epoch's collapse indicators over a preset's seeds. */
export interface CurvePoint {
  epoch: number;
  valAcc: Stat;
  normalSkip: Stat | null;
  noneWeight: Stat | null;
  maxWeight: Stat | null;
  peakToMean: Stat | null;
  /** skip_connects in each run's normal cell, in seed order (null: no genotype that epoch). */
  skipPerRun: Array<number | null>;
}

/** The runs' epoch points grouped by epoch: each value's mean ± std over the runs that have it. */
export function meanCurve(results: readonly RunResult[]): CurvePoint[] {
  const epochs = [...new Set(results.flatMap((r) => r.curve.map((p) => p.epoch)))].sort((a, b) => a - b);
  return epochs.map((epoch) => {
    const points = results.flatMap((r) => r.curve.filter((p) => p.epoch === epoch));
    const of = (f: (p: EpochPoint) => number | null) => stat(points.map(f).filter((x): x is number => x !== null));
    return {
      epoch,
      valAcc: of((p) => p.valAcc)!,
      normalSkip: of((p) => p.normalSkip),
      noneWeight: of((p) => p.noneWeight),
      maxWeight: of((p) => p.maxWeight),
      peakToMean: of((p) => p.peakToMean),
      skipPerRun: points.map((p) => p.normalSkip),
    };
  });
}

/** Aggregates a preset's runs; only finished runs count towards the statistics. */
export function summarize(preset: string, results: RunResult[]): PresetSummary {
  const done = results.filter((r) => r.status === 'done');
  const nums = (f: (r: RunResult) => number | null) => done.map(f).filter((x): x is number => x !== null);
  const collapsed = done.filter((r) => r.collapsed !== null);
  return {
    preset,
    runs: results.length,
    done: done.length,
    valAcc: stat(nums((r) => r.valAcc)),
    normalSkip: stat(nums((r) => r.normalSkip)),
    collapseRate: collapsed.length > 0 ? collapsed.filter((r) => r.collapsed).length / collapsed.length : null,
    agreement: genotypeAgreement(done.flatMap((r) => (r.genotype ? [r.genotype] : []))),
    secondsPerRun: stat(nums((r) => r.seconds))?.mean ?? null,
    curve: meanCurve(results),
    results,
  };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const pm = (s: Stat | null, f: (x: number) => string) => (s ? `${f(s.mean)} ± ${f(s.std)}` : '–');
const opt = <T>(x: T | null, f: (x: T) => string) => (x === null ? '–' : f(x));
const secs = (x: number) => `${x.toFixed(0)} s`;

/** One row per preset. */
export function studyMarkdown(summaries: readonly PresetSummary[]): string {
  const rows = summaries.map(
    (s) =>
      `| ${s.preset} | ${s.done}/${s.runs} | ${pm(s.valAcc, pct)} | ${pm(s.normalSkip, (x) => x.toFixed(1))} | ${opt(s.collapseRate, pct)} | ${opt(s.agreement, pct)} | ${opt(s.secondsPerRun, secs)} |`,
  );
  return [
    '| preset | runs done | search val acc (mean ± std) | skip_connect in final normal cell | collapse rate | genotype agreement | wall time per run |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

/** One row per seed. */
export function presetMarkdown(s: PresetSummary): string {
  const rows = s.results.map(
    (r) =>
      `| ${r.seed} | ${r.status} | ${r.epochsCompleted} | ${opt(r.valAcc, pct)} | ${opt(r.normalSkip, String)} | ${opt(r.collapsed, (c) => (c ? 'yes' : 'no'))} | ${secs(r.seconds)} |`,
  );
  return [`## ${s.preset}`, '', '| seed | status | epochs | val acc | normal skip_connect | collapsed | wall time |', '|---|---|---|---|---|---|---|', ...rows, '', studyMarkdown([s])].join(
    '\n',
  );
}

/** Each op's mean normal weight in the last α, mean ± std over the finished runs: which ops gained. */
export function opWeightsMarkdown(s: PresetSummary): string {
  const done = s.results.filter((r) => r.status === 'done');
  const ops = [...new Set(done.flatMap((r) => Object.keys(r.opWeights)))];
  if (ops.length === 0) return '';
  const cells = ops.map((op) => pm(stat(done.flatMap((r) => (op in r.opWeights ? [r.opWeights[op]] : []))), (x) => x.toFixed(3)));
  return [`### ${s.preset}, mean normal α weight per op at the end`, '', `| ${ops.join(' | ')} |`, `|${ops.map(() => '---|').join('')}`, `| ${cells.join(' | ')} |`].join('\n');
}

/** One row per epoch: the collapse indicators' course over the preset's seeds. */
export function curveMarkdown(s: PresetSummary): string {
  const f3 = (x: number) => x.toFixed(3);
  const rows = s.curve.map(
    (c) =>
      `| ${c.epoch + 1} | ${c.valAcc.n} | ${pm(c.valAcc, pct)} | ${pm(c.normalSkip, (x) => x.toFixed(1))} (${c.skipPerRun.map((x) => opt(x, String)).join(' / ')}) | ${pm(c.noneWeight, f3)} | ${pm(c.maxWeight, f3)} | ${pm(c.peakToMean, f3)} |`,
  );
  return [
    `### ${s.preset}, per epoch`,
    '',
    '| epoch | runs | val acc | skip_connect in normal cell (per seed) | mean none weight, normal cell | largest normal α weight | largest weight ÷ its edge\'s mean live weight |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}
