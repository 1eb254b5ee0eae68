import { compactCell } from '../model';
import type { GenotypeEdge } from '../model';
import type { GenotypeFormat } from './format';
import { parsePythonGenotype, printList, printPythonGenotype } from './python-syntax';

/** `('op', input)`, or FairDARTS's `('op', node, input)` for a cell that needs explicit nodes. */
const tuples = (cell: GenotypeEdge[]): string[] =>
  compactCell(cell).map((e) => (e.node === undefined ? `('${e.op}', ${e.input})` : `('${e.op}', ${e.node}, ${e.input})`));

/** The reference DARTS repositories' `Genotype(...)` string, printed exactly as genotypes.py writes it. */
export const pythonFormat: GenotypeFormat = {
  id: 'python',
  title: 'Python Genotype(...) (DARTS reference)',
  sniff: (text) => /\bGenotype\s*\(|\bnormal\s*=/.test(text),
  parse: parsePythonGenotype,
  print: (g) => printPythonGenotype(g, tuples, printList),
};
