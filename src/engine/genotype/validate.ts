import { GENOTYPE_LIMITS } from '../../shared/genotype-limits';
import { GenotypeError } from './errors';
import { CELL_TYPES, FIRST_NODE, concatOf, isExplicitCell, nodeCount, withNodes } from './model';
import type { Genotype, GenotypeEdge } from './model';

export interface GenotypeIssue {
  /** e.g. ['normal', 3] for the fourth normal edge, ['reduceConcat', 0]. */
  path: (string | number)[];
  message: string;
}

/** Op names stay identifier-like so every format can print them without escaping. */
const OP_NAME = /^[A-Za-z0-9_.-]+$/;

const isIndex = (n: number) => Number.isInteger(n) && n >= 0;

function edgeIssues(cell: readonly GenotypeEdge[]): { edge: number; message: string }[] {
  const issues: { edge: number; message: string }[] = [];
  const explicit = isExplicitCell(cell);
  if (!explicit && cell.length % 2 !== 0) {
    issues.push({ edge: cell.length - 1, message: 'edges without a node are paired per node, so their number must be even' });
  }
  withNodes(cell).forEach((e, i) => {
    if (!OP_NAME.test(e.op)) issues.push({ edge: i, message: `op name '${e.op}' must be letters, digits, '_', '.' or '-'` });
    if (e.attention !== undefined && !OP_NAME.test(e.attention)) {
      issues.push({ edge: i, message: `attention name '${e.attention}' must be letters, digits, '_', '.' or '-'` });
    }
    if ((cell[i].node !== undefined) !== explicit) {
      issues.push({ edge: i, message: 'either every edge of a cell names its node or none does' });
    } else if (!Number.isInteger(e.node) || e.node < FIRST_NODE) {
      issues.push({ edge: i, message: `node ${e.node} is not an intermediate node (those start at ${FIRST_NODE})` });
    } else if (!isIndex(e.input) || e.input >= e.node) {
      issues.push({ edge: i, message: `input ${e.input} is not a state before node ${e.node}` });
    }
  });
  return issues;
}

function concatIssues(concat: readonly number[], cell: readonly GenotypeEdge[]): { index: number; message: string }[] {
  if (concat.length === 0) return [{ index: 0, message: 'the cell output concatenates no state' }];
  // Threshold rules may leave trailing nodes without inputs yet keep them in the concat, so the
  // upper bound is only known for the reference layout.
  const limit = isExplicitCell(cell) ? Infinity : FIRST_NODE + nodeCount(cell);
  const issues: { index: number; message: string }[] = [];
  const seen = new Set<number>();
  concat.forEach((s, i) => {
    if (!isIndex(s) || s >= limit) issues.push({ index: i, message: `${s} is not a state of the cell` });
    else if (seen.has(s)) issues.push({ index: i, message: `state ${s} is concatenated twice` });
    seen.add(s);
  });
  return issues;
}

/** Sizes past GENOTYPE_LIMITS: checked first, so nothing slower runs on a huge genotype. */
function limitIssues(g: Genotype): GenotypeIssue[] {
  const L = GENOTYPE_LIMITS;
  const cells = [...CELL_TYPES.map((c) => ({ path: [c], edges: g[c], concat: concatOf(g, c), concatPath: [`${c}Concat`] })), ...(g.cells ?? []).map((c, i) => ({ path: ['cells', i, 'edges'], edges: c.edges, concat: c.concat, concatPath: ['cells', i, 'concat'] }))];
  const issues: GenotypeIssue[] = [];
  if ((g.cells?.length ?? 0) > L.cells) issues.push({ path: ['cells'], message: `${g.cells!.length} cells; at most ${L.cells}` });
  for (const c of cells.slice(0, L.cells + CELL_TYPES.length)) {
    if (c.edges.length > L.edges) issues.push({ path: c.path, message: `${c.edges.length} edges; at most ${L.edges} a cell` });
    if (c.concat.length > L.concat) issues.push({ path: c.concatPath, message: `${c.concat.length} concatenated states; at most ${L.concat}` });
    const tooBig = c.edges.findIndex((e) => e.input > L.maxState || (e.node ?? 0) > L.maxState || e.op.length > L.name || (e.attention?.length ?? 0) > L.name);
    if (tooBig >= 0) issues.push({ path: [...c.path, tooBig], message: `states go up to ${L.maxState}, names up to ${L.name} characters` });
  }
  return issues;
}

/** Everything that makes `g` unbuildable; empty when it is a valid architecture. */
export function genotypeIssues(g: Genotype): GenotypeIssue[] {
  const tooLarge = limitIssues(g);
  if (tooLarge.length > 0) return tooLarge;
  const pair = CELL_TYPES.flatMap((cell) => {
    const concatKey = `${cell}Concat`;
    return [
      ...edgeIssues(g[cell]).map(({ edge, message }) => ({ path: [cell, edge], message })),
      ...concatIssues(concatOf(g, cell), g[cell]).map(({ index, message }) => ({ path: [concatKey, index], message })),
    ];
  });
  const perCell = (g.cells ?? []).flatMap((c, i) => [
    ...edgeIssues(c.edges).map(({ edge, message }) => ({ path: ['cells', i, 'edges', edge], message })),
    ...concatIssues(c.concat, c.edges).map(({ index, message }) => ({ path: ['cells', i, 'concat', index], message })),
  ]);
  return [...pair, ...perCell];
}

/** `['normal', 3, 1]` → `normal[3][1]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i > 0 ? '.' : ''}${String(p)}`)).join('');
}

export function formatIssue(issue: GenotypeIssue): string {
  return `${formatPath(issue.path)}: ${issue.message}`;
}

/** Refuses genotype text too long to be a genotype, before any parsing. */
export function checkGenotypeText(text: string): void {
  if (text.length > GENOTYPE_LIMITS.textChars) throw new GenotypeError(`genotype text of ${text.length} characters; at most ${GENOTYPE_LIMITS.textChars}`);
}

/** Returns `g` unchanged, or throws a GenotypeError naming every issue. */
export function checkGenotype(g: Genotype): Genotype {
  const issues = genotypeIssues(g);
  if (issues.length > 0) throw new GenotypeError(`invalid genotype: ${issues.map(formatIssue).join('; ')}`);
  return g;
}
