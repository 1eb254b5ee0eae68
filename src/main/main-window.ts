import { BrowserWindow, screen } from 'electron';
import { join } from 'node:path';
import { PRODUCT_NAME } from '../shared/product';
import { secureWebPreferences } from './desktop/web-preferences';
import { initialWindow, MIN_SIZE, readWindowState, writeWindowState } from './desktop/window-state';
import type { RendererLocation } from './renderer-location';

/** `stateFile`: where the window's size and position are remembered; `route`: a UI route to open at (a deep link). */
export function createMainWindow(location: RendererLocation, stateFile: string, route: string | null): BrowserWindow {
  const initial = initialWindow(
    readWindowState(stateFile),
    screen.getAllDisplays().map((d) => d.workArea),
  );
  const window = new BrowserWindow({
    title: PRODUCT_NAME,
    // out/main/ → resources/ (Windows and Linux show it; macOS uses the bundle's).
    icon: join(import.meta.dirname, '../../resources/icon.png'),
    ...initial.bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    webPreferences: secureWebPreferences(join(import.meta.dirname, '../preload/index.cjs')),
  });
  if (initial.maximized) window.maximize();
  // Showing only once painted avoids a blank white flash on start.
  window.once('ready-to-show', () => window.show());
  window.on('close', () => {
    try {
      writeWindowState(stateFile, { bounds: window.getNormalBounds(), maximized: window.isMaximized() });
    } catch (e) {
      console.error(`NAS Studio: could not remember the window's position: ${(e as Error).message}`);
    }
  });
  showRoute(window, location, route);
  return window;
}

/** Loads the UI at a hash route; on the page already shown, only its route changes (no reload). */
export function showRoute(window: BrowserWindow, location: RendererLocation, route: string | null): void {
  if (location.kind === 'dev-server') void window.loadURL(route ? new URL(`#${route}`, location.url).href : location.url.href);
  else void window.loadFile(location.path, route ? { hash: route } : {});
}
