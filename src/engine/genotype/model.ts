/**
 * The genotype model: the discrete architecture a search derives and an evaluation network is
 * built from.
 *
 * States of a cell are numbered as in the reference code: 0 = c_{k-2}, 1 = c_{k-1}, 2.. = the
 * intermediate nodes in order. `input`, `node` and the concat lists all use this numbering.
 *
 * A cell is a flat edge list in one of two layouts:
 * - reference layout (DARTS and most published genotypes): no edge names its node; edges 2j and
 *   2j+1 feed node 2 + j, so every node has exactly two inputs;
 * - explicit layout (FairDARTS and other threshold rules): every edge names its `node`, so a node
 *   may have any number of inputs, including none.
 * A cell never mixes the two. `compactCell` turns an explicit cell that happens to follow the
 * reference layout back into it, so each architecture has one canonical form.
 */
export interface GenotypeEdge {
  op: string;
  input: number;
  node?: number;
  /** Att-DARTS: the attention module (src/engine/attention id) applied after the op. */
  attention?: string;
}

export interface Genotype {
  normal: GenotypeEdge[];
  normalConcat: number[];
  reduce: GenotypeEdge[];
  reduceConcat: number[];
  /**
   * Every cell in network order, present when each cell was searched with its own α (Amended-DARTS
   * S2). `normal`/`reduce` then hold the first normal and first reduction cell, for views that show
   * one pair; a network built from such a genotype must take each cell from this list.
   */
  cells?: CellGenotype[];
  /**
   * How the searched space built its conv ops, when not at their defaults (an Allegro space's
   * AllegroSepConv width and AllegroDilConv depth, the group count of pointwise convs): the
   * evaluation network builds the same modules from it.
   */
  ops?: GenotypeOps;
}

/** Build settings of a genotype's conv ops (primitives' PrimitiveOptions of the same names). */
export interface GenotypeOps {
  groups?: number;
  midMultiplier?: number;
  extraDepth?: number;
}

/** One cell of a genotype whose cells differ from each other. */
export interface CellGenotype {
  reduce: boolean;
  edges: GenotypeEdge[];
  concat: number[];
}

export type CellType = 'normal' | 'reduce';
export const CELL_TYPES: readonly CellType[] = ['normal', 'reduce'];

/** States 0 and 1 are the cell inputs, so the first intermediate node is state 2. */
export const FIRST_NODE = 2;

export type ExplicitEdge = Required<Omit<GenotypeEdge, 'attention'>> & Pick<GenotypeEdge, 'attention'>;

/** The edge's attention field, if it has one (so that edges without it stay 2- or 3-field objects). */
const attentionOf = (e: GenotypeEdge) => (e.attention === undefined ? {} : { attention: e.attention });

export function concatOf(g: Genotype, cell: CellType): number[] {
  return cell === 'normal' ? g.normalConcat : g.reduceConcat;
}

export function isExplicitCell(cell: readonly GenotypeEdge[]): boolean {
  return cell.length > 0 && cell[0].node !== undefined;
}

/** Every edge with its target node, resolving the reference layout's implicit pairing. */
export function withNodes(cell: readonly GenotypeEdge[]): ExplicitEdge[] {
  return cell.map((e, i) => ({ op: e.op, input: e.input, node: e.node ?? FIRST_NODE + (i >> 1), ...attentionOf(e) }));
}

/** Drops the `node` fields when the cell follows the reference layout (2 edges per node, in order). */
export function compactCell(cell: readonly GenotypeEdge[]): GenotypeEdge[] {
  const explicit = withNodes(cell);
  const reference = cell.length % 2 === 0 && explicit.every((e, i) => e.node === FIRST_NODE + (i >> 1));
  return reference ? explicit.map((e) => ({ op: e.op, input: e.input, ...attentionOf(e) })) : explicit;
}

/** Number of intermediate nodes the cell defines (the highest node fed by any edge). */
export function nodeCount(cell: readonly GenotypeEdge[]): number {
  return withNodes(cell).reduce((n, e) => Math.max(n, e.node - FIRST_NODE + 1), 0);
}

/** Edges grouped by intermediate node: entry j holds the edges feeding state 2 + j (maybe none). */
export function edgesByNode(cell: readonly GenotypeEdge[]): ExplicitEdge[][] {
  const groups: ExplicitEdge[][] = Array.from({ length: nodeCount(cell) }, () => []);
  for (const e of withNodes(cell)) groups[e.node - FIRST_NODE].push(e);
  return groups;
}

/** `[first, first + 1, ..., first + nodes - 1]`: all intermediate nodes, the DARTS cell output. */
export function defaultConcat(nodes: number): number[] {
  return Array.from({ length: nodes }, (_, j) => FIRST_NODE + j);
}
