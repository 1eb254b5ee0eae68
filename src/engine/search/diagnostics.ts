import { withNodes, type Genotype } from '../genotype';
import { getPrimitive } from '../primitives';

const NONE = 'none';
const SKIP = 'skip_connect';

/**
 * Edges on which `none` holds more than half of the weight (weights normalised to sum 1, so
 * sigmoid weights count too): D2 Fig. 1's collapse, where none's weight climbs towards 0.97.
 * A near-uniform α, where none may be the argmax by a hair, does not count.
 */
export function noneDominatedEdges(rows: readonly (readonly number[])[], primitives: readonly string[]): number {
  const none = primitives.indexOf(NONE);
  if (none < 0) return 0;
  return rows.filter((r) => r[none] > 0.5 * r.reduce((a, v) => a + v, 0)).length;
}

const argmax = (xs: readonly number[], skip = -1) => xs.reduce((best, v, i) => (i !== skip && (best < 0 || v > xs[best]) ? i : best), -1);

/**
 * Collapse indicators from the relaxed α of each group (D2 Fig. 1, D3 §3.3, DARTS+), named
 * `<group>.<value>`: the mean weight of `none`; the edges whose strongest op other than none is
 * skip_connect (count and fraction); the edges that none dominates (noneDominatedEdges); the mean share of the
 * non-none weight held by parameter-free ops (pools, skip); the mean entropy (nats) of the edge's
 * weights normalised to sum 1 (sigmoid weights included).
 */
export function alphaDiagnostics(weights: Record<string, number[][]>, primitives: readonly string[]): Record<string, number> {
  const none = primitives.indexOf(NONE);
  const skip = primitives.indexOf(SKIP);
  const free = primitives.map((p, i) => i !== none && getPrimitive(p).parameterFree);
  const out: Record<string, number> = {};
  for (const [group, rows] of Object.entries(weights)) {
    const mean = (f: (row: number[]) => number) => rows.reduce((a, r) => a + f(r), 0) / rows.length;
    const skipDominant = rows.filter((r) => skip >= 0 && argmax(r, none) === skip).length;
    if (none >= 0) {
      out[`${group}.none_weight`] = mean((r) => r[none]);
      out[`${group}.none_dominant`] = noneDominatedEdges(rows, primitives);
    }
    out[`${group}.skip_dominant`] = skipDominant;
    out[`${group}.skip_dominant_fraction`] = skipDominant / rows.length;
    out[`${group}.param_free_share`] = mean((r) => {
      const kept = r.reduce((a, v, i) => (i === none ? a : a + v), 0);
      return kept > 0 ? r.reduce((a, v, i) => (free[i] ? a + v : a), 0) / kept : 0;
    });
    out[`${group}.entropy`] = mean((r) => {
      const total = r.reduce((a, v) => a + v, 0);
      return -r.reduce((a, v) => (v > 0 ? a + (v / total) * Math.log(v / total) : a), 0);
    });
  }
  return out;
}

/** Every kept edge as `cell:node<input:op`, over each cell of a per-cell genotype. */
function edgeKeys(g: Genotype): string[] {
  const cells = g.cells?.map((c, i) => ({ name: `cell${i}`, edges: c.edges })) ?? [
    { name: 'normal', edges: g.normal },
    { name: 'reduce', edges: g.reduce },
  ];
  return cells.flatMap(({ name, edges }) => withNodes(edges).map((e) => `${name}:${e.node}<${e.input}:${e.op}${e.attention ? `+${e.attention}` : ''}`));
}

/**
 * From the derived genotype: skip_connects and parameter-free ops in the normal cell (the first
 * normal cell when each cell has its own α; DARTS+'s early-stopping count), and, given the
 * previous epoch's genotype, how many kept edges (cell, node, input, op) are new.
 */
export function genotypeDiagnostics(g: Genotype, previous: Genotype | null): Record<string, number> {
  const out: Record<string, number> = {
    'genotype.normal_skip': g.normal.filter((e) => e.op === SKIP).length,
    'genotype.normal_param_free': g.normal.filter((e) => getPrimitive(e.op).parameterFree).length,
  };
  if (previous) {
    const before = new Set(edgeKeys(previous));
    out['genotype.changed_edges'] = edgeKeys(g).filter((k) => !before.has(k)).length;
  }
  return out;
}
