import { describe, expect, it } from 'vitest';
import { hasDisplay, nextStep, type LaunchFacts } from '../../../src/main/launch/plan';

// Every machine `npm start` may meet, as facts: the step it takes next.
const ready: LaunchFacts = {
  ui: 'fresh',
  display: true,
  electron: { state: 'present', path: '/opt/electron/electron' },
  native: { state: 'match' },
  openBrowser: true,
};
const step = (change: Partial<LaunchFacts>) => nextStep({ ...ready, ...change });

describe('launcher decisions', () => {
  it('binary present, ABI matching, display present, build fresh: the desktop window', () => {
    expect(step({})).toMatchObject({ do: 'open-window', electron: '/opt/electron/electron' });
  });

  it('builds the UI first when out/ is missing or stale, whatever else holds', () => {
    expect(step({ ui: 'missing' })).toMatchObject({ do: 'build-ui', say: expect.stringContaining('out/ is missing') });
    expect(step({ ui: 'stale', display: false, electron: { state: 'absent' } })).toMatchObject({ do: 'build-ui', say: expect.stringContaining('older than the sources') });
  });

  it('binary absent: fetches it with the installer', () => {
    expect(step({ electron: { state: 'absent' } })).toMatchObject({ do: 'download-electron' });
  });

  it('binary absent and ELECTRON_SKIP_BINARY_DOWNLOAD: serves to a browser and opens it', () => {
    const s = step({ electron: { state: 'skip-download' } });
    expect(s).toMatchObject({ do: 'serve', open: true, say: expect.stringContaining('ELECTRON_SKIP_BINARY_DOWNLOAD') });
  });

  it('download failed: serves to a browser, saying why', () => {
    expect(step({ electron: { state: 'download-failed', reason: 'ETIMEDOUT' } })).toMatchObject({ do: 'serve', open: true, say: expect.stringContaining('ETIMEDOUT') });
  });

  it('Electron failed to start (no X server, missing libraries): serves to a browser', () => {
    expect(step({ electron: { state: 'start-failed', reason: 'it exited with 1' } })).toMatchObject({ do: 'serve', open: true, say: expect.stringContaining('could not start') });
  });

  it('ABI mismatch: rebuilds; rebuild failed: serves', () => {
    expect(step({ native: { state: 'mismatch' } })).toMatchObject({ do: 'rebuild-native' });
    expect(step({ native: { state: 'rebuild-failed', reason: 'no headers' } })).toMatchObject({ do: 'serve', say: expect.stringContaining('no headers') });
  });

  it('no display: serves without opening a browser, and never downloads or rebuilds for a window that cannot show', () => {
    for (const electron of [{ state: 'absent' }, { state: 'present', path: '/e' }] as const) {
      expect(step({ display: false, electron, native: { state: 'mismatch' } })).toMatchObject({ do: 'serve', open: false, say: expect.stringContaining('No display') });
    }
  });

  it('--no-open: serves without opening the browser', () => {
    expect(step({ electron: { state: 'skip-download' }, openBrowser: false })).toMatchObject({ do: 'serve', open: false });
  });

  it('a first start on a fresh clone walks build → download → rebuild → window', () => {
    const facts: LaunchFacts = { ui: 'missing', display: true, electron: { state: 'absent' }, native: { state: 'mismatch' }, openBrowser: true };
    const outcomes: Record<string, Partial<LaunchFacts>> = {
      'build-ui': { ui: 'fresh' },
      'download-electron': { electron: { state: 'present', path: '/e' } },
      'rebuild-native': { native: { state: 'match' } },
    };
    const walked: string[] = [];
    for (let s = nextStep(facts); ; s = nextStep(facts)) {
      walked.push(s.do);
      if (!(s.do in outcomes)) break;
      Object.assign(facts, outcomes[s.do]);
    }
    expect(walked).toEqual(['build-ui', 'download-electron', 'rebuild-native', 'open-window']);
  });
});

describe('hasDisplay', () => {
  it('needs DISPLAY or WAYLAND_DISPLAY on Linux, nothing on macOS and Windows', () => {
    expect(hasDisplay('linux', {})).toBe(false);
    expect(hasDisplay('linux', { DISPLAY: ':0' })).toBe(true);
    expect(hasDisplay('linux', { WAYLAND_DISPLAY: 'wayland-0' })).toBe(true);
    expect(hasDisplay('darwin', {})).toBe(true);
    expect(hasDisplay('win32', {})).toBe(true);
  });
});
