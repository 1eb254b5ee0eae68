import { alphaRowLabels } from '../../../shared/cell-alpha';
import { esc, opColour, r } from './svg';

export interface Series {
  label: string;
  colour: string;
  points: Array<[number, number]>;
  dashed?: boolean;
}

export interface ChartBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Round tick values covering [lo, hi]: 1, 2 or 5 times a power of ten apart. */
function ticks(lo: number, hi: number, count = 5): number[] {
  const span = hi - lo || Math.abs(hi) || 1;
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

/** A tick label with the decimals its spacing needs (ticks 0.0002 apart near 0.125 read 0.1248, 0.125, 0.1252). */
const fmt = (v: number, step: number) =>
  Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v !== 0) ? v.toExponential(1) : String(Number(v.toFixed(Math.max(0, -Math.floor(Math.log10(step))))));

/** One line chart (axes, ticks, legend) drawn inside `box`; SVG elements only, no document. */
export function lineChart(box: ChartBox, series: readonly Series[], title: string, opts: { yMin?: number; yMax?: number; xLabel?: string; legend?: boolean } = {}): string {
  const all = series.flatMap((s) => s.points).filter(([, y]) => Number.isFinite(y));
  const xs = all.map(([x]) => x);
  const ys = all.map(([, y]) => y);
  const x0 = Math.min(...xs, 0);
  const x1 = Math.max(...xs, x0 + 1);
  let y0 = opts.yMin ?? Math.min(...ys, Infinity);
  let y1 = opts.yMax ?? Math.max(...ys, -Infinity);
  if (!Number.isFinite(y0) || !Number.isFinite(y1)) [y0, y1] = [0, 1];
  if (y0 === y1) [y0, y1] = [y0 - 0.5, y1 + 0.5];
  const left = box.x + 52;
  const right = box.x + box.width - 10;
  const top = box.y + 26;
  const bottom = box.y + box.height - 34;
  const px = (x: number) => left + ((x - x0) / (x1 - x0)) * (right - left);
  const py = (y: number) => bottom - ((y - y0) / (y1 - y0)) * (bottom - top);
  const out: string[] = [`<text x="${r(box.x + box.width / 2)}" y="${r(box.y + 16)}" font-size="13" font-weight="bold" text-anchor="middle">${esc(title)}</text>`];
  const yTicks = ticks(y0, y1);
  const yStep = yTicks.length > 1 ? yTicks[1] - yTicks[0] : 1;
  for (const t of yTicks) {
    out.push(`<line x1="${r(left)}" x2="${r(right)}" y1="${r(py(t))}" y2="${r(py(t))}" stroke="#eeeeee"/>`);
    out.push(`<text x="${r(left - 6)}" y="${r(py(t) + 4)}" font-size="10" text-anchor="end" fill="#555">${fmt(t, yStep)}</text>`);
  }
  for (const t of ticks(x0, x1).filter((t) => Number.isInteger(t))) {
    out.push(`<text x="${r(px(t))}" y="${r(bottom + 14)}" font-size="10" text-anchor="middle" fill="#555">${t}</text>`);
  }
  out.push(`<line x1="${r(left)}" x2="${r(left)}" y1="${r(top)}" y2="${r(bottom)}" stroke="#888"/><line x1="${r(left)}" x2="${r(right)}" y1="${r(bottom)}" y2="${r(bottom)}" stroke="#888"/>`);
  if (opts.xLabel) out.push(`<text x="${r((left + right) / 2)}" y="${r(bottom + 28)}" font-size="11" text-anchor="middle" fill="#333">${esc(opts.xLabel)}</text>`);
  series.forEach((s, i) => {
    const pts = s.points.filter(([, y]) => Number.isFinite(y));
    if (pts.length === 1) out.push(`<circle cx="${r(px(pts[0][0]))}" cy="${r(py(pts[0][1]))}" r="3" fill="${s.colour}"/>`);
    else if (pts.length > 1) {
      const d = pts.map(([x, y], j) => `${j ? 'L' : 'M'}${r(px(x))},${r(py(y))}`).join(' ');
      out.push(`<path d="${d}" fill="none" stroke="${s.colour}" stroke-width="1.8"${s.dashed ? ' stroke-dasharray="5,3"' : ''}/>`);
    }
    if (opts.legend === false) return;
    const ly = top + 4 + i * 14;
    out.push(`<line x1="${r(right - 110)}" x2="${r(right - 92)}" y1="${r(ly)}" y2="${r(ly)}" stroke="${s.colour}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5,3"' : ''}/>`);
    out.push(`<text x="${r(right - 88)}" y="${r(ly + 4)}" font-size="10">${esc(s.label)}</text>`);
  });
  return out.join('');
}

