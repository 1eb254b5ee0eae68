import { describe, expect, it } from 'vitest';
import { collapseWarnings, NONE_COLLAPSE, SKIP_COLLAPSE, type CellStats } from '../../src/renderer/src/lib/collapse';
import { alphaCharts, reportedCharts } from '../../src/renderer/src/lib/diagnostic-charts';

const stats = (over: Partial<CellStats> = {}): CellStats => ({ paramFreeShare: 0.4, paramFreeUniform: 3 / 7, noneWeight: 0.1, entropy: 2, entropyRatio: 0.95, ...over });

describe('diagnostics as plots over epochs', () => {
  it('plots the α signatures against epochs counted from 1, each with the threshold its warning uses', () => {
    const rows = [
      { epoch: 0, skips: 1, normal: stats(), reduce: stats({ paramFreeShare: 0.5 }) },
      { epoch: 1, skips: 3, normal: stats({ paramFreeShare: 0.7 }), reduce: null },
    ];
    const charts = alphaCharts(rows);
    const skip = charts.find((c) => c.title.startsWith('skip_connect'))!;
    expect(skip.lines[0]).toMatchObject({ x: [1, 2], y: [1, 3] });
    expect(skip.marks).toEqual([{ y: SKIP_COLLAPSE, label: expect.stringContaining('DARTS+') }]);
    const pf = charts.find((c) => c.title.startsWith('Parameter-free'))!;
    expect(pf.lines.map((l) => l.y)).toEqual([[0.4, 0.7], [0.5, null]]);
    // The drawn threshold is the one that fires the warning: the latest epoch is over it, and warned about.
    const limit = (pf.marks[0] as { y: number }).y;
    expect(0.7).toBeGreaterThan(limit);
    expect(collapseWarnings(3, rows[1].normal).map((w) => w.key)).toEqual(['skip', 'param-free']);
    expect(charts.find((c) => c.title === 'Mean none weight')!.marks).toEqual([{ y: NONE_COLLAPSE, label: expect.any(String) }]);
  });

  it("groups the host's quantities by name, one line per cell group, with plain titles and the keys kept", () => {
    const charts = reportedCharts([
      { epoch: 1, key: 'normal.none_weight', value: 0.2 },
      { epoch: 0, key: 'normal.none_weight', value: 0.1 },
      { epoch: 0, key: 'reduce.none_weight', value: 0.3 },
      { epoch: 0, key: 'amended.cos_g1_g2', value: -0.5 },
      { epoch: 0, key: 'made_up', value: null },
    ]);
    const none = charts.find((c) => c.title === 'Mean none weight')!;
    expect(none.keys).toBe('normal.none_weight, reduce.none_weight');
    expect(none.lines).toEqual([
      { id: 'normal.none_weight', label: 'normal', x: [1, 2], y: [0.1, 0.2] },
      { id: 'reduce.none_weight', label: 'reduce', x: [1], y: [0.3] },
    ]);
    expect(none.marks).toEqual([{ y: NONE_COLLAPSE, label: expect.any(String) }]);
    expect(charts.find((c) => c.keys === 'amended.cos_g1_g2')!.title).toBe('cos(g1, g2′)');
    expect(charts.find((c) => c.keys === 'made_up')!.title).toBe('made_up');
  });
});
