/** Reading, writing and comparing nested plain-object configs by key path. */
export type Path = ReadonlyArray<string | number>;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function getPath(root: unknown, path: Path): unknown {
  let cur: unknown = root;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Obj)[key as string];
  }
  return cur;
}

/** A copy of `root` with `value` at `path` (objects created on the way); `undefined` removes the key and any parent it leaves empty. */
export function setPath<T>(root: T, path: Path, value: unknown): T {
  if (path.length === 0) return value as T;
  const [head, ...rest] = path;
  if (Array.isArray(root)) {
    const copy = [...root];
    copy[head as number] = setPath(copy[head as number], rest, value);
    return copy as T;
  }
  const base: Obj = isObj(root) ? { ...root } : {};
  const next = setPath(base[head as string], rest, value);
  if (next === undefined || (isObj(next) && Object.keys(next).length === 0 && rest.length > 0)) delete base[head as string];
  else base[head as string] = next;
  return base as T;
}

export const pathKey = (path: Path): string => path.join('.');

/** Every leaf (non-object value; arrays count as leaves) as [dotted path, value]. */
export function flatten(root: unknown, prefix: string[] = []): Array<[string, unknown]> {
  if (!isObj(root)) return prefix.length ? [[prefix.join('.'), root]] : [];
  const keys = Object.keys(root).sort();
  if (keys.length === 0 && prefix.length) return [[prefix.join('.'), {}]];
  return keys.flatMap((k) => flatten(root[k], [...prefix, k]));
}

/** Leaves whose values differ across the configs (a missing key counts as a value), in path order. */
export function diffConfigs(configs: unknown[]): Array<{ path: string; values: unknown[] }> {
  const maps = configs.map((c) => new Map(flatten(c)));
  const paths = [...new Set(maps.flatMap((m) => [...m.keys()]))].sort();
  const out: Array<{ path: string; values: unknown[] }> = [];
  for (const path of paths) {
    const values = maps.map((m) => m.get(path));
    const first = JSON.stringify(values[0]);
    if (values.some((v) => JSON.stringify(v) !== first)) out.push({ path, values });
  }
  return out;
}
