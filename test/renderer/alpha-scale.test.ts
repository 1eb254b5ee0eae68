import { describe, expect, it } from 'vitest';
import { alphaColour, alphaPosition, formatAlpha, SATURATION, scaleColour, scaleTicks, uniformWeight } from '../../src/renderer/src/lib/alpha-scale';

const rgb = (s: string) => s.match(/\d+/g)!.map(Number);

describe('the α colour scale', () => {
  it('is white at uniform (1/|ops|), blue above, orange below', () => {
    expect(uniformWeight(8)).toBe(0.125);
    expect(alphaColour(0.125, 8)).toEqual({ background: 'rgb(255, 255, 255)', dark: false });
    const [r, , b] = rgb(alphaColour(0.3, 8).background);
    expect(b).toBeGreaterThan(r);
    const [r2, , b2] = rgb(alphaColour(0.05, 8).background);
    expect(r2).toBeGreaterThan(b2);
    // Anchored per op count: 0.5 is uniform for two ops, well above it for eight.
    expect(alphaColour(0.5, 2).background).toBe('rgb(255, 255, 255)');
    expect(alphaColour(0.5, 8).background).not.toBe('rgb(255, 255, 255)');
  });

  it('keeps near-uniform weights pale instead of stretching them to the matrix range', () => {
    // Every weight 0.12 or 0.13 (early in a search): no cell comes out dark.
    for (const w of [0.12, 0.122, 0.128, 0.13]) {
      expect(Math.abs(alphaPosition(w, 8))).toBeLessThan(0.05);
      expect(alphaColour(w, 8).dark).toBe(false);
      expect(Math.min(...rgb(alphaColour(w, 8).background))).toBeGreaterThan(240);
    }
  });

  it('grows with the ratio to uniform and saturates at SATURATION× either way', () => {
    expect(alphaPosition(0.25, 8)).toBeCloseTo(Math.log(2) / Math.log(SATURATION), 12);
    expect(alphaPosition(0.0625, 8)).toBeCloseTo(-alphaPosition(0.25, 8), 12);
    expect(alphaPosition(0.125 * SATURATION, 8)).toBe(1);
    expect(alphaPosition(0.9, 8)).toBe(1);
    expect(alphaPosition(0, 8)).toBe(-1);
    expect(alphaPosition(Number.NaN, 8)).toBe(-1);
    expect(scaleColour(1)).toEqual({ background: 'rgb(37, 99, 235)', dark: true });
    expect(scaleColour(-1)).toEqual({ background: 'rgb(234, 88, 12)', dark: true });
  });

  it('ticks the colour bar at powers of 2 around uniform, never past a weight of 1', () => {
    expect(scaleTicks(8)).toEqual([
      { weight: 0.03125, position: -1 },
      { weight: 0.0625, position: -0.5 },
      { weight: 0.125, position: 0 },
      { weight: 0.25, position: 0.5 },
      { weight: 0.5, position: 1 },
    ]);
    expect(scaleTicks(2).map((t) => t.weight)).toEqual([0.125, 0.25, 0.5, 1]);
  });

  it('prints a weight with 3 decimals or as its change from uniform', () => {
    expect(formatAlpha(0.1284, 8, 'weight')).toBe('0.128');
    expect(formatAlpha(0.14, 8, 'change')).toBe('+12%');
    expect(formatAlpha(0.12, 8, 'change')).toBe('−4.0%');
    expect(formatAlpha(0.1250525, 8, 'change')).toBe('+0.042%');
    expect(formatAlpha(0.125, 8, 'change')).toBe('0%');
  });
});
