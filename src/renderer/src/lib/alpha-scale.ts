// The α heat map's colour scale, anchored at uniform: a relaxed α row over |ops| candidates starts
// at 1/|ops| for every op, so what matters is how far a weight has moved from there, as a ratio.
// White is uniform, blue above it, orange below; the scale saturates at SATURATION times (or one
// SATURATION-th of) uniform, so 0.12 against 0.13 stays a faint tint instead of dark against light.

/** Ratio to uniform at which the colour is full. */
export const SATURATION = 4;

const ABOVE = [37, 99, 235] as const; // blue
const BELOW = [234, 88, 12] as const; // orange

/** 1/|ops|: every weight of a row before the search moves it. */
export const uniformWeight = (ops: number): number => 1 / Math.max(1, ops);

/** Where a weight sits on the scale: −1 (≤ uniform / SATURATION) … 0 (uniform) … 1 (≥ uniform × SATURATION). */
export function alphaPosition(weight: number, ops: number): number {
  if (!(weight > 0)) return -1;
  const t = Math.log(weight / uniformWeight(ops)) / Math.log(SATURATION);
  return Math.max(-1, Math.min(1, t));
}

/** The colour of a position on the scale, and whether text on it should be white. */
export function scaleColour(position: number): { background: string; dark: boolean } {
  const [r, g, b] = position >= 0 ? ABOVE : BELOW;
  const a = Math.abs(position);
  const mix = (c: number) => Math.round(255 + (c - 255) * a);
  return { background: `rgb(${mix(r)}, ${mix(g)}, ${mix(b)})`, dark: a > 0.6 };
}

export const alphaColour = (weight: number, ops: number) => scaleColour(alphaPosition(weight, ops));

/** The colour bar's ticks: uniform / SATURATION … uniform … uniform × SATURATION, by powers of 2. */
export function scaleTicks(ops: number): Array<{ weight: number; position: number }> {
  const u = uniformWeight(ops);
  const out: Array<{ weight: number; position: number }> = [];
  for (let f = 1 / SATURATION; f <= SATURATION + 1e-9; f *= 2) if (u * f <= 1) out.push({ weight: u * f, position: alphaPosition(u * f, ops) });
  return out;
}

/**
 * A weight as the heat map prints it: 3 decimals, or its change from uniform in percent, to 2
 * significant digits below 10% ("+12%", "−4.0%", "+0.042%": early in a search the changes are tiny).
 */
export function formatAlpha(weight: number, ops: number, mode: 'weight' | 'change'): string {
  if (mode === 'weight') return weight.toFixed(3);
  const pct = (weight / uniformWeight(ops) - 1) * 100;
  const size = Math.abs(pct);
  if (size < 5e-4) return '0%';
  return `${pct > 0 ? '+' : '−'}${size < 10 ? size.toPrecision(2) : Math.round(size)}%`;
}
