import type { CellType } from '../genotype';
import { cellSvg, genotypeCellFigures } from './figures';
import type { ExportSource } from './source';

/**
 * The α snapshot a source's genotype was derived from: a search's last, or for a retraining the
 * parent search's snapshot of the epoch it retrains (its last when it retrains the final genotype).
 */
function derivedFrom(src: ExportSource): ExportSource['alphas'][number] | undefined {
  const search = src.kind === 'search' ? src : src.parent;
  const source = src.kind === 'retrain' ? (src.config as { source?: { epoch?: unknown } } | null)?.source : undefined;
  const epoch = typeof source?.epoch === 'number' ? source.epoch : undefined;
  return epoch === undefined ? search?.alphas.at(-1) : search?.alphas.find((a) => a.epoch === epoch);
}

/** The source genotype's normal and reduction cell drawn (SVG), each edge with the α weight of its op where known. */
export async function genotypeCellSvgs(src: ExportSource): Promise<Array<{ cell: CellType; svg: string }>> {
  if (!src.genotype) return [];
  const alpha = derivedFrom(src);
  const primitives = src.kind === 'search' ? src.primitives : (src.parent?.primitives ?? []);
  const figures = genotypeCellFigures(src.genotype, alpha && primitives.length ? { weights: alpha.weights, primitives } : undefined);
  return Promise.all(figures.map(async ({ cell, figure }) => ({ cell, svg: await cellSvg(figure) })));
}
