import { existsSync, readFileSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { DatasetError } from './errors';

/**
 * A data root the user named. Missing and not-a-folder get one message: over the API, telling them
 * apart would let a client probe which paths exist on the host.
 */
export function requireDirectory(path: string): void {
  if (!statSync(path, { throwIfNoEntry: false })?.isDirectory()) throw new DatasetError(path, 'is not a folder (or does not exist)');
}

export function readDataFile(path: string): Uint8Array {
  if (!existsSync(path)) throw new DatasetError(path, 'file does not exist');
  if (statSync(path).isDirectory()) throw new DatasetError(path, 'is a folder, not a data file');
  try {
    return plain(readFileSync(path));
  } catch (e) {
    throw new DatasetError(path, `cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/** A plain Uint8Array view: Buffer's slice() would share memory where Uint8Array's copies. */
function plain(b: Buffer): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/** Reads a file, inflating it when it starts with the gzip magic bytes 1f 8b. */
export function readMaybeGzip(path: string): Uint8Array {
  const raw = readDataFile(path);
  if (raw.length < 2 || raw[0] !== 0x1f || raw[1] !== 0x8b) return raw;
  try {
    return plain(gunzipSync(raw));
  } catch (e) {
    throw new DatasetError(path, `gzip data is corrupt (${(e as Error).message})`);
  }
}
