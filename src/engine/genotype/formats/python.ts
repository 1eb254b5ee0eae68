import { compactCell } from '../model';
import type { GenotypeEdge } from '../model';
import type { GenotypeFormat } from './format';
import { parsePythonGenotype, printList, printPythonGenotype } from './python-syntax';

/**
 * `('op', input)`, or FairDARTS's `('op', node, input)` for a cell that needs explicit nodes.
 * Att-DARTS edges end with their attention module as its reference prints them, `('op', input, 'CBAM')`.
 */
const tuples = (cell: GenotypeEdge[]): string[] =>
  compactCell(cell).map((e) => {
    const att = e.attention === undefined ? '' : `, '${e.attention}'`;
    return e.node === undefined ? `('${e.op}', ${e.input}${att})` : `('${e.op}', ${e.node}, ${e.input}${att})`;
  });

/** The reference DARTS repositories' `Genotype(...)` string, printed exactly as genotypes.py writes it. */
export const pythonFormat: GenotypeFormat = {
  id: 'python',
  title: 'Python Genotype(...) (DARTS reference)',
  sniff: (text) => /\bGenotype\s*\(|\bnormal\s*=/.test(text),
  parse: parsePythonGenotype,
  print: (g) => printPythonGenotype(g, tuples, printList),
};
