// The page's Content Security Policy (a <meta> tag electron-vite writes into index.html, so the
// desktop window and the browser host both get it). The renderer talks to the host only through
// the preload bridge or its own origin's WebSocket: no network elsewhere, no inline code, no eval.

export const CSP_BUILD = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');

/**
 * `electron-vite dev` only: Vite's HMR client injects an inline React Refresh preamble and
 * <style> tags, and opens a WebSocket back to the dev server.
 */
export const CSP_DEV = CSP_BUILD.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
  .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
  .replace("connect-src 'self'", "connect-src 'self' ws://localhost:*");
