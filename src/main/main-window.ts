import { BrowserWindow } from 'electron';
import { join } from 'node:path';
import { PRODUCT_NAME } from '../shared/product';
import type { RendererLocation } from './renderer-location';

export function createMainWindow(location: RendererLocation): BrowserWindow {
  const window = new BrowserWindow({
    title: PRODUCT_NAME,
    // out/main/ → the repository's resources/ (Windows and Linux show it; macOS uses the bundle's).
    icon: join(import.meta.dirname, '../../resources/icon.png'),
    width: 1280,
    height: 800,
    show: false,
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    },
  });
  // Showing only once painted avoids a blank white flash on start.
  window.once('ready-to-show', () => window.show());
  if (location.kind === 'dev-server') void window.loadURL(location.url.href);
  else void window.loadFile(location.path);
  return window;
}
