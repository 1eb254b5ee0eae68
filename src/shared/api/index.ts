// The contract between the UI and its host, defined once: Electron's main process (behind the
// preload bridge) and the browser host (`nas-studio serve`, over WebSocket) serve the same methods,
// and the renderer calls them through one ApiClient.
export * from './catalog';
export * from './client';
export * from './errors';
export * from './host';
export * from './methods';
export * from './updates';
export * from './wire';
export * from './ws-transport';

/** The IPC channels of the preload bridge: requests (invoke) and run updates (main → page). */
export const API_CHANNEL = 'nas-studio:api';
export const UPDATE_CHANNEL = 'nas-studio:update';
