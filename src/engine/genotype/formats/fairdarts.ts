import { withNodes } from '../model';
import type { GenotypeEdge } from '../model';
import type { GenotypeFormat } from './format';
import { parsePythonGenotype, printList, printPythonGenotype } from './python-syntax';

/*
 * FairDARTS (xiaomi-automl/FairDARTS, fairdarts/genotypes.py) writes edges as
 * (op, to_node, from_node) with any number of edges per node. Both indices count cell states:
 * 0 and 1 are the cell inputs and to_node 2 is the first intermediate node. Checked against the
 * reference: utils.parse emits `(op, i + 2, j)` for intermediate node i, DCOCell keys states
 * '0', '1' then each to_node, and the published genotypes use to_node 2..5 with from_node < to_node.
 * So to_node is exactly this model's `node`.
 */

const tuples = (cell: GenotypeEdge[]): string[] =>
  withNodes(cell).map((e) => `('${e.op}', ${e.node}, ${e.input}${e.attention === undefined ? '' : `, '${e.attention}'`})`);

/** FairDARTS prints concat as Python 3 does a range object. */
function printConcat(values: number[]): string {
  const contiguous = values.every((v, i) => v === values[0] + i);
  return contiguous ? `range(${values[0]}, ${values[0] + values.length})` : printList(values);
}

/** Matches one 3-element edge tuple such as `('sep_conv_3x3', 2, 0)`. */
const TRIPLE = /\(\s*(['"])[^'"\n]*\1\s*,\s*\d+\s*,\s*\d+\s*,?\s*\)/;

export const fairdartsFormat: GenotypeFormat = {
  id: 'fairdarts',
  title: 'FairDARTS Genotype(...) with (op, to_node, from_node) tuples',
  sniff: (text) => TRIPLE.test(text),
  parse: parsePythonGenotype,
  print: (g) => printPythonGenotype(g, tuples, printConcat),
};
