import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

// The browser the e2e suite drives: CHROMIUM_PATH when given, else Debian's Chromium (what CI
// installs with apt), else Playwright's own download. One lookup for the config and the check.

export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

export interface BrowserChoice {
  path: string | null;
  /** Where it looked, for the message when it found nothing. */
  tried: string[];
}

export function findChromium(env: NodeJS.ProcessEnv = process.env, exists: (file: string) => boolean = existsSync, playwrights: () => string = () => chromium.executablePath()): BrowserChoice {
  // An explicit choice is the only one tried: a wrong CHROMIUM_PATH must not quietly fall back.
  const candidates = env.CHROMIUM_PATH ? [env.CHROMIUM_PATH] : [DEBIAN_CHROMIUM, playwrights()];
  return { path: candidates.find((file) => exists(file)) ?? null, tried: candidates };
}
