import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';

/** Whether `p` (resolved) lies strictly inside folder `dir`. */
export function isInside(dir: string, p: string): boolean {
  const rel = path.relative(path.resolve(dir), path.resolve(p));
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** Paths inside the run folder are kept relative ('/'-separated), so an exported run stays meaningful elsewhere. */
export function toStoredPath(runDir: string, p: string): string {
  const abs = path.resolve(runDir, p);
  return isInside(runDir, abs) ? path.relative(runDir, abs).split(path.sep).join('/') : abs;
}

export function fromStoredPath(runDir: string, stored: string): string {
  return path.resolve(runDir, stored);
}

/** SHA-256 of a regular file; null when it is missing or not a file (a folder artifact). */
export function sha256File(p: string): string | null {
  try {
    if (!statSync(p).isFile()) return null;
  } catch {
    return null;
  }
  const hash = createHash('sha256');
  const buf = Buffer.allocUnsafe(1 << 20);
  const fd = openSync(p, 'r');
  try {
    for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0; ) hash.update(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}
