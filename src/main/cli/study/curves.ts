import { esc, lineChart, svgDocument, type Series } from '../../../engine/export/figures';
import type { CurvePoint, PresetSummary, Stat } from './summary';

/** Distinct colours for up to ten presets (then they repeat). */
const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

const PANELS: Array<{ title: string; value: (c: CurvePoint) => Stat | null; yMin?: number; yMax?: number }> = [
  { title: 'skip_connect in the derived normal cell', value: (c) => c.normalSkip, yMin: 0 },
  // Autoscaled: near uniform, a 0–1 axis would draw these as flat lines.
  { title: 'mean none weight, normal cell', value: (c) => c.noneWeight },
  { title: 'largest normal α weight ÷ its edge mean (1 = uniform)', value: (c) => c.peakToMean },
  { title: 'search val accuracy', value: (c) => c.valAcc, yMin: 0, yMax: 1 },
];

/**
 * The study's per-epoch curves as one SVG: a panel per collapse indicator (and val accuracy), one
 * line per preset at its mean over seeds (one legend above the panels), epochs counted from 1 (across the stages of a progressive
 * search). A preset without the value (no none in its space) draws no line in that panel.
 */
export function curvesSvg(summaries: readonly PresetSummary[], title: string): string {
  const w = 460;
  const h = 300;
  const top = 30 + Math.ceil(summaries.length / 4) * 16;
  const body = PANELS.map((panel, i) => {
    const series: Series[] = summaries.map((s, k) => ({
      label: s.preset,
      colour: PALETTE[k % PALETTE.length],
      points: s.curve.map((c): [number, number] => [c.epoch + 1, panel.value(c)?.mean ?? NaN]),
    }));
    return lineChart({ x: (i % 2) * w, y: top + Math.floor(i / 2) * h, width: w, height: h }, series, panel.title, { xLabel: 'epoch', yMin: panel.yMin, yMax: panel.yMax, legend: false });
  }).join('');
  // One legend for all panels, a row of presets under the title.
  const legend = summaries.map((s, k) => {
    const x = 8 + (k % 4) * 230;
    const y = 36 + Math.floor(k / 4) * 16;
    const colour = PALETTE[k % PALETTE.length];
    return `<line x1="${x}" x2="${x + 18}" y1="${y - 4}" y2="${y - 4}" stroke="${colour}" stroke-width="2"/><text x="${x + 24}" y="${y}" font-size="11">${esc(s.preset)}</text>`;
  });
  const heading = `<text x="8" y="16" font-size="12" fill="#333">${esc(title)}</text>`;
  return svgDocument(2 * w, top + 2 * h, heading + legend.join('') + body, title);
}
