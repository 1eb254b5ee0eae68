import { GenotypeError } from './errors';
import { defaultConcat } from './model';
import type { Genotype, GenotypeEdge } from './model';

// Published DARTS-space genotypes, copied from the reference genotypes.py files, edge order kept.

const cell = (...pairs: [op: string, input: number][]): GenotypeEdge[] =>
  pairs.map(([op, input]) => ({ op, input }));

const fourNodes = (normal: GenotypeEdge[], reduce: GenotypeEdge[]): Genotype => ({
  normal,
  normalConcat: defaultConcat(4),
  reduce,
  reduceConcat: defaultConcat(4),
});

const DARTS_V1 = fourNodes(
  cell(['sep_conv_3x3', 1], ['sep_conv_3x3', 0], ['skip_connect', 0], ['sep_conv_3x3', 1],
    ['skip_connect', 0], ['sep_conv_3x3', 1], ['sep_conv_3x3', 0], ['skip_connect', 2]),
  cell(['max_pool_3x3', 0], ['max_pool_3x3', 1], ['skip_connect', 2], ['max_pool_3x3', 0],
    ['max_pool_3x3', 0], ['skip_connect', 2], ['skip_connect', 2], ['avg_pool_3x3', 0]),
);

const DARTS_V2 = fourNodes(
  cell(['sep_conv_3x3', 0], ['sep_conv_3x3', 1], ['sep_conv_3x3', 0], ['sep_conv_3x3', 1],
    ['sep_conv_3x3', 1], ['skip_connect', 0], ['skip_connect', 0], ['dil_conv_3x3', 2]),
  cell(['max_pool_3x3', 0], ['max_pool_3x3', 1], ['skip_connect', 2], ['max_pool_3x3', 1],
    ['max_pool_3x3', 0], ['skip_connect', 2], ['skip_connect', 2], ['max_pool_3x3', 1]),
);

const PDARTS = fourNodes(
  cell(['skip_connect', 0], ['dil_conv_3x3', 1], ['skip_connect', 0], ['sep_conv_3x3', 1],
    ['sep_conv_3x3', 1], ['sep_conv_3x3', 3], ['sep_conv_3x3', 0], ['dil_conv_5x5', 4]),
  cell(['avg_pool_3x3', 0], ['sep_conv_5x5', 1], ['sep_conv_3x3', 0], ['dil_conv_5x5', 2],
    ['max_pool_3x3', 0], ['dil_conv_3x3', 1], ['dil_conv_3x3', 1], ['dil_conv_5x5', 3]),
);

const PC_DARTS_cifar = fourNodes(
  cell(['sep_conv_3x3', 1], ['skip_connect', 0], ['sep_conv_3x3', 0], ['dil_conv_3x3', 1],
    ['sep_conv_5x5', 0], ['sep_conv_3x3', 1], ['avg_pool_3x3', 0], ['dil_conv_3x3', 1]),
  cell(['sep_conv_5x5', 1], ['max_pool_3x3', 0], ['sep_conv_5x5', 1], ['sep_conv_5x5', 2],
    ['sep_conv_3x3', 0], ['sep_conv_3x3', 3], ['sep_conv_3x3', 1], ['sep_conv_3x3', 2]),
);

function deepFreeze(g: Genotype): Readonly<Genotype> {
  for (const list of [g.normal, g.normalConcat, g.reduce, g.reduceConcat]) {
    list.forEach((item) => Object.freeze(item));
    Object.freeze(list);
  }
  return Object.freeze(g);
}

/** Named genotypes by their reference names (case-sensitive). Frozen: copy before editing. */
export const namedGenotypes: Readonly<Record<string, Readonly<Genotype>>> = Object.freeze({
  DARTS_V1: deepFreeze(DARTS_V1),
  DARTS_V2: deepFreeze(DARTS_V2),
  PDARTS: deepFreeze(PDARTS),
  PC_DARTS_cifar: deepFreeze(PC_DARTS_cifar),
});

/** A mutable copy of the named genotype; throws, listing the known names, for an unknown one. */
export function getNamedGenotype(name: string): Genotype {
  if (!Object.hasOwn(namedGenotypes, name)) {
    throw new GenotypeError(`unknown genotype '${name}'; known: ${Object.keys(namedGenotypes).join(', ')}`);
  }
  return structuredClone(namedGenotypes[name]) as Genotype;
}
