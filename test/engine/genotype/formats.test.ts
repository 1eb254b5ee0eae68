import { describe, expect, it } from 'vitest';
import {
  GenotypeError,
  GenotypeParseError,
  detectGenotypeFormat,
  fairdartsFormat,
  genotypeFormats,
  getGenotypeFormat,
  getNamedGenotype,
  jsonFormat,
  namedGenotypes,
  parseGenotypeAuto,
  pythonFormat,
} from '../../../src/engine/genotype';
import type { Genotype } from '../../../src/engine/genotype';

const DARTS_V2_STRING =
  "Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)], normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], reduce_concat=[2, 3, 4, 5])";

// A FairDARTS-style genotype: 3-tuples (op, to_node, from_node), node 3 of the normal cell has no
// input, node 4 has three, and the reduce cell happens to follow the reference layout.
const FAIR_STRING = `Sparse = Genotype(normal=[('sep_conv_3x3', 2, 0), ('sep_conv_5x5', 2, 1),
  ('max_pool_3x3', 4, 0), ('dil_conv_3x3', 4, 2), ('skip_connect', 4, 1), ('sep_conv_3x3', 5, 4)], normal_concat=range(2, 6),
  reduce=[('max_pool_3x3', 2, 0), ('avg_pool_3x3', 2, 1), ('skip_connect', 3, 2), ('max_pool_3x3', 3, 0),
          ('sep_conv_5x5', 4, 1), ('avg_pool_3x3', 4, 3), ('skip_connect', 5, 4), ('dil_conv_5x5', 5, 0)], reduce_concat=range(2, 6))`;

function parseError(parse: () => unknown): GenotypeParseError {
  try {
    parse();
  } catch (e) {
    if (e instanceof GenotypeParseError) return e;
    throw e;
  }
  throw new Error('expected a parse error');
}

