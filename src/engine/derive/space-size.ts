/** How many architectures a cell-based space can derive, exactly (as a bigint). */
export interface SpaceShape {
  /** Intermediate nodes per cell. */
  nodes: number;
  /** Ops a derived edge can take, 'none' excluded. */
  ops: number;
  /** Inputs each node keeps. */
  edgesPerNode: number;
  /** Cells with their own α (2 when normal and reduce cells share α, 20 for Amended-DARTS S2). */
  cells: number;
  /** 'chosen': each node picks its inputs among all earlier states (DARTS); 'fixed': the topology is given. */
  edgeRule: 'chosen' | 'fixed';
}

function binomial(n: number, k: number): bigint {
  if (k < 0 || k > n) return 0n;
  let result = 1n;
  for (let i = 0; i < k; i++) result = (result * BigInt(n - i)) / BigInt(i + 1);
  return result;
}

/**
 * DARTS (8 ops, so 7 without none): (C(2,2)·C(3,2)·C(4,2)·C(5,2)·7^8)² ≈ 1.08e18.
 * Amended-DARTS S1: 7^16 ≈ 3.3e13. S2 (2 ops, 20 cells): 2^160 ≈ 1.46e48.
 */
export function countArchitectures({ nodes, ops, edgesPerNode, cells, edgeRule }: SpaceShape): bigint {
  let perCell = 1n;
  for (let j = 0; j < nodes; j++) {
    // Node j has j + 2 earlier states to choose inputs from.
    const topologies = edgeRule === 'chosen' ? binomial(j + 2, edgesPerNode) : 1n;
    perCell *= topologies * BigInt(ops) ** BigInt(edgesPerNode);
  }
  return perCell ** BigInt(cells);
}
