import { EventEmitter } from 'node:events';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Session, WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import { CSP_BUILD } from '../../../src/main/content-security-policy';
import { secureWebPreferences } from '../../../src/main/desktop/web-preferences';
import { isRendererUrl, rendererLocation } from '../../../src/main/renderer-location';
import { confineWebContents, denyAllPermissions } from '../../../src/main/security';

// The Electron security settings as plain modules, driven with stand-ins for WebContents and
// Session (no Electron binary can run here): what the real objects would be told to do.

class FakeContents extends EventEmitter {
  openHandler: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.openHandler = handler;
  }
  /** Emits a cancellable event as Electron does; true when a handler prevented it. */
  attempt(event: string, url: string): boolean {
    let prevented = false;
    this.emit(event, { url, preventDefault: () => (prevented = true) });
    return prevented;
  }
}

const location = rendererLocation(true, { ELECTRON_RENDERER_URL: 'http://localhost:5173' });
const appUrl = location.url.href;

function confined() {
  const contents = new FakeContents();
  confineWebContents(contents as unknown as WebContents, (url) => isRendererUrl(location, url));
  return contents;
}

describe('renderer confinement', () => {
  it('a packaged app ignores ELECTRON_RENDERER_URL and loads its own index.html', () => {
    expect(location.kind).toBe('file');
    expect(rendererLocation(false, { ELECTRON_RENDERER_URL: 'http://localhost:5173' }).kind).toBe('dev-server');
  });

  it('allows navigation within the UI (hash routes) and refuses any other page', () => {
    const contents = confined();
    expect(contents.attempt('will-frame-navigate', `${appUrl}#/run/x`)).toBe(false);
    for (const url of ['https://example.com/', pathToFileURL(path.resolve('/etc/passwd')).href, 'http://localhost:5173/', 'javascript:alert(1)', 'not a url']) {
      expect(contents.attempt('will-frame-navigate', url), url).toBe(true);
      expect(contents.attempt('will-redirect', url), url).toBe(true);
    }
  });

  it('refuses <webview> and every popup', () => {
    const contents = confined();
    expect(contents.attempt('will-attach-webview', appUrl)).toBe(true);
    expect(contents.openHandler?.({ url: appUrl })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
  });

  it("opens Help's paper links (https on arXiv or doi.org) in the system browser, and nothing else", () => {
    const opened: string[] = [];
    const contents = new FakeContents();
    confineWebContents(contents as unknown as WebContents, (url) => isRendererUrl(location, url), (url) => opened.push(url));
    for (const url of ['https://arxiv.org/abs/1806.09055', 'https://doi.org/10.32604/cmc.2023.047489']) expect(contents.openHandler?.({ url })).toEqual({ action: 'deny' });
    for (const url of ['http://arxiv.org/abs/1806.09055', 'https://arxiv.org.evil.com/abs/1', 'https://user@arxiv.org/', 'https://arxiv.org:8443/', 'https://example.com/', 'file:///etc/passwd', appUrl, 'not a url']) {
      expect(contents.openHandler?.({ url }), url).toEqual({ action: 'deny' });
    }
    expect(opened).toEqual(['https://arxiv.org/abs/1806.09055', 'https://doi.org/10.32604/cmc.2023.047489']);
  });

  it('refuses every permission request and check', () => {
    let request: ((c: unknown, p: string, cb: (granted: boolean) => void) => void) | undefined;
    let check: ((...args: unknown[]) => boolean) | undefined;
    const session = { setPermissionRequestHandler: (h: typeof request) => (request = h), setPermissionCheckHandler: (h: typeof check) => (check = h) };
    denyAllPermissions(session as unknown as Session);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      let granted: boolean | undefined;
      request!(null, permission, (g) => (granted = g));
      expect(granted, permission).toBe(false);
      expect(check!(null, permission)).toBe(false);
    }
  });
});

describe('window and page settings', () => {
  it('the window is sandboxed and isolated, without Node', () => {
    expect(secureWebPreferences('/p/index.cjs')).toMatchObject({ preload: '/p/index.cjs', sandbox: true, contextIsolation: true, nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false, webSecurity: true, allowRunningInsecureContent: false, webviewTag: false });
  });

  it('the built page’s CSP allows only its own scripts, no inline code, eval, plug-ins or other origins', () => {
    const directives = new Map(CSP_BUILD.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(CSP_BUILD).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  });
});
