import { describe, expect, it } from 'vitest';
import { alphaBody, lineChart } from '../../src/engine/export/figures';

// The report's α evolution: one small chart per edge, named by its states, autoscaled.

const PRIMS = ['none', 'max_pool_3x3', 'skip_connect', 'sep_conv_3x3'];
/** Four epochs of a 14-edge cell whose weights move a few percent away from uniform (0.25). */
const rows = [0, 1, 2, 3].map((epoch) => ({
  epoch,
  weights: { normal: Array.from({ length: 14 }, (_, e) => [0.25 + 0.01 * epoch, 0.25 - 0.01 * epoch, 0.25 + 0.002 * e, 0.25 - 0.002 * e]) },
}));

describe('α evolution charts', () => {
  it('scale each edge to its own range (near uniform, not 0–1) and draw uniform dashed', () => {
    const { body } = alphaBody(rows, PRIMS);
    const yTicks = [...body.matchAll(/text-anchor="end"[^>]*>([^<]+)</g)].map((m) => Number(m[1]));
    expect(yTicks.length).toBeGreaterThan(14 * 2);
    for (const t of yTicks) {
      expect(t).toBeGreaterThan(0.2);
      expect(t).toBeLessThan(0.3);
    }
    expect(body.match(/stroke-dasharray/g)?.length).toBeGreaterThanOrEqual(14);
  });

  it('label ticks with the decimals their spacing needs: no two alike on a narrow range', () => {
    const body = lineChart({ x: 0, y: 0, width: 400, height: 300 }, [{ label: 'none', colour: '#000', points: [[1, 0.12475], [2, 0.1252], [3, 0.1255]] }], 'none weight');
    const labels = [...body.matchAll(/text-anchor="end"[^>]*>([^<]+)</g)].map((m) => m[1]);
    expect(labels.length).toBeGreaterThan(2);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('name each chart by its edge and draw one line per op', () => {
    const { body } = alphaBody(rows, PRIMS);
    for (const name of ['c_{k-2} → 0', 'c_{k-1} → 0', '0 → 1', '2 → 3']) expect(body).toContain(`>${name}<`);
    // 14 edges × 4 ops, plus the uniform line per edge.
    expect(body.match(/<path /g)).toHaveLength(14 * 5);
  });
});
