import { describe, expect, it } from 'vitest';
import { chartCsv, csvName } from '../../src/renderer/src/lib/csv';

describe("a chart's CSV export", () => {
  it('joins the lines on the union of x, leaves missing points and gaps empty, and quotes labels that need it', () => {
    const csv = chartCsv('step', [
      { label: 'run "a", seed 1', x: [1, 2, 3], y: [2.5, null, 2.1] },
      { label: 'b', x: [2, 4], y: [3, 2] },
    ]);
    expect(csv).toBe('step,"run ""a"", seed 1",b\n1,2.5,\n2,,3\n3,2.1,\n4,,2\n');
  });

  it('has a header only for a chart without points, and a file name from the title', () => {
    expect(chartCsv('epoch', [{ label: 'val', x: [], y: [] }])).toBe('epoch,val\n');
    expect(csvName('compare Val accuracy per epoch')).toBe('compare-val-accuracy-per-epoch.csv');
    expect(csvName('α lr')).toBe('α-lr.csv');
    expect(csvName('!!')).toBe('chart.csv');
  });
});
