import type { JsonSchema } from '../../../shared/api';

// Reading the JSON Schemas the catalog serves (zod's toJSONSchema output, draft 2020-12) into
// field descriptions a form can render. Anything this does not recognise is edited as JSON, so an
// unusual new option still appears.

export type FieldKind = 'integer' | 'number' | 'boolean' | 'enum' | 'string' | 'object' | 'json';

export interface FieldSpec {
  key: string;
  kind: FieldKind;
  schema: JsonSchema;
  description?: string;
  default?: unknown;
  required: boolean;
  min?: number;
  max?: number;
  exclusiveMin?: number;
  exclusiveMax?: number;
  options?: string[];
}

const asSchema = (v: unknown): JsonSchema => (typeof v === 'object' && v !== null ? (v as JsonSchema) : {});

/** Follows a local `$ref` (#/$defs/…) against the document root. */
export function resolve(schema: JsonSchema, root: JsonSchema): JsonSchema {
  const ref = schema.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return schema;
  let cur: unknown = root;
  for (const part of ref.slice(2).split('/')) cur = asSchema(cur)[part];
  return { ...asSchema(cur), ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$ref')) };
}

/** Whether a schema is a fixed set of properties (rendered as a group), not a record or a scalar. */
export const hasProperties = (s: JsonSchema): boolean => s.type === 'object' && typeof s.properties === 'object' && s.properties !== null;

export function fieldKind(s: JsonSchema): FieldKind {
  if (Array.isArray(s.enum) && s.enum.every((v) => typeof v === 'string')) return 'enum';
  const variants = (s.anyOf ?? s.oneOf) as JsonSchema[] | undefined;
  if (Array.isArray(variants) && variants.length > 0 && variants.every((v) => 'const' in v && typeof v.const === 'string')) return 'enum';
  switch (s.type) {
    case 'integer':
      return 'integer';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'string':
      return 'string';
    case 'object':
      return hasProperties(s) ? 'object' : 'json';
    default:
      return 'json';
  }
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Math.abs(v) < Number.MAX_SAFE_INTEGER ? v : undefined);

export function describeFields(schema: JsonSchema, root: JsonSchema = schema): FieldSpec[] {
  const s = resolve(schema, root);
  const props = asSchema(s.properties);
  const required = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
  return Object.entries(props).map(([key, raw]) => {
    const f = resolve(asSchema(raw), root);
    const kind = fieldKind(f);
    const variants = (f.anyOf ?? f.oneOf) as JsonSchema[] | undefined;
    return {
      key,
      kind,
      schema: f,
      description: typeof f.description === 'string' ? f.description : undefined,
      default: f.default,
      required: required.has(key),
      min: num(f.minimum),
      max: num(f.maximum),
      exclusiveMin: num(f.exclusiveMinimum),
      exclusiveMax: num(f.exclusiveMaximum),
      options: kind === 'enum' ? ((f.enum as string[] | undefined) ?? variants!.map((v) => v.const as string)) : undefined,
    };
  });
}

/** The schema of a property path inside an object schema, or null. */
export function schemaAt(schema: JsonSchema, path: ReadonlyArray<string | number>, root: JsonSchema = schema): JsonSchema | null {
  let cur: JsonSchema | null = resolve(schema, root);
  for (const key of path) {
    if (!cur) return null;
    if (typeof key === 'number') cur = cur.items ? resolve(asSchema(cur.items), root) : null;
    else if (hasProperties(cur)) cur = asSchema(cur.properties)[key] ? resolve(asSchema(asSchema(cur.properties)[key]), root) : null;
    else if (typeof cur.additionalProperties === 'object') cur = resolve(asSchema(cur.additionalProperties), root);
    else return null;
  }
  return cur;
}

/**
 * Text typed into a field that is not a value ("abc" in a number field). The config keeps its last
 * value, so the form holds the text and its error, counts it as a problem and shows it again when
 * the field comes back, until it is fixed or cleared.
 */
export interface TypedText {
  text: string;
  error: string;
}

/** A key in plain words, for a field whose schema has no title (plug-in options): "trainPortion" → "Train portion". */
export function keyWords(key: string): string {
  const words = key
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** What a field is called: its schema's title, else its key in plain words. */
export const fieldTitle = (key: string, schema: JsonSchema | null): string => (typeof schema?.title === 'string' ? schema.title : keyWords(key));

/** The name of a config field given by its dotted path (as diffConfigs reports it), from the config's schema. */
export const pathTitle = (schema: JsonSchema, dotted: string): string => {
  const path = dotted.split('.');
  return fieldTitle(path[path.length - 1], schemaAt(schema, path));
};

/** A number typed into a field, or a message saying why it is not one (the host re-checks ranges). */
export function parseNumberInput(text: string, kind: 'integer' | 'number'): { value: number } | { error: string } {
  const t = text.trim();
  if (t === '') return { error: 'enter a number' };
  const v = Number(t);
  if (!Number.isFinite(v)) return { error: 'not a number' };
  if (kind === 'integer' && !Number.isInteger(v)) return { error: 'must be a whole number' };
  return { value: v };
}
