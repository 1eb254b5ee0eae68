import type { z } from 'zod';
import { genotypeJsonSchema } from '../../../shared/search-events-schema';
import { GenotypeError, GenotypeParseError, positionAt } from '../errors';
import { compactCell } from '../model';
import type { Genotype, GenotypeEdge } from '../model';
import { checkGenotypeText, formatIssue, formatPath, genotypeIssues } from '../validate';
import type { GenotypeFormat } from './format';

// The JSON shape is defined once, with the engine's event schemas (src/shared).
export { genotypeJsonSchema };

export type GenotypeJson = z.infer<typeof genotypeJsonSchema>;
type EdgeJson = GenotypeJson['normal'][number];

const JSON_KEYS: Record<string, string> = { normalConcat: 'normal_concat', reduceConcat: 'reduce_concat' };

function edgeToJson({ op, input, node, attention }: GenotypeEdge): EdgeJson {
  if (attention === undefined) return node === undefined ? [op, input] : [op, input, node];
  return node === undefined ? [op, input, attention] : [op, input, node, attention];
}

function edgeFromJson([op, input, third, fourth]: EdgeJson): GenotypeEdge {
  const node = typeof third === 'number' ? third : undefined;
  const attention = typeof third === 'string' ? third : fourth;
  return { op, input, ...(node !== undefined && { node }), ...(attention !== undefined && { attention }) };
}

export function genotypeToJson(g: Genotype): GenotypeJson {
  const pair = {
    normal: compactCell(g.normal).map(edgeToJson),
    normal_concat: [...g.normalConcat],
    reduce: compactCell(g.reduce).map(edgeToJson),
    reduce_concat: [...g.reduceConcat],
  };
  const ops = g.ops && { op_options: { ...g.ops } };
  if (!g.cells) return { ...pair, ...ops };
  return { ...pair, cells: g.cells.map((c) => ({ reduce: c.reduce, edges: compactCell(c.edges).map(edgeToJson), concat: [...c.concat] })), ...ops };
}

/** Validates a parsed JSON value (shape, then architecture) and converts it to the model. */
export function genotypeFromJson(value: unknown): Genotype {
  const shape = genotypeJsonSchema.safeParse(value);
  if (!shape.success) {
    const issues = shape.error.issues.map((i) => `${formatPath(i.path) || '(root)'}: ${i.message}`);
    throw new GenotypeError(`invalid genotype JSON: ${issues.join('; ')}`);
  }
  const j = shape.data;
  const g: Genotype = {
    normal: j.normal.map(edgeFromJson),
    normalConcat: j.normal_concat,
    reduce: j.reduce.map(edgeFromJson),
    reduceConcat: j.reduce_concat,
    ...(j.cells && { cells: j.cells.map((c) => ({ reduce: c.reduce, edges: c.edges.map(edgeFromJson), concat: c.concat })) }),
    ...(j.op_options && { ops: { ...j.op_options } }),
  };
  const issues = genotypeIssues(g).map((i) => formatIssue({ ...i, path: [JSON_KEYS[i.path[0]] ?? i.path[0], ...i.path.slice(1)] }));
  if (issues.length > 0) throw new GenotypeError(`invalid genotype: ${issues.join('; ')}`);
  const cells = g.cells?.map((c) => ({ ...c, edges: compactCell(c.edges) }));
  return { ...g, normal: compactCell(g.normal), reduce: compactCell(g.reduce), ...(cells && { cells }) };
}

function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    // V8 gives a position for most syntax errors; its other messages quote the bad token instead.
    const at = /^(.*) in JSON at position (\d+)/.exec(message);
    const offset = at ? Number(at[2]) : /end of JSON input/.test(message) ? text.length : -1;
    if (offset < 0) throw new GenotypeError(`invalid JSON: ${message}`);
    throw new GenotypeParseError(`invalid JSON: ${at?.[1] ?? message}`, positionAt(text, offset), text.slice(offset, offset + 1));
  }
}

export const jsonFormat: GenotypeFormat = {
  id: 'json',
  title: 'JSON',
  sniff: (text) => text.trimStart().startsWith('{'),
  parse: (text) => (checkGenotypeText(text), genotypeFromJson(parseJsonText(text))),
  print: (g) => JSON.stringify(genotypeToJson(g)),
};
