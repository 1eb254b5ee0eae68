import type { Supernet, SupernetOptions } from '../supernet';

/**
 * What a multi-stage orchestrator (P-DARTS, search/progressive.ts) changes in one `search()` run;
 * a plain search passes none.
 */
export interface StageHooks {
  /** Supernet construction overrides: the ops each edge still searches. */
  supernet?: Pick<SupernetOptions, 'candidates'>;
  /**
   * Called at the start of every epoch, after the regularizers' own hooks (so a stage's skip
   * dropout rate wins): whether α is updated this epoch (false: a weight-only warm-up epoch).
   */
  beginEpoch?(net: Supernet, epoch: number, epochs: number): { archStep: boolean };
}
