import { join } from 'node:path';
import { app, BrowserWindow, session } from 'electron';
import { feedUpdates, registerApiHandler } from './api-handler';
import { dbFlag } from './db-flag';
import { openHost } from './host';
import { createMainWindow } from './main-window';
import { isRendererUrl, rendererLocation } from './renderer-location';
import { utilityWorker } from './runs/utility-worker';
import { saveWithDialog } from './save-dialog';
import { confineWebContents, denyAllPermissions } from './security';
import { defaultDbPath } from './store';

// Electron entry: wiring only. The host logic lives in modules the Node host shares.

// Sandbox every renderer, including any a future change forgets to configure.
app.enableSandbox();

const location = rendererLocation();
const isAppUrl = (url: string): boolean => isRendererUrl(location, url);

app.on('web-contents-created', (_event, contents) => confineWebContents(contents, isAppUrl));

void app.whenReady().then(() => {
  denyAllPermissions(session.defaultSession);
  const host = openHost({
    dbPath: dbFlag(process.argv) ?? defaultDbPath({ userData: app.getPath('userData') }),
    // The worker bundle electron-vite builds beside this file.
    spawn: utilityWorker(join(import.meta.dirname, 'worker.js')),
    transport: 'electron',
    saveAs: saveWithDialog,
  });
  registerApiHandler(host.service, isAppUrl);
  const open = () => feedUpdates(host.service, createMainWindow(location).webContents);
  open();
  // macOS keeps the app alive without windows; clicking the dock icon reopens one.
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) open();
  });
  // Searches stop at quit and show as interrupted (resumable) at the next start.
  let closing = false;
  app.on('will-quit', (event) => {
    if (closing) return;
    closing = true;
    event.preventDefault();
    void host.close().finally(() => app.quit());
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
