import { describe, expect, it } from 'vitest';
import { checkGenotype, genotypeFromJson, GenotypeError, parseGenotypeAuto, pythonFormat, type Genotype } from '../../../src/engine/genotype';
import { parseRetrainConfig } from '../../../src/shared/config';
import { GENOTYPE_LIMITS } from '../../../src/shared/genotype-limits';

/** A reference-layout cell of `nodes` nodes (two edges each) and its concat. */
function cell(nodes: number): { edges: Array<[string, number]>; concat: number[] } {
  const edges: Array<[string, number]> = [];
  for (let n = 2; n < 2 + nodes; n++) edges.push(['sep_conv_3x3', n - 2], ['skip_connect', n - 1]);
  return { edges, concat: Array.from({ length: nodes }, (_, i) => i + 2) };
}

const json = (nodes: number) => {
  const c = cell(nodes);
  return { normal: c.edges, normal_concat: c.concat, reduce: c.edges, reduce_concat: c.concat };
};

describe('genotype size limits', () => {
  it('a range concat past the limit is refused before it is built (range(0, 1e9) exhausted memory)', () => {
    const text = "Genotype(normal=[('skip_connect', 0), ('skip_connect', 1)], normal_concat=range(0, 1000000000), reduce=[('skip_connect', 0), ('skip_connect', 1)], reduce_concat=[2])";
    expect(() => parseGenotypeAuto(text)).toThrow(new RegExp(`range of 1000000000 states; a concat has at most ${GENOTYPE_LIMITS.concat}`));
  });

  it('refuses too many edges, too high states, too long names and too long text, in every format and in the API schema', () => {
    const big = json(1000); // 2,000 edges a cell
    expect(() => genotypeFromJson(big)).toThrow(/normal: Too big: expected array to have <=1024 items/);
    expect(() => parseRetrainConfig({ genotype: big })).toThrow(/Too big/);
    const g: Genotype = { normal: big.normal.map(([op, input]) => ({ op, input })), normalConcat: [2], reduce: [], reduceConcat: [2] };
    expect(() => checkGenotype(g)).toThrow(/normal: 2000 edges; at most 1024 a cell/);
    expect(() => parseGenotypeAuto(pythonFormat.print({ ...g, reduce: g.normal, reduceConcat: [2] }))).toThrow(GenotypeError);
    expect(() => genotypeFromJson({ ...json(4), normal: [['x'.repeat(65), 0], ['skip_connect', 1]] })).toThrow(/Too big/);
    expect(() => genotypeFromJson({ ...json(4), normal_concat: [2, 3, 4, 99] })).toThrow(/Too big/);
    expect(() => parseGenotypeAuto(`${' '.repeat(GENOTYPE_LIMITS.textChars)}{}`)).toThrow(/at most 1048576/);
  });

  it('accepts a genotype at the limits', () => {
    const g = json(32); // 64 edges a cell, concat of 32
    const cells = Array.from({ length: GENOTYPE_LIMITS.cells }, (_, i) => ({ reduce: i % 3 === 2, edges: g.normal, concat: g.normal_concat }));
    expect(genotypeFromJson({ ...g, cells }).cells).toHaveLength(GENOTYPE_LIMITS.cells);
    const wide = parseGenotypeAuto(`Genotype(normal=[${cell(32).edges.map(([op, i]) => `('${op}', ${i})`).join(', ')}], normal_concat=range(2, 34), reduce=[('skip_connect', 0), ('skip_connect', 1)], reduce_concat=[2])`);
    expect(wide.normalConcat).toHaveLength(32);
  });
});
