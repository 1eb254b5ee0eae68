import { ZodError } from 'zod';

/** Bad command-line input (flags, files, file contents): exit code 2, as is customary. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const EXIT_OK = 0;
export const EXIT_RUNTIME = 1;
export const EXIT_USAGE = 2;
/** 128 + SIGINT, what a shell reports for a job stopped with Ctrl-C. */
export const EXIT_INTERRUPTED = 130;

/** `['model', 'channels']` → `model.channels`; `['normal', 3]` → `normal[3]`. */
function issuePath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
}

/** One line per problem, joined: zod issues as `field.path: message`, other errors by their message. */
export function errorMessage(error: unknown): string {
  if (error instanceof ZodError) {
    return error.issues.map((i) => (i.path.length > 0 ? `${issuePath(i.path)}: ${i.message}` : i.message)).join('; ');
  }
  return error instanceof Error ? error.message : String(error);
}

/** Re-throws `error` as a usage error about `source` (a file or flag), keeping its message. */
export function blame(source: string, error: unknown): never {
  throw new UsageError(`${source}: ${errorMessage(error)}`);
}

/** `get()`, its error turned into a usage error about `source`: for looking up user-given ids. */
export function lookup<T>(source: string, get: () => T): T {
  try {
    return get();
  } catch (e) {
    blame(source, e);
  }
}
