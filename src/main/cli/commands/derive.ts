import { z } from 'zod';
import { deriveGenotype, deriveRules, getDeriveRule, type DeriveRule } from '../../../engine/derive';
import { genotypeToJson, pythonFormat } from '../../../engine/genotype';
import { getSearchSpace, searchSpaces, type SearchSpace } from '../../../engine/spaces';
import { searchDerivation } from '../../../engine/search';
import { getRelaxation, type Relaxation } from '../../../engine/supernet';
import { getPreset, parseSearchConfig, presets } from '../../../shared/config';
import type { Args } from '../args';
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
  usage: ['derive --alphas FILE [--space ID] [--rule ID] [--json]', 'derive --alphas FILE --preset NAME [--json]'],
  options: {
    alphas: { type: 'string', value: 'FILE', help: 'raw α as {"normal": [[…] × ops] × edges, "reduce": …}, in the space\'s edge and primitive order' },
    space: { type: 'string', value: 'ID', help: `search space (default darts; known: ${[...searchSpaces.keys()].join(', ')})` },
    rule: { type: 'string', value: 'ID', help: `derivation rule (default: the space's own; known: ${deriveRules.map((r) => r.id).join(', ')})` },
    preset: { type: 'string', value: 'NAME', help: `derive as this search preset does: its space, relaxation, rule and rule options (known: ${presets.map((p) => p.id).join(', ')})` },
    json: { type: 'boolean', help: 'print {"normal": [[op, input], …], "normal_concat": […], "reduce": …, "reduce_concat": …}' },
  },
  async run(args) {
    const file = await requireFile(args.required('alphas'), '--alphas');
    const { space, rule, options, relaxation } = derivationOf(args);
    const alphas = await readAlphas(file, space);
    const weights = { normal: relaxation.hostWeights(alphas.normal), reduce: relaxation.hostWeights(alphas.reduce) };
    const genotype = deriveGenotype(rule, weights, { primitives: space.primitives, nodes: space.nodes, edges: space.edges(space.nodes), options });
    process.stdout.write(`${args.flag('json') ? jsonLine(genotypeToJson(genotype)) : pythonFormat.print(genotype)}\n`);
    return 0;
  },
};

/** The space, rule, rule options and relaxation to derive with: a preset's, as its search would, or --space and --rule. */
function derivationOf(args: Args): { space: SearchSpace; rule: DeriveRule; options: unknown; relaxation: Relaxation } {
  if (args.has('preset')) {
    if (args.has('space') || args.has('rule')) throw new UsageError('--preset sets the space and rule: give --preset or --space/--rule, not both');
    const preset = lookup('--preset', () => getPreset(args.required('preset')));
    const config = lookup(`preset ${preset.id}`, () => parseSearchConfig(preset.config));
    const space = lookup(`preset ${preset.id}: model.space`, () => getSearchSpace(config.model.space, config.model.spaceOptions));
    return { space, ...searchDerivation(config), relaxation: getRelaxation(config.model.relaxation) };
  }
  const space = lookup('--space', () => getSearchSpace(args.string('space') ?? 'darts'));
  const rule = lookup('--rule', () => getDeriveRule(args.string('rule') ?? space.derivation));
  // Each rule states which relaxation its weights come from (softmax for DARTS, sigmoid for Fair DARTS).
  return { space, rule, options: undefined, relaxation: getRelaxation(rule.normalization) };
}