export interface EpochRow {
  epoch: number;
  trainLoss: number | null;
  trainAcc: number | null;
  valLoss: number | null;
  valAcc: number | null;
}

const col = (rows: readonly EpochRow[], key: keyof EpochRow): Array<[number, number]> => rows.map((e) => [e.epoch + 1, e[key] ?? NaN]);

/** Loss and accuracy per epoch, side by side. */
export function curvesBody(rows: readonly EpochRow[], y = 0): { body: string; width: number; height: number } {
  const w = 420;
  const h = 280;
  const loss = lineChart({ x: 0, y, width: w, height: h }, [
    { label: 'train loss', colour: '#1f77b4', points: col(rows, 'trainLoss') },
    { label: 'val loss', colour: '#d62728', points: col(rows, 'valLoss'), dashed: true },
  ], 'Loss', { xLabel: 'epoch' });
  const acc = lineChart({ x: w, y, width: w, height: h }, [
    { label: 'train acc', colour: '#1f77b4', points: col(rows, 'trainAcc') },
    { label: 'val acc', colour: '#d62728', points: col(rows, 'valAcc'), dashed: true },
  ], 'Accuracy', { xLabel: 'epoch', yMin: 0, yMax: 1 });
  return { body: loss + acc, width: 2 * w, height: h };
}

export interface AlphaRow {
  epoch: number;
  /** Relaxed α per group: rows = edges, columns = primitives. */
  weights: Record<string, number[][]>;
}

/**
 * α evolution: per group, a grid of small charts (one per edge, named by its states) of each op's
 * weight over the epochs, each autoscaled to its own range with uniform (1/|ops|) dashed: weights
 * stay near uniform for many epochs, and a 0–1 axis would draw them as flat lines. `nodes` (the
 * genotype's intermediate nodes) names the rows of a fixed-chain α.
 */
export function alphaBody(rows: readonly AlphaRow[], primitives: readonly string[], nodes?: number): { body: string; width: number; height: number } {
  const groups = [...new Set(rows.flatMap((row) => Object.keys(row.weights)))];
  const perRow = 5;
  const cw = 200;
  const ch = 150;
  const parts: string[] = [];
  let y = 0;
  for (const g of groups) {
    const edges = Math.max(...rows.map((row) => row.weights[g]?.length ?? 0));
    const names = alphaRowLabels(edges, nodes);
    parts.push(`<text x="4" y="${r(y + 16)}" font-size="14" font-weight="bold">α (${esc(g)} cell)</text>`);
    y += 22;
    for (let e = 0; e < edges; e++) {
      const box = { x: (e % perRow) * cw, y: y + Math.floor(e / perRow) * ch, width: cw, height: ch };
      const ops = Math.max(...rows.map((row) => row.weights[g]?.[e]?.length ?? 0));
      const series: Series[] = primitives.slice(0, ops).map((p, k) => ({ label: p, colour: opColour(p), points: rows.map((row): [number, number] => [row.epoch + 1, row.weights[g]?.[e]?.[k] ?? NaN]) }));
      const uniform: Series = { label: 'uniform', colour: '#999999', dashed: true, points: rows.map((row): [number, number] => [row.epoch + 1, 1 / Math.max(1, ops)]) };
      parts.push(lineChart(box, [uniform, ...series], names[e], { legend: false, xLabel: 'epoch' }));
    }
    y += Math.ceil(edges / perRow) * ch + 8;
  }
  const keys = [...primitives.map((p) => ({ label: p, colour: opColour(p), dashed: false })), { label: 'uniform (1/|ops|)', colour: '#999999', dashed: true }];
  const legend = keys.map(
    (k, i) =>
      `<line x1="${(i % 4) * 200 + 4}" x2="${(i % 4) * 200 + 22}" y1="${r(y + 5 + Math.floor(i / 4) * 16)}" y2="${r(y + 5 + Math.floor(i / 4) * 16)}" stroke="${k.colour}" stroke-width="2"${k.dashed ? ' stroke-dasharray="5,3"' : ''}/>` +
      `<text x="${(i % 4) * 200 + 28}" y="${r(y + 9 + Math.floor(i / 4) * 16)}" font-size="11">${esc(k.label)}</text>`,
  );
  parts.push(...legend);
  y += Math.ceil(keys.length / 4) * 16 + 6;
  return { body: parts.join(''), width: perRow * cw, height: y };
}
