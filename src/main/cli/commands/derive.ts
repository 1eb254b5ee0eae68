import { z } from 'zod';
import { deriveGenotype, deriveRules, getDeriveRule } from '../../../engine/derive';
import { genotypeToJson, pythonFormat } from '../../../engine/genotype';
import { getSearchSpace, searchSpaces, type SearchSpace } from '../../../engine/spaces';
import { getRelaxation } from '../../../engine/supernet';
import type { Command } from '../command';
import { UsageError, blame, lookup } from '../errors';
import { readJson, requireFile } from '../files';
import { jsonLine } from '../format';

const alphaFile = z.object({ normal: z.array(z.array(z.number())), reduce: z.array(z.array(z.number())) });

/** Reads `{"normal": [[…] × ops] × edges, "reduce": …}`, checking both matrices against the space. */
async function readAlphas(path: string, space: SearchSpace): Promise<z.infer<typeof alphaFile>> {
  const parsed = alphaFile.safeParse(await readJson(path));
  if (!parsed.success) blame(path, parsed.error);
  const rows = space.edges(space.nodes).length;
  const cols = space.primitives.length;
  for (const cell of ['normal', 'reduce'] as const) {
    const alpha = parsed.data[cell];
    if (alpha.length !== rows) {
      throw new UsageError(`${path}: ${cell} has ${alpha.length} rows; a ${space.id} cell has ${rows} edges, one row each`);
    }
    const bad = alpha.findIndex((row) => row.length !== cols);
    if (bad >= 0) {
      throw new UsageError(`${path}: ${cell}[${bad}] has ${alpha[bad].length} numbers; it needs ${cols}, one per primitive (${space.primitives.join(', ')})`);
    }
  }
  return parsed.data;
}

export const deriveCommand: Command = {
  name: 'derive',
  summary: 'Turn searched architecture weights (α) into a genotype',
  usage: ['derive --alphas FILE [--space ID] [--rule ID] [--json]'],
  options: {
    alphas: { type: 'string', value: 'FILE', help: 'raw α as {"normal": [[…] × ops] × edges, "reduce": …}, in the space\'s edge and primitive order' },
    space: { type: 'string', value: 'ID', help: `search space (default darts; known: ${[...searchSpaces.keys()].join(', ')})` },
    rule: { type: 'string', value: 'ID', help: `derivation rule (default: the space's own; known: ${deriveRules.map((r) => r.id).join(', ')})` },
    json: { type: 'boolean', help: 'print {"normal": [[op, input], …], "normal_concat": […], "reduce": …, "reduce_concat": …}' },
  },
  async run(args) {
    const file = await requireFile(args.required('alphas'), '--alphas');
    const space = lookup('--space', () => getSearchSpace(args.string('space') ?? 'darts'));
    const rule = lookup('--rule', () => getDeriveRule(args.string('rule') ?? space.derivation));
    const alphas = await readAlphas(file, space);
    // Each rule states which relaxation its weights come from (softmax for DARTS, sigmoid for Fair DARTS).
    const relaxation = getRelaxation(rule.normalization);
    const weights = { normal: relaxation.hostWeights(alphas.normal), reduce: relaxation.hostWeights(alphas.reduce) };
    const genotype = deriveGenotype(rule, weights, { primitives: space.primitives, nodes: space.nodes, edges: space.edges(space.nodes) });
    process.stdout.write(`${args.flag('json') ? jsonLine(genotypeToJson(genotype)) : pythonFormat.print(genotype)}\n`);
    return 0;
  },
};
