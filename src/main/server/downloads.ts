import { mkdtempSync, rmSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { artifactFileName } from '../exports/artifact-name';
import type { RunStore } from '../store';
import { regularFileInside, sendFile } from './send-file';
import { plain } from './static-files';

const PREFIX = '/download/';
const RUN_ID = '([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})';
const RUN_EXPORT = new RegExp(`^/download/runs/${RUN_ID}/run\\.nasrun$`, 'i');
const ARTIFACT = new RegExp(`^/download/runs/${RUN_ID}/artifacts/(\\d{1,15})$`, 'i');

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
};

/** A file a run recorded as an artifact, if it is still there and really inside the run's own folder. */
function serveArtifact(store: RunStore, id: string, artifactId: number, res: ServerResponse): void {
  const run = store.runDetail(id);
  const a = run.artifacts.find((x) => x.id === artifactId);
  const file = a ? regularFileInside(run.dir, a.path) : null;
  if (!a || !file) return plain(res, 404, 'no such artifact');
  sendFile(res, file, {
    // HTML reports download rather than render on this origin: they are files to keep, not pages of the app.
    'content-type': TYPES[path.extname(file.path)] ?? 'application/octet-stream',
    'content-disposition': `attachment; filename="${artifactFileName(run, a.path).replace(/[^\w.-]/g, '_')}"`,
  });
}

/** A run as one portable file (what `importRun` reads on another machine), written to a temporary folder and streamed. */
function serveRunFile(store: RunStore, id: string, res: ServerResponse): void {
  const dir = mkdtempSync(path.join(tmpdir(), 'nas-studio-export-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  try {
    const file = path.join(dir, 'run.nasrun');
    store.exportRun(id, file);
    sendFile(res, regularFileInside(dir, file)!, { 'content-type': 'application/x-ndjson', 'content-disposition': `attachment; filename="run-${id.slice(0, 8)}.nasrun"` }, cleanup);
  } catch (e) {
    cleanup();
    throw e;
  }
}

/**
 * Files too big for a WebSocket answer: a run's portable file and the files its exports wrote.
 * Returns false when the path is not under /download/; any other path there is a 404.
 */
export function serveDownload(store: RunStore, urlPath: string, res: ServerResponse): boolean {
  if (!urlPath.startsWith(PREFIX)) return false;
  const artifact = ARTIFACT.exec(urlPath);
  const runFile = RUN_EXPORT.exec(urlPath);
  if (artifact) serveArtifact(store, artifact[1].toLowerCase(), Number(artifact[2]), res);
  else if (runFile) serveRunFile(store, runFile[1].toLowerCase(), res);
  else plain(res, 404, 'no such download');
  return true;
}
