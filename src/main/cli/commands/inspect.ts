import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../engine/backend';
import { countArchitectures, getDeriveRule } from '../../../engine/derive';
import { EvalNetwork, graphMultiplyAdds, inferenceGraph } from '../../../engine/evaluate';
import { genotypeToJson, getNamedGenotype, namedGenotypes, parseGenotypeAuto, pythonFormat, type Genotype } from '../../../engine/genotype';
import { getSearchSpace, searchSpaces, type SearchSpace } from '../../../engine/spaces';
import { getRelaxation, Supernet } from '../../../engine/supernet';
import type { Args } from '../args';
import type { Command } from '../command';
import { UsageError, blame, lookup } from '../errors';
import { isFile, readText } from '../files';
import { columns, count, jsonLine } from '../format';

interface Shape {
  channels: number;
  layers: number;
  classes: number;
  inputChannels: number;
}

/** Network size from the flags; defaults are the reference's search (C=16, 8 cells) or evaluation (C=36, 20 cells) setting. */
function shapeOf(args: Args, defaults: { channels: number; layers: number }): Shape {
  return {
    channels: args.int('channels', 1) ?? defaults.channels,
    layers: args.int('layers', 1) ?? defaults.layers,
    classes: args.int('classes', 1) ?? 10,
    inputChannels: args.int('input-channels', 1) ?? 3,
  };
}

/** Architectures the space can derive with its own derivation rule (null when the rule has no count). */
function architectureCount(space: SearchSpace, layers: number): bigint | null {
  return countArchitectures(space, getDeriveRule(space.derivation), { layers });
}

function inspectSpace(space: SearchSpace, shape: Shape) {
  const net = new Supernet({ space, relaxation: getRelaxation('softmax'), ...shape, alphaInitStd: 0, seed: 0 });
  const report = {
    space: space.id,
    ...shape,
    params: net.params.count(),
    reductionCells: space.reductionCells(shape.layers),
    alphaShapes: Object.fromEntries([...net.alphas].map(([group, a]) => [group, a.shape])),
    primitives: space.primitives,
    architectures: architectureCount(space, shape.layers),
  };
  net.dispose();
  const text = columns([
    ['search space', `${space.id} (${space.title})`],
    ['supernet', `C=${shape.channels}, ${shape.layers} cells, ${shape.classes} classes, ${shape.inputChannels} input channels`],
    ['reductions', `cells ${report.reductionCells.join(', ')}`],
    ['parameters', `${count(report.params)} (α excluded)`],
    ['α', Object.entries(report.alphaShapes).map(([g, s]) => `${g} [${s.join(', ')}]`).join(', ')],
    ...(report.architectures === null ? [] : [['architectures', `${report.architectures} (≈${Number(report.architectures).toExponential(2)})`] as const]),
  ]);
  return { report, text };
}

async function loadGenotype(spec: string): Promise<Genotype> {
  if (Object.hasOwn(namedGenotypes, spec)) return getNamedGenotype(spec);
  if (!(await isFile(spec))) {
    throw new UsageError(`--genotype ${spec}: neither a built-in genotype (${Object.keys(namedGenotypes).join(', ')}) nor a file`);
  }
  const text = await readText(spec);
  try {
    return parseGenotypeAuto(text);
  } catch (e) {
    blame(spec, e);
  }
}

/** Multiply-adds per 32x32 image (the CIFAR convention of the papers' tables), or null for ops the inference graph lacks. */
function multiplyAdds32(genotype: Genotype, shape: Shape): number | null {
  try {
    return graphMultiplyAdds(inferenceGraph({ genotype, ...shape, height: 32, width: 32 }));
  } catch {
    return null;
  }
}

function inspectGenotype(spec: string, genotype: Genotype, shape: Shape, auxiliary: boolean) {
  const net = new EvalNetwork({ genotype, ...shape, auxiliary, seed: 0, inputSize: { height: 32, width: 32 } });
  const report = {
    genotype: spec,
    ...shape,
    auxiliary,
    params: net.params.count(),
    paramsWithoutAuxiliary: net.countWithoutAuxiliary(),
    multiplyAdds: multiplyAdds32(genotype, shape),
    reductionCells: net.reductionCells,
    architecture: genotypeToJson(genotype),
  };
  net.dispose();
  const text = columns([
    ['genotype', spec],
    ['network', `C=${shape.channels}, ${shape.layers} cells, ${shape.classes} classes, ${shape.inputChannels} input channels${auxiliary ? ', auxiliary head' : ''}`],
    ['reductions', `cells ${report.reductionCells.join(', ')}`],
    ['parameters', count(report.params)],
    ['without auxiliary', `${count(report.paramsWithoutAuxiliary)} (what the reference's train.py reports)`],
    ['multiply-adds', report.multiplyAdds === null ? 'n/a (an op without an inference-graph form)' : `${count(report.multiplyAdds)} per 32x32 image (convolutions and classifier)`],
    ['cells', pythonFormat.print(genotype)],
  ]);
  return { report, text };
}

export const inspectCommand: Command = {
  name: 'inspect',
  summary: 'Show the size and shape of a search space\'s supernet or of a genotype\'s evaluation network',
  usage: [
    'inspect --space ID [--channels N] [--layers N] [--classes N] [--input-channels N] [--json]',
    'inspect --genotype NAME|FILE [--channels N] [--layers N] [--auxiliary] [--classes N] [--input-channels N] [--json]',
  ],
  options: {
    space: { type: 'string', value: 'ID', help: `the search network of a space (known: ${[...searchSpaces.keys()].join(', ')})` },
    genotype: { type: 'string', value: 'NAME|FILE', help: `the evaluation network of a built-in genotype (${Object.keys(namedGenotypes).join(', ')}) or a genotype file (JSON or Python)` },
    channels: { type: 'string', value: 'N', help: 'initial channels C (default 16 for a space, 36 for a genotype)' },
    layers: { type: 'string', value: 'N', help: 'cells (default 8 for a space, 20 for a genotype)' },
    classes: { type: 'string', value: 'N', help: 'output classes (default 10)' },
    'input-channels': { type: 'string', value: 'N', help: 'image channels (default 3)' },
    auxiliary: { type: 'boolean', help: 'with --genotype: add the auxiliary head after the second reduction' },
    json: { type: 'boolean', help: 'print one JSON object (params, paramsWithoutAuxiliary, …)' },
  },
  async run(args) {
    const mode = args.oneOf(['space', 'genotype']);
    if (mode === 'space' && args.has('auxiliary')) throw new UsageError('--auxiliary belongs to --genotype');
    // Building the variables is all that is needed; the cpu backend does it anywhere, and its
    // "install tfjs-node for speed" banner would only mislead here.
    tf.enableProdMode();
    await initBackend('cpu');
    const { report, text } =
      mode === 'space'
        ? inspectSpace(lookup('--space', () => getSearchSpace(args.required('space'))), shapeOf(args, { channels: 16, layers: 8 }))
        : inspectGenotype(args.required('genotype'), await loadGenotype(args.required('genotype')), shapeOf(args, { channels: 36, layers: 20 }), args.flag('auxiliary'));
    process.stdout.write(`${args.flag('json') ? jsonLine(report) : text.join('\n')}\n`);
    return 0;
  },
};
