// Deep links from the OS: `nas-studio://run/<id>` opens that run. They arrive as a URL (macOS
// 'open-url') or as a command-line argument (Windows and Linux start a second instance with
// it), and are untrusted text: only a well-formed run id gets through, as a route of the UI.

export const DEEP_LINK_SCHEME = 'nas-studio';

const RUN_LINK = /^nas-studio:\/\/run\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/?$/i;

/** The UI's hash route (src/renderer/src/router.ts) for a deep link, or null when it is not one we open. */
export function deepLinkRoute(url: string): string | null {
  const m = RUN_LINK.exec(url.trim());
  return m ? `/run/${m[1].toLowerCase()}` : null;
}

/** The first deep link among command-line arguments. */
export function deepLinkInArgv(argv: readonly string[]): string | null {
  for (const arg of argv) {
    const route = deepLinkRoute(arg);
    if (route) return route;
  }
  return null;
}
