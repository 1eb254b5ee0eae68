import { join } from 'node:path';
import { app, BrowserWindow, Menu, session, shell } from 'electron';
import { feedUpdates, registerApiHandler } from './api-handler';
import { dbFlag } from './db-flag';
import { DEEP_LINK_SCHEME, deepLinkInArgv, deepLinkRoute } from './desktop/deep-link';
import { menuTemplate } from './desktop/menu';
import { openHost } from './host';
import { createMainWindow, showRoute } from './main-window';
import { isRendererUrl, rendererLocation } from './renderer-location';
import { utilityWorker } from './runs/utility-worker';
import { saveWithDialog } from './save-dialog';
import { confineWebContents, denyAllPermissions } from './security';
import { defaultDbPath } from './store';

// Electron entry: wiring only. The host logic lives in modules the Node host shares; the
// desktop's own decisions (deep links, menus, window state) in ./desktop as plain modules.

// Sandbox every renderer, including any a future change forgets to configure.
app.enableSandbox();

const location = rendererLocation(app.isPackaged);
const isAppUrl = (url: string): boolean => isRendererUrl(location, url);

app.on('web-contents-created', (_event, contents) => confineWebContents(contents, isAppUrl, (url) => void shell.openExternal(url)));

// One instance: a second launch (the launcher again, or a nas-studio:// link on Windows and
// Linux) hands its arguments to the first, which shows itself, and quits.
if (!app.requestSingleInstanceLock()) app.quit();
else startApp();

function startApp(): void {
  let mainWindow: BrowserWindow | null = null;
  // A deep link that arrived before the window could show it.
  let pending: string | null = deepLinkInArgv(process.argv);
  let openWindow: (() => void) | null = null;

  const reveal = (route: string | null) => {
    if (!mainWindow || mainWindow.isDestroyed()) {
      pending = route ?? pending;
      openWindow?.();
      return;
    }
    if (route) showRoute(mainWindow, location, route);
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  };
  app.on('second-instance', (_event, argv) => reveal(deepLinkInArgv(argv)));
  // macOS delivers links as an event, possibly before 'ready'.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    reveal(deepLinkRoute(url));
  });
  // An installed app claims the scheme (the Linux packages also declare it in their .desktop
  // file); a development checkout leaves the OS's handler alone.
  if (app.isPackaged) app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);

  void app.whenReady().then(() => {
    denyAllPermissions(session.defaultSession);
    Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(process.platform)));
    const userData = app.getPath('userData');
    const host = openHost({
      dbPath: dbFlag(process.argv) ?? defaultDbPath({ userData }),
      // The worker bundle electron-vite builds beside this file.
      spawn: utilityWorker(join(import.meta.dirname, 'worker.js')),
      transport: 'electron',
      saveAs: saveWithDialog,
    });
    registerApiHandler(host.service, isAppUrl);
    openWindow = () => {
      mainWindow = createMainWindow(location, join(userData, 'window-state.json'), pending);
      pending = null;
      feedUpdates(host.service, mainWindow.webContents);
    };
    openWindow();
    // macOS keeps the app alive without windows; clicking the dock icon reopens one.
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openWindow?.();
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
}
