import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RunStore } from '../store';
import { StoreError } from '../store';
import { plain } from './static-files';

const RUN_EXPORT = /^\/download\/runs\/([0-9a-f-]{36})\/run\.nasrun$/i;

/**
 * Files too big for a WebSocket answer: a run as one portable file (what `importRun` reads on
 * another machine). Returns false when the path is not a download.
 */
export function serveDownload(store: RunStore, urlPath: string, res: ServerResponse): boolean {
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
