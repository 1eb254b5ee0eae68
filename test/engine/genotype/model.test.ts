import { describe, expect, it } from 'vitest';
import {
  GenotypeError,
  checkGenotype,
  compactCell,
  countOp,
  edgesByNode,
  genotypeIssues,
  genotypeKey,
  genotypeOpCounts,
  getNamedGenotype,
  namedGenotypes,
  nodeCount,
  opCounts,
  sameArchitecture,
  withNodes,
} from '../../../src/engine/genotype';
import type { Genotype, GenotypeEdge } from '../../../src/engine/genotype';

const reference: GenotypeEdge[] = [
  { op: 'a', input: 0 },
  { op: 'b', input: 1 },
  { op: 'c', input: 2 },
  { op: 'd', input: 0 },
];

describe('cell layouts', () => {
  it('resolves the reference pairing: edges 2j, 2j+1 feed node 2 + j', () => {
    expect(withNodes(reference).map((e) => e.node)).toEqual([2, 2, 3, 3]);
    expect(nodeCount(reference)).toBe(2);
  });

  it('compacts an explicit cell only when it follows the reference layout', () => {
    expect(compactCell(withNodes(reference))).toEqual(reference);
    const threeInputs = [...withNodes(reference), { op: 'e', input: 1, node: 3 }];
    expect(compactCell(threeInputs)).toEqual(threeInputs);
    const swappedNodes = withNodes(reference).reverse();
    expect(compactCell(swappedNodes)).toEqual(swappedNodes);
  });

  it('groups edges per node, leaving nodes without inputs empty', () => {
    const cell = [
      { op: 'a', input: 0, node: 2 },
      { op: 'b', input: 2, node: 4 },
      { op: 'c', input: 1, node: 4 },
    ];
    expect(edgesByNode(cell).map((g) => g.map((e) => e.op))).toEqual([['a'], [], ['b', 'c']]);
    expect(nodeCount(cell)).toBe(3);
  });
});

describe('validation', () => {
  const base = getNamedGenotype('DARTS_V2');

  it('accepts the named genotypes', () => {
    for (const g of Object.values(namedGenotypes)) expect(genotypeIssues(g)).toEqual([]);
  });

  it.each<[string, Partial<Genotype>, (string | number)[], RegExp]>([
    ['odd implicit count', { normal: base.normal.slice(0, 7) }, ['normal', 6], /even/],
    ['mixed layouts', { normal: [{ op: 'a', input: 0, node: 2 }, { op: 'b', input: 1 }] }, ['normal', 1], /every edge/],
    ['input not before its node', { reduce: [{ op: 'a', input: 0 }, { op: 'b', input: 2 }] }, ['reduce', 1], /before node 2/],
    ['node that is a cell input', { normal: [{ op: 'a', input: 0, node: 1 }] }, ['normal', 0], /not an intermediate node/],
    ['bad op name', { normal: [{ op: "it's", input: 0 }, { op: 'b', input: 1 }] }, ['normal', 0], /op name/],
    ['concat past the last node', { normalConcat: [2, 3, 4, 5, 6] }, ['normalConcat', 4], /not a state/],
    ['concat repeated', { reduceConcat: [2, 3, 3] }, ['reduceConcat', 2], /twice/],
    ['empty concat', { reduceConcat: [] }, ['reduceConcat', 0], /no state/],
  ])('reports %s at its path', (_, change, path, message) => {
    const issues = genotypeIssues({ ...base, ...change });
    expect(issues[0]).toMatchObject({ path });
    expect(issues[0].message).toMatch(message);
    expect(() => checkGenotype({ ...base, ...change })).toThrow(GenotypeError);
  });

  it('lets an explicit cell concatenate nodes that received no edge', () => {
    const g = { ...base, normal: [{ op: 'a', input: 0, node: 2 }] };
    expect(genotypeIssues(g)).toEqual([]);
  });
});

describe('stats', () => {
  it('counts ops per cell', () => {
    const g = getNamedGenotype('DARTS_V2');
    expect(opCounts(g.normal)).toEqual({ sep_conv_3x3: 5, skip_connect: 2, dil_conv_3x3: 1 });
    expect(countOp(g.normal, 'skip_connect')).toBe(2);
    expect(countOp(g.normal, 'none')).toBe(0);
    expect(genotypeOpCounts(g).reduce).toEqual({ max_pool_3x3: 5, skip_connect: 3 });
    expect(countOp(getNamedGenotype('DARTS_V1').normal, 'skip_connect')).toBe(3);
  });

  it('identifies architectures regardless of edge order within a node or layout', () => {
    const g = getNamedGenotype('DARTS_V2');
    const swapped = { ...g, normal: [g.normal[1], g.normal[0], ...g.normal.slice(2)], reduceConcat: [5, 4, 3, 2] };
    expect(sameArchitecture(g, swapped)).toBe(true);
    expect(genotypeKey({ ...g, normal: withNodes(g.normal) })).toBe(genotypeKey(g));
    // The same edges fed into other nodes make another network.
    const moved = { ...g, normal: [g.normal[5], ...g.normal.slice(1, 5), g.normal[0], ...g.normal.slice(6)] };
    expect(sameArchitecture(g, moved)).toBe(false);
    const changed = { ...g, normal: [{ op: 'sep_conv_5x5', input: 0 }, ...g.normal.slice(1)] };
    expect(sameArchitecture(g, changed)).toBe(false);
  });
});

describe('named genotypes', () => {
  it('are the four reference genotypes, by case-sensitive name', () => {
    expect(Object.keys(namedGenotypes)).toEqual(['DARTS_V1', 'DARTS_V2', 'PDARTS', 'PC_DARTS_cifar']);
    expect(() => getNamedGenotype('darts_v2')).toThrow(/unknown genotype 'darts_v2'; known: DARTS_V1/);
  });

  it('hands out mutable copies of frozen constants', () => {
    const copy = getNamedGenotype('PDARTS');
    copy.normal[0].op = 'sep_conv_5x5';
    expect(namedGenotypes.PDARTS.normal[0].op).toBe('skip_connect');
    expect(() => {
      (namedGenotypes.PDARTS.normal as GenotypeEdge[]).push({ op: 'x', input: 0 });
    }).toThrow(TypeError);
  });

  it('match the published edge lists', () => {
    const pc = getNamedGenotype('PC_DARTS_cifar');
    expect(pc.reduce.map((e) => `${e.op}:${e.input}`).join(' ')).toBe(
      'sep_conv_5x5:1 max_pool_3x3:0 sep_conv_5x5:1 sep_conv_5x5:2 sep_conv_3x3:0 sep_conv_3x3:3 sep_conv_3x3:1 sep_conv_3x3:2',
    );
    expect(getNamedGenotype('PDARTS').normal.at(-1)).toEqual({ op: 'dil_conv_5x5', input: 4 });
    expect(getNamedGenotype('DARTS_V1').reduce.at(-1)).toEqual({ op: 'avg_pool_3x3', input: 0 });
  });
});
