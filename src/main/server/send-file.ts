import { createReadStream, realpathSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { isInside } from '../store';

/** Errors that mean "no such file here" for a path built from a request (file used as a folder, overlong name, link loop). */
const NOT_THERE = new Set(['ENOENT', 'ENOTDIR', 'ENAMETOOLONG', 'ELOOP', 'EINVAL']);

/**
 * The regular file `file` names, if it really lies inside `root`: symbolic links are resolved on
 * both sides first, so a link inside the folder cannot reach a file outside it. Null otherwise.
 */
export function regularFileInside(root: string, file: string): { path: string; size: number } | null {
  try {
    const real = realpathSync(file);
    if (!isInside(realpathSync(root), real)) return null;
    const stat = statSync(real);
    return stat.isFile() ? { path: real, size: stat.size } : null;
  } catch (e) {
    if (NOT_THERE.has((e as NodeJS.ErrnoException).code ?? '')) return null;
    throw e;
  }
}

/** Streams a file as the response; a read error mid-way (file removed) aborts that response only. */
export function sendFile(res: ServerResponse, file: { path: string; size: number }, headers: Record<string, string>, onClose?: () => void): void {
  res.writeHead(200, { ...headers, 'content-length': file.size });
  const stream = createReadStream(file.path);
  stream.on('error', () => res.destroy());
  if (onClose) stream.on('close', onClose);
  stream.pipe(res);
}
