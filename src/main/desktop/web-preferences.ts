import type { WebPreferences } from 'electron';

/**
 * The main window's renderer: sandboxed, isolated from the preload's world, no Node, web
 * security on. The page reaches the host only through the preload bridge.
 */
export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    sandbox: true,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
  };
}
