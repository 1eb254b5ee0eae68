import type { GenotypeJsonShape } from '../../../shared/search-events';
import { drawnCells } from './cell';

/*
 * Collapse signatures computed from α, for runs whose strategy reports no diagnostics of its own.
 * Parameter-free ops are recognised by name (none, skip_connect / identity, *pool*), the primitive
 * names every space in the catalog uses. Thresholds:
 * - skip_connect ≥ 2 in the normal cell: DARTS+ (Liang et al. 2019) stops the search there;
 * - parameter-free share (among the ops other than none, as the engine's own diagnostics count it)
 *   above both 0.5 and its value under uniform α plus 0.15: the dominance P-DARTS and
 *   Amended-DARTS describe, not the 3/7 every DARTS edge starts with;
 * - none: the reference never derives it, but a heavy none weight drowns the other ops' signal.
 */

export const isParameterFree = (op: string): boolean => op === 'none' || op === 'skip_connect' || op === 'identity' || op.includes('pool');

export interface CellStats {
  /** Mean over edges of the weight share on parameter-free ops, none excluded (0..1). */
  paramFreeShare: number;
  /** The same share under uniform α: the baseline a search starts from. */
  paramFreeUniform: number;
  /** Mean over edges of the weight share on none. */
  noneWeight: number;
  /** Mean edge entropy of the normalised weights, in nats, and as a fraction of ln(ops). */
  entropy: number;
  entropyRatio: number;
}

export function cellStats(weights: number[][], primitives: string[]): CellStats | null {
  if (weights.length === 0 || primitives.length === 0) return null;
  let paramFree = 0;
  let none = 0;
  let entropy = 0;
  const noneCol = primitives.indexOf('none');
  for (const row of weights) {
    // Sigmoid relaxations do not sum to 1: shares and entropy are taken of the row normalised.
    const sum = row.reduce((a, b) => a + Math.max(0, b), 0) || 1;
    const someSum = row.reduce((a, b, i) => (i === noneCol ? a : a + Math.max(0, b)), 0) || 1;
    let h = 0;
    row.forEach((w, i) => {
      const p = Math.max(0, w) / sum;
      if (i !== noneCol && isParameterFree(primitives[i] ?? '')) paramFree += Math.max(0, w) / someSum;
      if (p > 0) h -= p * Math.log(p);
    });
    if (noneCol >= 0) none += Math.max(0, row[noneCol]) / sum;
    entropy += h;
  }
  const n = weights.length;
  const some = primitives.filter((p) => p !== 'none');
  return {
    paramFreeShare: paramFree / n,
    paramFreeUniform: some.length ? some.filter(isParameterFree).length / some.length : 0,
    noneWeight: none / n,
    entropy: entropy / n,
    entropyRatio: primitives.length > 1 ? entropy / n / Math.log(primitives.length) : 0,
  };
}

/**
 * One cell type's α rows: the shared group ('normal'/'reduce'), or with an α per cell (Amended-DARTS
 * S2: groups 'cell<i>') the rows of every cell of that type pooled, the type read from the
 * per-cell genotype. Null when neither is there.
 */
export function cellTypeRows(weights: Record<string, number[][]>, cell: 'normal' | 'reduce', genotype?: GenotypeJsonShape): number[][] | null {
  if (weights[cell]) return weights[cell];
  const cells = genotype?.cells;
  if (!cells) return null;
  const rows = cells.flatMap((c, i) => (c.reduce === (cell === 'reduce') ? (weights[`cell${i}`] ?? []) : []));
  return rows.length ? rows : null;
}

/** skip_connect edges in the cell of that type; with one architecture per cell, the most any such cell has. */
export const skipCount = (genotype: GenotypeJsonShape, cell: 'normal' | 'reduce' = 'normal'): number =>
  Math.max(
    0,
    ...drawnCells(genotype)
      .filter((c) => c.reduce === (cell === 'reduce'))
      .map((c) => c.edges.filter((e) => e.op === 'skip_connect').length),
  );

/** DARTS+ stops a search at this many skip_connect edges in the normal cell. */
export const SKIP_COLLAPSE = 2;
/** A mean none weight above this drowns the other ops' signal. */
export const NONE_COLLAPSE = 0.5;
/** The parameter-free share above which a cell counts as collapsing: past half, and well past where uniform α starts. */
export const paramFreeLimit = (s: Pick<CellStats, 'paramFreeUniform'>): number => Math.max(0.5, s.paramFreeUniform + 0.15);

export interface Warning {
  key: string;
  message: string;
}

export function collapseWarnings(skips: number | null, normal: CellStats | null): Warning[] {
  const out: Warning[] = [];
  if (skips !== null && skips >= SKIP_COLLAPSE)
    out.push({ key: 'skip', message: `${skips} skip_connect edges in the normal cell: the DARTS+ collapse criterion (≥ ${SKIP_COLLAPSE}) is met. The search is drifting to cells with few parameters, which usually retrain worse; consider an earlier epoch's genotype, or a method that counters it (P-DARTS, Amended-DARTS).` });
  if (normal && normal.paramFreeShare > paramFreeLimit(normal))
    out.push({ key: 'param-free', message: `Parameter-free ops (skip, pools) hold ${(normal.paramFreeShare * 100).toFixed(0)}% of the normal cell's α weight: the search favours ops that learn nothing, a sign of collapse.` });
  if (normal && normal.noneWeight > NONE_COLLAPSE) out.push({ key: 'none', message: `none holds ${(normal.noneWeight * 100).toFixed(0)}% of the normal cell's α weight on average: the other ops' α barely differ, so the derived cell says little.` });
  return out;
}
