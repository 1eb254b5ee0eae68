import { app, BrowserWindow, session } from 'electron';
import { registerApiHandler } from './api-handler';
import { createMainWindow } from './main-window';
import { isRendererUrl, rendererLocation } from './renderer-location';
import { confineWebContents, denyAllPermissions } from './security';

// Electron entry: wiring only. The host logic lives in modules the Node host shares.

// Sandbox every renderer, including any a future change forgets to configure.
app.enableSandbox();

const location = rendererLocation();
const isAppUrl = (url: string): boolean => isRendererUrl(location, url);

app.on('web-contents-created', (_event, contents) => confineWebContents(contents, isAppUrl));

void app.whenReady().then(() => {
  denyAllPermissions(session.defaultSession);
  registerApiHandler(isAppUrl);
  createMainWindow(location);
  // macOS keeps the app alive without windows; clicking the dock icon reopens one.
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow(location);
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
