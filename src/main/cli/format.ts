import { genotypeFromJson, pythonFormat } from '../../engine/genotype';
import type { GenotypeJsonShape } from '../../shared/search-events';

/** Two aligned columns, indented: `  --alphas FILE   help text`. */
export function columns(rows: ReadonlyArray<readonly [string, string]>): string[] {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`);
}

export const count = (n: number): string => n.toLocaleString('en-US');

/** `1 epoch`, `3 epochs`. */
export const plural = (n: number, noun: string): string => `${count(n)} ${noun}${n === 1 ? '' : 's'}`;

export const percent = (x: number): string => `${(100 * x).toFixed(1)}%`;

/** `75` → `1m15s`, `4000` → `1h06m`. */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** An event's genotype as the reference prints it: `Genotype(normal=[('sep_conv_3x3', 0), ...], ...)`. */
export function pythonGenotype(g: GenotypeJsonShape): string {
  return pythonFormat.print(genotypeFromJson(g));
}

/** A JSON value on one line; bigints (architecture counts) as decimal strings. */
export function jsonLine(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}
