import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';

// The main window's size and position, remembered between starts in a small JSON file in the
// user-data folder. The file is input like any other: a malformed one, or bounds on a screen that
// is no longer attached, give the default window rather than one nobody can see.

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

/** A window without remembered bounds: Electron centres it. */
export interface InitialWindow {
  bounds: Partial<Rect> & { width: number; height: number };
  maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1280, height: 800 };
export const MIN_SIZE = { width: 800, height: 560 };
/** How much of the window must lie on one screen for it to count as reachable (its title bar, say). */
const VISIBLE = { width: 120, height: 48 };

const int = z.number().int().min(-100_000).max(100_000);
const stateSchema = z.object({ bounds: z.object({ x: int, y: int, width: int, height: int }), maximized: z.boolean() });

const overlap = (a: Rect, b: Rect) => ({
  width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
  height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
});

/** The window to open, from the saved state (any JSON value) and the screens' work areas now. */
export function initialWindow(saved: unknown, workAreas: readonly Rect[]): InitialWindow {
  const parsed = stateSchema.safeParse(saved);
  const fallback: InitialWindow = { bounds: { ...DEFAULT_SIZE }, maximized: parsed.success && parsed.data.maximized };
  if (!parsed.success) return fallback;
  const { bounds } = parsed.data;
  const screen = workAreas.find((area) => {
    const o = overlap(bounds, area);
    return o.width >= VISIBLE.width && o.height >= VISIBLE.height;
  });
  if (!screen) return fallback;
  // Never larger than that screen, never smaller than the layout needs.
  const width = Math.max(MIN_SIZE.width, Math.min(bounds.width, screen.width));
  const height = Math.max(MIN_SIZE.height, Math.min(bounds.height, screen.height));
  return { bounds: { x: bounds.x, y: bounds.y, width, height }, maximized: parsed.data.maximized };
}

/** The saved state, or null when the file is missing or not JSON (initialWindow validates the rest). */
export function readWindowState(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch {
    return null;
  }
}

/** Written aside and renamed, so a crash mid-write leaves the old file, not half a new one. */
export function writeWindowState(file: string, state: WindowState): void {
  const partial = `${file}.partial`;
  writeFileSync(partial, JSON.stringify(state));
  renameSync(partial, file);
}
