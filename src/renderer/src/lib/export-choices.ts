import type { Catalog } from '../../../shared/api';
import type { RunDetail } from '../../../shared/runs';

export interface ExportChoice {
  id: string;
  title: string;
  /** Why the run cannot give this format; null when it can. */
  unavailable: string | null;
}

/** Every catalog export format with whether this run can give it, and why not (as the host checks). */
export function exportChoices(run: Pick<RunDetail, 'kind' | 'status' | 'finalGenotype' | 'genotypes'>, formats: Catalog['exports']): ExportChoice[] {
  const hasGenotype = run.kind === 'retrain' || run.finalGenotype !== null || run.genotypes.length > 0;
  return formats.map((f) => {
    let unavailable: string | null = null;
    if (f.needs === 'model') {
      if (run.kind !== 'retrain') unavailable = 'needs trained weights: a search only trains its supernet; retrain the genotype and export from the retraining run';
      else if (run.status !== 'done') unavailable = 'needs the retraining to finish';
    } else if (f.needs === 'genotype' && !hasGenotype) unavailable = 'needs a genotype: none derived yet';
    return { id: f.id, title: f.title, unavailable };
  });
}
