import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEBIAN_CHROMIUM, findChromium } from '../../e2e/browser';

const PLAYWRIGHTS = '/home/u/.cache/ms-playwright/chromium-1/chrome';
const choose = (env: NodeJS.ProcessEnv, present: string[]) => findChromium(env, (f) => present.includes(f), () => PLAYWRIGHTS).path;

describe('the e2e browser', () => {
  it("prefers Debian's Chromium, then Playwright's own", () => {
    expect(choose({}, [DEBIAN_CHROMIUM, PLAYWRIGHTS])).toBe(DEBIAN_CHROMIUM);
    expect(choose({}, [PLAYWRIGHTS])).toBe(PLAYWRIGHTS);
    expect(choose({}, [])).toBeNull();
  });

  it('takes CHROMIUM_PATH alone when given, without falling back', () => {
    expect(choose({ CHROMIUM_PATH: '/opt/c' }, ['/opt/c', DEBIAN_CHROMIUM])).toBe('/opt/c');
    expect(choose({ CHROMIUM_PATH: '/opt/c' }, [DEBIAN_CHROMIUM])).toBeNull();
  });

  it('the pre-check stops with one line naming what to do when no browser can be used', async () => {
    const tsx = fileURLToPath(new URL('../../node_modules/tsx/dist/cli.mjs', import.meta.url));
    const script = fileURLToPath(new URL('../../e2e/ensure-browser.ts', import.meta.url));
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) =>
      execFile(process.execPath, [tsx, script], { env: { ...process.env, CHROMIUM_PATH: '/nonexistent/chromium' }, timeout: 60_000 }, (error, _stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stderr }),
      ),
    );
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^e2e: CHROMIUM_PATH=\/nonexistent\/chromium does not exist/)]);
  });
});
