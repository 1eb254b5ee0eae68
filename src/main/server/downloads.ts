import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RunStore } from '../store';
import { artifactFileName } from '../exports/artifact-name';
import { StoreError } from '../store';
import { plain } from './static-files';

const RUN_EXPORT = /^\/download\/runs\/([0-9a-f-]{36})\/run\.nasrun$/i;
const ARTIFACT = /^\/download\/runs\/([0-9a-f-]{36})\/artifacts\/(\d{1,15})$/i;

const TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.onnx': 'application/octet-stream',
  '.bin': 'application/octet-stream',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.html': 'text/html; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.py': 'text/x-python; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.zip': 'application/zip',
};

/** A file a run recorded as an artifact, if it is still there and inside the run's own folder. */
function serveArtifact(store: RunStore, id: string, artifactId: number, res: ServerResponse): void {
  let file: string | undefined;
  let name = '';
  try {
    const run = store.runDetail(id);
    const a = run.artifacts.find((x) => x.id === artifactId);
    const inside = a && path.resolve(a.path).startsWith(path.resolve(run.dir) + path.sep);
    file = inside ? a.path : undefined;
    if (file) name = artifactFileName(run, file);
  } catch (e) {
    if (!(e instanceof StoreError && e.code === 'not-found')) throw e;
  }
  const stat = file ? statSync(file, { throwIfNoEntry: false }) : undefined;
  if (!file || !stat?.isFile()) return plain(res, 404, 'no such artifact');
  res.writeHead(200, {
    // HTML reports download rather than render on this origin: they are files to keep, not pages of the app.
    'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'content-length': stat.size,
    'content-disposition': `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"`,
  });
  createReadStream(file).pipe(res);
}

/**
 * Files too big for a WebSocket answer: a run as one portable file (what `importRun` reads on
 * another machine), and the files its exports wrote. Returns false when the path is not a download.
 */
export function serveDownload(store: RunStore, urlPath: string, res: ServerResponse): boolean {
  const artifact = ARTIFACT.exec(urlPath);
  if (artifact) {
    serveArtifact(store, artifact[1].toLowerCase(), Number(artifact[2]), res);
    return true;
  }
  const m = RUN_EXPORT.exec(urlPath);
  if (!m) return false;
  const id = m[1].toLowerCase();
  const dir = mkdtempSync(path.join(tmpdir(), 'nas-studio-export-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  try {
    const file = path.join(dir, 'run.nasrun');
    store.exportRun(id, file);
    res.writeHead(200, {
      'content-type': 'application/x-ndjson',
      'content-length': statSync(file).size,
      'content-disposition': `attachment; filename="run-${id.slice(0, 8)}.nasrun"`,
    });
    createReadStream(file).on('close', cleanup).pipe(res);
  } catch (e) {
    cleanup();
    if (e instanceof StoreError && e.code === 'not-found') plain(res, 404, e.message);
    else plain(res, 500, e instanceof Error ? e.message : String(e));
  }
  return true;
}
