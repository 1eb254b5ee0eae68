import type { Session, WebContents } from 'electron';

// The renderer shows our own UI only. Anything that would take it elsewhere (links,
// redirects, popups, <webview>) is refused here, so a compromised or confused page
// cannot load remote content into a window that holds the preload bridge.

export function confineWebContents(contents: WebContents, isAppUrl: (url: string) => boolean): void {
  const stayInApp = (event: { url: string; preventDefault(): void }): void => {
    if (!isAppUrl(event.url)) event.preventDefault();
  };
  contents.on('will-frame-navigate', stayInApp);
  contents.on('will-redirect', stayInApp);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** The UI needs no camera, notifications, geolocation or the like: refuse them all. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