describe('python format', () => {
  it('prints DARTS_V2 exactly as the reference does', () => {
    expect(pythonFormat.print(getNamedGenotype('DARTS_V2'))).toBe(DARTS_V2_STRING);
    expect(pythonFormat.parse(DARTS_V2_STRING)).toEqual(getNamedGenotype('DARTS_V2'));
  });

  it.each(genotypeFormats.map((f) => [f.id]))('%s round-trips every named genotype', (id) => {
    const format = getGenotypeFormat(id);
    for (const name of Object.keys(namedGenotypes)) {
      const g = getNamedGenotype(name);
      expect(format.parse(format.print(g)), name).toEqual(g);
    }
  });

  it('reads concat as a list, range(start, stop) or range(stop)', () => {
    const ranged = DARTS_V2_STRING.replaceAll('[2, 3, 4, 5]', 'range(2, 6)');
    expect(pythonFormat.parse(ranged)).toEqual(getNamedGenotype('DARTS_V2'));
    const g = pythonFormat.parse(DARTS_V2_STRING.replace('normal_concat=[2, 3, 4, 5]', 'normal_concat=range(6)'));
    expect(g.normalConcat).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('tolerates quotes, layout, comments, trailing commas, assignment and a missing callee', () => {
    const text = `DARTS_V2 = Genotype(
      normal = [
        ("sep_conv_3x3", 0), ('sep_conv_3x3', 1),  # node 2
        ('sep_conv_3x3', 0), ('sep_conv_3x3', 1),
        ('sep_conv_3x3', 1), ('skip_connect', 0),
        ('skip_connect', 0), ('dil_conv_3x3', 2,),
      ],
      normal_concat = [2, 3, 4, 5,],
      reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1),
              ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)],
      reduce_concat = range(2, 6),
    )`;
    const v2 = getNamedGenotype('DARTS_V2');
    expect(pythonFormat.parse(text)).toEqual(v2);
    expect(pythonFormat.parse(DARTS_V2_STRING.slice('Genotype'.length))).toEqual(v2);
    expect(pythonFormat.parse(DARTS_V2_STRING.slice('Genotype('.length, -1))).toEqual(v2);
  });

  it('accepts keyword arguments in any order and positional ones in field order', () => {
    const v2 = getNamedGenotype('DARTS_V2');
    const [normal, reduce] = [v2.normal, v2.reduce].map((c) => `[${c.map((e) => `('${e.op}', ${e.input})`).join(', ')}]`);
    expect(pythonFormat.parse(`Genotype(reduce_concat=[2, 3, 4, 5], reduce=${reduce}, normal=${normal}, normal_concat=[2, 3, 4, 5])`)).toEqual(v2);
    expect(pythonFormat.parse(`Genotype(${normal}, [2, 3, 4, 5], ${reduce}, reduce_concat=[2, 3, 4, 5])`)).toEqual(v2);
  });
});

describe('fairdarts format', () => {
  it('reads (op, to_node, from_node) with any number of edges per node', () => {
    expect(detectGenotypeFormat(FAIR_STRING).id).toBe('fairdarts');
    const g = parseGenotypeAuto(FAIR_STRING);
    expect(g.normal).toEqual([
      { op: 'sep_conv_3x3', input: 0, node: 2 },
      { op: 'sep_conv_5x5', input: 1, node: 2 },
      { op: 'max_pool_3x3', input: 0, node: 4 },
      { op: 'dil_conv_3x3', input: 2, node: 4 },
      { op: 'skip_connect', input: 1, node: 4 },
      { op: 'sep_conv_3x3', input: 4, node: 5 },
    ]);
    // Two edges per node in order: stored in the reference layout.
    expect(g.reduce.slice(0, 3)).toEqual([
      { op: 'max_pool_3x3', input: 0 },
      { op: 'avg_pool_3x3', input: 1 },
      { op: 'skip_connect', input: 2 },
    ]);
    expect(g.normalConcat).toEqual([2, 3, 4, 5]);
  });

  it('prints its own style and round-trips', () => {
    const g = fairdartsFormat.parse(FAIR_STRING);
    const printed = fairdartsFormat.print(g);
    expect(printed).toBe(FAIR_STRING.replace('Sparse = ', '').replace(/\n\s*/g, ' '));
    expect(fairdartsFormat.parse(printed)).toEqual(g);
  });

  it('has the python printer keep 3-tuples only where a cell needs them', () => {
    const printed = pythonFormat.print(fairdartsFormat.parse(FAIR_STRING));
    expect(printed).toContain("normal=[('sep_conv_3x3', 2, 0), ('sep_conv_5x5', 2, 1), ('max_pool_3x3', 4, 0)");
    expect(printed).toContain("reduce=[('max_pool_3x3', 0), ('avg_pool_3x3', 1), ('skip_connect', 2)");
    expect(pythonFormat.parse(printed)).toEqual(fairdartsFormat.parse(FAIR_STRING));
  });

  it('prints a non-contiguous concat as a list', () => {
    const g = { ...getNamedGenotype('DARTS_V1'), reduceConcat: [2, 4, 5] };
    expect(fairdartsFormat.print(g)).toContain('reduce_concat=[2, 4, 5])');
  });
});

describe('json format', () => {
  it('keeps the CLI shape for DARTS genotypes', () => {
    const text = jsonFormat.print(getNamedGenotype('DARTS_V2'));
    expect(JSON.parse(text)).toEqual({
      normal: [['sep_conv_3x3', 0], ['sep_conv_3x3', 1], ['sep_conv_3x3', 0], ['sep_conv_3x3', 1],
        ['sep_conv_3x3', 1], ['skip_connect', 0], ['skip_connect', 0], ['dil_conv_3x3', 2]],
      normal_concat: [2, 3, 4, 5],
      reduce: [['max_pool_3x3', 0], ['max_pool_3x3', 1], ['skip_connect', 2], ['max_pool_3x3', 1],
        ['max_pool_3x3', 0], ['skip_connect', 2], ['skip_connect', 2], ['max_pool_3x3', 1]],
      reduce_concat: [2, 3, 4, 5],
    });
    expect(detectGenotypeFormat(`  ${text}`).id).toBe('json');
    expect(parseGenotypeAuto(text)).toEqual(getNamedGenotype('DARTS_V2'));
  });

  it('writes explicit nodes as [op, input, node]', () => {
    const g = fairdartsFormat.parse(FAIR_STRING);
    const json = JSON.parse(jsonFormat.print(g));
    expect(json.normal[3]).toEqual(['dil_conv_3x3', 2, 4]);
    expect(json.reduce[0]).toEqual(['max_pool_3x3', 0]);
    expect(jsonFormat.parse(jsonFormat.print(g))).toEqual(g);
  });

  it('reports syntax errors with a position and shape errors with a path', () => {
    const cut = parseError(() => jsonFormat.parse('{"normal": [["a", 1]'));
    expect(cut.position.column).toBe(21);
    expect(() => jsonFormat.parse('{"normal": [], "normal_concat": [2], "reduce": [], "reduce_concat": [2], "x": 1}')).toThrow(/x|unrecognized/i);
    expect(() => jsonFormat.parse('{"normal": [["a", -1]], "normal_concat": [2], "reduce": [], "reduce_concat": [2]}')).toThrow(/normal\[0\]\[1\]/);
    expect(() =>
      jsonFormat.parse('{"normal": [["a", 0], ["b", 5]], "normal_concat": [2], "reduce": [["a", 0], ["b", 1]], "reduce_concat": [2]}'),
    ).toThrow(/normal\[1\]: input 5 is not a state before node 2/);
    expect(() =>
      jsonFormat.parse('{"normal": [["a", 0], ["b", 1]], "normal_concat": [2, 3], "reduce": [["a", 0], ["b", 1]], "reduce_concat": [2]}'),
    ).toThrow(/normal_concat\[1\]: 3 is not a state/);
  });
});

describe('parse errors name the token and position', () => {
  const cases: [string, string, RegExp, string, number][] = [
    ['missing comma', "Genotype(normal=[('a', 1) ('b', 0)], normal_concat=[2], reduce=[], reduce_concat=[2])", /expected ',' or ']'/, '(', 27],
    ['missing comma in tuple', "Genotype(normal=[('a' 1)])", /expected ','/, '1', 23],
    ['unquoted op', 'Genotype(normal=[(sep_conv_3x3, 1)])', /quoted string/, 'sep_conv_3x3', 19],
    ['unknown field', "Genotype(normal=[], normel_concat=[2])", /unknown field/, 'normel_concat', 21],
    ['unterminated string', "Genotype(normal=[('sep_conv_3x3, 1)])", /unterminated string/, "'sep_conv_3x3, 1)])", 19],
    ['bad character', "Genotype(normal=[('a', -1)])", /unexpected character/, '-', 24],
    ['trailing text', `${DARTS_V2_STRING} extra`, /end of text/, 'extra', DARTS_V2_STRING.length + 2],
    ['missing field', "Genotype(normal=[], normal_concat=[2], reduce=[])", /missing reduce_concat/, ')', 49],
    ['duplicate field', 'Genotype(normal=[], normal=[])', /normal given twice/, 'normal', 21],
    ['wrong callee', 'Genome(normal=[])', /expected 'Genotype'/, 'Genome', 1],
    ['empty range', "Genotype(normal=[('a', 0), ('b', 1)], normal_concat=range(6, 2))", /empty range/, 'range(6, 2)', 53],
  ];
  it.each(cases)('%s', (_, text, reason, token, column) => {
    const e = parseError(() => pythonFormat.parse(text));
    expect(e.reason).toMatch(reason);
    expect(e.token).toBe(token);
    expect(e.position).toMatchObject({ line: 1, column });
    expect(e.message).toContain(`column ${column}`);
  });

  it('points at the tuple or concat entry that is not a valid architecture', () => {
    const bad = DARTS_V2_STRING.replace("('dil_conv_3x3', 2)", "('dil_conv_3x3', 5)");
    const e = parseError(() => pythonFormat.parse(bad));
    expect(e.reason).toBe('input 5 is not a state before node 5');
    expect(e.token).toBe("('dil_conv_3x3', 5)");
    expect(e.position.offset).toBe(bad.indexOf("('dil_conv_3x3', 5)"));

    const concat = parseError(() => pythonFormat.parse(DARTS_V2_STRING.replace('reduce_concat=[2, 3, 4, 5]', 'reduce_concat=[2, 3, 9]')));
    expect(concat.token).toBe('9');
    const empty = parseError(() => pythonFormat.parse(DARTS_V2_STRING.replace('normal_concat=[2, 3, 4, 5]', 'normal_concat=[ ]')));
    expect([empty.reason, empty.token]).toEqual(['the cell output concatenates no state', '[ ]']);
  });

  it('reports the line and column on multi-line text', () => {
    const e = parseError(() => pythonFormat.parse("Genotype(\n  normal=[('a', 0),\n    ('b', 1] )"));
    expect(e.position).toMatchObject({ line: 3, column: 12 });
    expect(e.token).toBe(']');
  });

  it('rejects a cell mixing 2- and 3-tuples', () => {
    const e = parseError(() => pythonFormat.parse("Genotype(normal=[('a', 2, 0), ('b', 1)])"));
    expect(e.reason).toMatch(/all have 2 or all have 3/);
    expect(e.token).toBe("('b', 1)");
  });

  it('is a GenotypeError, so callers can catch every genotype problem at once', () => {
    expect(parseError(() => parseGenotypeAuto('garbage'))).toBeInstanceOf(GenotypeError);
  });
});

describe('format registry', () => {
  it('detects formats, falling back to python', () => {
    expect(detectGenotypeFormat(DARTS_V2_STRING).id).toBe('python');
    expect(detectGenotypeFormat('(normal=[])').id).toBe('python');
    expect(detectGenotypeFormat('|nor_conv_3x3~0|').id).toBe('python');
  });

  it('names the known formats for an unknown id', () => {
    expect(() => getGenotypeFormat('nb201')).toThrow(/json, fairdarts, python/);
  });

  it('parses what it prints for every format and a hand-made explicit genotype', () => {
    const g: Genotype = {
      normal: [{ op: 'skip_connect', input: 1, node: 3 }],
      normalConcat: [2, 3],
      reduce: [{ op: 'max_pool_3x3', input: 0 }, { op: 'max_pool_3x3', input: 1 }],
      reduceConcat: [2],
    };
    for (const f of genotypeFormats) expect(f.parse(f.print(g)), f.id).toEqual(g);
  });
});
