import type { MenuItemConstructorOptions } from 'electron';

// The native menus, as data: Electron's standard roles, so copy/paste, zoom, full screen, window
// handling and quit behave as in any desktop app (each role brings its platform's items and
// shortcuts; macOS also gets its app menu).

export function menuTemplate(platform: NodeJS.Platform): MenuItemConstructorOptions[] {
  return [
    ...(platform === 'darwin' ? [{ role: 'appMenu' } as const] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ role: 'about' }] },
  ];
}
