import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Where the UI is served from: Vite's dev server, or the built index.html. */
export type RendererLocation = { kind: 'dev-server'; url: URL } | { kind: 'file'; path: string; url: URL };

/** `isPackaged`: Electron's app.isPackaged (passed in, so this module runs in plain Node tests). */
export function rendererLocation(isPackaged: boolean, env: NodeJS.ProcessEnv = process.env): RendererLocation {
  // `electron-vite dev` sets this; a packaged app must never load from an env-given URL.
  const devUrl = env['ELECTRON_RENDERER_URL'];
  if (!isPackaged && devUrl) return { kind: 'dev-server', url: new URL(devUrl) };
  const path = join(import.meta.dirname, '../renderer/index.html');
  return { kind: 'file', path, url: pathToFileURL(path) };
}

/** True only for URLs of our own UI: same dev-server origin, or the very index.html file. */
export function isRendererUrl(location: RendererLocation, candidate: string): boolean {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return false;
  }
  if (location.kind === 'dev-server') return url.origin === location.url.origin;
  return url.protocol === 'file:' && url.pathname === location.url.pathname;
}
