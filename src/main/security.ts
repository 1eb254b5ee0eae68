import type { Session, WebContents } from 'electron';
import { PAPER_HOSTS } from '../shared/papers';

// The renderer shows our own UI only. Anything that would take it elsewhere (links,
// redirects, popups, <webview>) is refused here, so a compromised or confused page
// cannot load remote content into a window that holds the preload bridge.

export function confineWebContents(contents: WebContents, isAppUrl: (url: string) => boolean, openExternal: (url: string) => void = () => undefined): void {
  const stayInApp = (event: { url: string; preventDefault(): void }): void => {
    if (!isAppUrl(event.url)) event.preventDefault();
  };
  contents.on('will-frame-navigate', stayInApp);
  contents.on('will-redirect', stayInApp);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // No window opens; Help's paper links (https on arXiv or doi.org only) go to the system browser instead.
  contents.setWindowOpenHandler(({ url }) => {
    if (isPaperUrl(url)) openExternal(url);
    return { action: 'deny' };
  });
}

/** An https address on one of the paper sites (no credentials, no other port). */
export function isPaperUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && PAPER_HOSTS.includes(u.hostname) && !u.username && !u.password && !u.port;
  } catch {
    return false;
  }
}

/** The UI needs no camera, notifications, geolocation or the like: refuse them all. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
