import type { LogEntry } from '../../../shared/runs';
import { ordinal } from './axes';

/**
 * A progressive (P-DARTS) search's stage, as read back from the run log: the store logs each
 * 'stage' event with data { stage, cells, channels, firstEpoch, candidates } (src/main/store/
 * event-rows.ts), and live updates append the same (hooks/useRunLive.ts).
 */
export interface RunStage {
  /** 0-based. */
  stage: number;
  cells: number;
  firstEpoch: number;
  /** Most ops an edge searches in the stage (P-DARTS: 8, 5, 3), from its candidates as the engine counts it. */
  opsPerEdge: number;
}

/** A marker on a chart: a vertical line at x (a stage transition) or a horizontal one at y (a threshold). */
export type ChartMark = XMark | { y: number; label: string };
export interface XMark {
  x: number;
  label: string;
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

function stageOf(data: unknown): RunStage | null {
  if (typeof data !== 'object' || data === null) return null;
  const d = data as Record<string, unknown>;
  if (!isCount(d.stage) || !isCount(d.cells) || !isCount(d.firstEpoch) || typeof d.candidates !== 'object' || d.candidates === null) return null;
  const edges = Object.values(d.candidates as Record<string, unknown>).flatMap((g) => (Array.isArray(g) ? g : []));
  const opsPerEdge = Math.max(0, ...edges.map((ops) => (Array.isArray(ops) ? ops.length : 0)));
  return { stage: d.stage, cells: d.cells, firstEpoch: d.firstEpoch, opsPerEdge };
}

/** The run's stages in order; a stage logged again (a resumed run re-announces it) counts once, as last logged. */
export function runStages(log: readonly LogEntry[]): RunStage[] {
  const byStage = new Map<number, RunStage>();
  for (const entry of log) {
    const s = stageOf(entry.data);
    if (s) byStage.set(s.stage, s);
  }
  return [...byStage.values()].sort((a, b) => a.stage - b.stage);
}

export const stageLabel = (s: RunStage): string => `stage ${ordinal(s.stage)}: ${s.cells} cells, ${s.opsPerEdge} ops`;

/**
 * Markers for the stage transitions on a chart drawn against epochs or global steps
 * (epoch · stepsPerEpoch + step, the same in every stage: the data and batch do not change), both
 * counted from 1 as charts draw them (lib/axes). A marker sits halfway between the previous
 * stage's last point and the new stage's first; the first stage starts the axis and gets none.
 */
export function stageMarks(stages: readonly RunStage[], x: 'epoch' | 'step', stepsPerEpoch: number | null): XMark[] {
  if (x === 'step' && !stepsPerEpoch) return [];
  return stages.filter((s) => s.firstEpoch > 0).map((s) => ({ x: ordinal(x === 'epoch' ? s.firstEpoch : s.firstEpoch * stepsPerEpoch!) - 0.5, label: stageLabel(s) }));
}
