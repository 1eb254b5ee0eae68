import type { GenotypeJsonShape } from '../../../shared/search-events';
import { cellEdges } from './cell';

/*
 * Collapse signatures computed from α, for runs whose strategy reports no diagnostics of its own.
 * Parameter-free ops are recognised by name (none, skip_connect / identity, *pool*), the primitive
 * names every space in the catalog uses. Thresholds:
 * - skip_connect ≥ 2 in the normal cell: DARTS+ (Liang et al. 2019) stops the search there;
 * - parameter-free share > 0.5: the dominance P-DARTS and Amended-DARTS describe;
 * - none: the reference never derives it, but a heavy none weight drowns the other ops' signal.
 */

export const isParameterFree = (op: string): boolean => op === 'none' || op === 'skip_connect' || op === 'identity' || op.includes('pool');

export interface CellStats {
  /** Mean over edges of the weight share on parameter-free ops (0..1). */
  paramFreeShare: number;
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
    let h = 0;
    row.forEach((w, i) => {
      const p = Math.max(0, w) / sum;
      if (isParameterFree(primitives[i] ?? '')) paramFree += p;
      if (p > 0) h -= p * Math.log(p);
    });
    if (noneCol >= 0) none += Math.max(0, row[noneCol]) / sum;
    entropy += h;
  }
  const n = weights.length;
  return { paramFreeShare: paramFree / n, noneWeight: none / n, entropy: entropy / n, entropyRatio: primitives.length > 1 ? entropy / n / Math.log(primitives.length) : 0 };
}

export const skipCount = (genotype: GenotypeJsonShape, cell: 'normal' | 'reduce' = 'normal'): number => cellEdges(genotype, cell).filter((e) => e.op === 'skip_connect').length;

export interface Warning {
  key: string;
  message: string;
}

export function collapseWarnings(skips: number | null, normal: CellStats | null): Warning[] {
  const out: Warning[] = [];
  if (skips !== null && skips >= 2) out.push({ key: 'skip', message: `${skips} skip_connect edges in the normal cell: the DARTS+ collapse criterion (≥ 2) is met.` });
  if (normal && normal.paramFreeShare > 0.5) out.push({ key: 'param-free', message: `Parameter-free ops hold ${(normal.paramFreeShare * 100).toFixed(0)}% of the normal cell's α weight.` });
  if (normal && normal.noneWeight > 0.5) out.push({ key: 'none', message: `none holds ${(normal.noneWeight * 100).toFixed(0)}% of the normal cell's α weight on average.` });
  return out;
}
