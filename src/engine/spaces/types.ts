import type { z } from 'zod';
import type { PrimitiveOptions } from '../primitives';

/** An edge of a cell: from state `from` (0, 1 = cell inputs; 2.. = intermediate nodes) into node `to` (0-based). */
export interface CellEdge {
  from: number;
  to: number;
}

/**
 * A search space is data: which primitives compete on an edge, how many intermediate nodes a
 * cell has, which edges exist, and how α is shared between cells.
 */
export interface SearchSpace {
  id: string;
  title: string;
  paper: string;
  /** α column order. */
  primitives: readonly string[];
  /** Intermediate nodes per cell. */
  nodes: number;
  /** Every edge, in α row order. */
  edges(nodes: number): CellEdge[];
  /** 'per-type': one α for all normal cells and one for all reduction cells; 'per-cell': each cell its own. */
  alphaSharing: 'per-type' | 'per-cell';
  /** Cell indices (0-based) that reduce resolution and double channels. */
  reductionCells(layers: number): number[];
  /** The derivation rule id the space is meant for (see src/engine/derive). */
  derivation: string;
  /** Nodes concatenated into the cell output, counted from the last. */
  multiplier: number;
  /** Stem width = stemMultiplier · C. */
  stemMultiplier: number;
  /** Settings the space's conv primitives are built with (AllegroSepConv width, AllegroDilConv depth). */
  opOptions?: Pick<PrimitiveOptions, 'midMultiplier' | 'extraDepth'>;
  /** Att-DARTS: attention modules (src/engine/attention ids) mixed after every edge's op, β column order. */
  attentions?: readonly string[];
}

/** A registry entry: the space's options (rendered by the wizard) and how they build the space. */
export interface SpaceEntry {
  id: string;
  title: string;
  paper: string;
  description: string;
  optionsSchema: z.ZodType;
  create(options: unknown): SearchSpace;
}
