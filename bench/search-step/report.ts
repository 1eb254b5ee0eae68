/** Ratios and the human-readable table of the search-step benchmark. */
import type { BenchConfig } from './configs';
import { STEPS, type NasStudioResult, type StepName } from './nas-studio';
import type { ReferenceResult } from './reference';

/** A measurement of one side, or why there is none. */
export type Outcome<T> = { result: T } | { error: string };

/** The issue's own-step targets: α steps relative to the same side's weight step. */
export function archToWeight(r: Record<StepName, number>) {
  return { firstOrder: r.archStepFirstOrder / r.weightStep, secondOrder: r.archStepSecondOrder / r.weightStep };
}

/** NAS Studio / PyTorch, per step and for peak RSS (below 1 means NAS Studio is faster or smaller). */
export interface Comparison extends Record<StepName, number> {
  config: string;
  backend: string;
  threads: { nasStudio: number; pytorch: number };
  peakRss: number;
}

/** `side`: NAS Studio's side as the table names it (backend and a forced checkpoint setting). */
export function compare(side: string, nas: NasStudioResult, ref: ReferenceResult): Comparison {
  const ratios = Object.fromEntries(STEPS.map((s) => [s, nas[s] / ref[s]])) as Record<StepName, number>;
  return { config: nas.config, backend: side, threads: { nasStudio: nas.threads, pytorch: ref.threads }, ...ratios, peakRss: nas.peakRssMB / ref.peakRssMB };
}

export interface Section {
  config: BenchConfig;
  nasStudio: { backend: string; outcome: Outcome<NasStudioResult> }[];
  reference: Outcome<ReferenceResult>[];
  comparisons: Comparison[];
  /** Interleaved rounds each time is the median of. */
  rounds: number;
}

const HEAD = ['side', 'threads', 'weight s', 'α 1st s', 'α 2nd s', 'peak RSS MB', 'α1/w', 'α2/w', 'per step: weight / α 1st / α 2nd'];
const WIDTHS = [36, 7, 9, 9, 9, 11, 6, 6];

const count = (n: number) => n.toLocaleString('en-US');
const perStep = (f: (s: StepName) => number) => STEPS.map((s) => count(f(s))).join(' / ');

function row(cells: string[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(WIDTHS[i]) : i < WIDTHS.length ? c.padStart(WIDTHS[i]) : c)).join('  ');
}

function sideRow(side: string, r: Record<StepName, number> & { threads: number; peakRssMB: number }, counts: string): string {
  const own = archToWeight(r);
  return row([side, String(r.threads), ...STEPS.map((s) => r[s].toFixed(3)), String(r.peakRssMB), own.firstOrder.toFixed(2), own.secondOrder.toFixed(2), counts]);
}

export function formatSection(s: Section): string {
  const rounds = s.rounds > 1 ? `; times: median of ${s.rounds} interleaved rounds` : '';
  const lines = [`== ${s.config.name} (${count(s.config.params)} weights${rounds}) ==`, row(HEAD)];
  for (const { backend, outcome } of s.nasStudio) {
    const side = `NAS Studio ${backend}${'result' in outcome && outcome.result.checkpointing ? ' (ckpt)' : ''}`;
    if (!('result' in outcome)) {
      lines.push(`${side.padEnd(WIDTHS[0])}  error: ${outcome.error}`);
      continue;
    }
    const r = outcome.result;
    const shared = r.threads > 1 ? `, ${perStep((k) => r.handoffs[k])} handed to other threads, ${perStep((k) => r.helps[k])} parts of them taken back by the waiting caller` : '';
    lines.push(sideRow(side, r, `${perStep((k) => r.kernels[k])} kernels${shared}`));
  }
  for (const outcome of s.reference) {
    if ('error' in outcome) {
      lines.push(`${'PyTorch'.padEnd(WIDTHS[0])}  error: ${outcome.error}`);
      continue;
    }
    const r = outcome.result;
    lines.push(sideRow(`PyTorch ${r.torch}`, r, `${perStep((k) => r.operators[k].dispatched)} aten ops dispatched (${perStep((k) => r.operators[k].profiled)} profiled, nested included)`));
  }
  if (s.comparisons.length) lines.push('NAS Studio / PyTorch:');
  for (const c of s.comparisons) {
    const ratios = [...STEPS.map((k) => `${k} ${c[k].toFixed(2)}x`), `peak RSS ${c.peakRss.toFixed(2)}x`].join('  ');
    lines.push(`  ${c.backend} at ${c.threads.nasStudio} thread(s) vs PyTorch at ${c.threads.pytorch}: ${ratios}`);
  }
  return lines.join('\n');
}
