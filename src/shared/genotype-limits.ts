/**
 * Bounds on a genotype that comes from a user (a file, the API): far above any published cell
 * (DARTS: 4 nodes, 8 edges, concat of 4; 20 cells), low enough that parsing, checking, building
 * and printing one stay fast and small. The parsers and the JSON schema both enforce them.
 */
export const GENOTYPE_LIMITS = {
  /** Characters of genotype text. */
  textChars: 1 << 20,
  /** Edges of one cell. */
  edges: 1024,
  /** Highest state index (inputs, nodes, concat entries). */
  maxState: 65,
  /** Entries of one cell's concat. */
  concat: 66,
  /** Cells of a per-cell genotype. */
  cells: 256,
  /** Characters of an op or attention name. */
  name: 64,
} as const;
