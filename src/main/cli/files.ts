import { readFile, stat } from 'node:fs/promises';
import { UsageError } from './errors';

/** What a path is, or null when nothing is there. */
async function kind(path: string): Promise<'file' | 'dir' | 'other' | null> {
  try {
    const s = await stat(path);
    return s.isFile() ? 'file' : s.isDirectory() ? 'dir' : 'other';
  } catch {
    return null;
  }
}

export async function isFile(path: string): Promise<boolean> {
  return (await kind(path)) === 'file';
}

export async function isDir(path: string): Promise<boolean> {
  return (await kind(path)) === 'dir';
}

/** `path` when it is an existing file, else a usage error naming `source` (the flag that gave it). */
export async function requireFile(path: string, source: string): Promise<string> {
  const k = await kind(path);
  if (k === 'file') return path;
  throw new UsageError(`${source} ${path}: ${k === null ? 'no such file' : 'not a file'}`);
}

export async function requireDir(path: string, source: string): Promise<string> {
  const k = await kind(path);
  if (k === 'dir') return path;
  throw new UsageError(`${source} ${path}: ${k === null ? 'no such directory' : 'not a directory'}`);
}

export async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    throw new UsageError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

export async function readJson(path: string): Promise<unknown> {
  const text = await readText(path);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${path}: not valid JSON (${(e as Error).message})`);
  }
}
