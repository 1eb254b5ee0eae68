import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { regularFileInside, sendFile } from './send-file';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
};

/** Resolves a URL path inside `root`; null for anything that would leave it. */
export function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const file = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
  return file === root || file.startsWith(root + path.sep) ? file : null;
}

/**
 * The built renderer: files as they are, and index.html for any other path (the app routes on
 * the client). Hashed assets are cached for good; index.html never, so an update shows at once.
 * Only regular files that really lie inside the folder are served (no symbolic link out of it).
 */
export function serveRenderer(root: string, urlPath: string, res: ServerResponse): void {
  const resolved = resolveInside(root, urlPath === '/' ? '/index.html' : urlPath);
  if (!resolved) return void plain(res, 400, 'bad path');
  let file = regularFileInside(root, resolved);
  if (!file) {
    if (path.extname(urlPath)) return void plain(res, 404, 'not found');
    const index = path.join(root, 'index.html');
    file = regularFileInside(root, index);
    if (!file) return void plain(res, 503, `the UI is not built (no ${index}): restart \`nas-studio serve\`, which builds it`);
  }
  const isIndex = path.basename(file.path) === 'index.html';
  sendFile(res, file, {
    'content-type': TYPES[path.extname(file.path)] ?? 'application/octet-stream',
    'cache-control': isIndex ? 'no-store' : 'public, max-age=31536000, immutable',
  });
}

export function plain(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
  res.end(`${message}\n`);
}
