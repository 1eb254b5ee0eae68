import type { ExportedFile, ExportSource } from '../source';

/** One export format: what it needs from the run and how it writes its files under `dir`. */
export interface ExportFormat {
  id: string;
  title: string;
  /** 'model': trained weights (a retraining run); 'genotype': a derived or given genotype. */
  needs: 'model' | 'genotype' | 'history';
  write(src: ExportSource, dir: string): Promise<ExportedFile[]>;
}
