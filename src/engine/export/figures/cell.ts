import { FIRST_NODE, withNodes, type GenotypeEdge } from '../../genotype';
import { esc, opColour, r, svgDocument } from './svg';

const BOX_W = 70;
const BOX_H = 30;
const COL = 210;
const ROW = 104;
const PAD = 24;

/**
 * A cell as DARTS's figures draw it (left to right): the inputs c_{k-2} and c_{k-1}, the
 * intermediate nodes, the output c_{k}; one arrow per kept edge labelled with its op, and
 * the concat links to the output. Layered layout: a node's column is one past its deepest
 * input; nodes within a column are stacked.
 */
export function cellSvg(edges: readonly GenotypeEdge[], concat: readonly number[], title: string): string {
  const explicit = withNodes(edges);
  const nodes = [...new Set(explicit.map((e) => e.node))].sort((a, b) => a - b);
  const column = new Map<number, number>([
    [0, 0],
    [1, 0],
  ]);
  for (const n of nodes) column.set(n, 1 + Math.max(...explicit.filter((e) => e.node === n).map((e) => column.get(e.input) ?? 0)));
  for (const s of concat) if (!column.has(s)) column.set(s, 1);
  const outCol = Math.max(...column.values()) + 1;
  const byCol = new Map<number, number[]>();
  for (const [s, c] of [...column].sort((a, b) => a[0] - b[0])) byCol.set(c, [...(byCol.get(c) ?? []), s]);
  const rows = Math.max(...[...byCol.values()].map((v) => v.length));
  const height = 2 * PAD + 28 + rows * ROW;
  const width = 2 * PAD + outCol * COL + BOX_W;
  const top = PAD + 28;
  const pos = new Map<number | 'out', { x: number; y: number }>();
  for (const [c, states] of byCol) {
    const offset = ((rows - states.length) * ROW) / 2;
    states.forEach((s, i) => pos.set(s, { x: PAD + c * COL, y: top + offset + i * ROW + (ROW - BOX_H) / 2 }));
  }
  pos.set('out', { x: PAD + outCol * COL, y: top + (rows * ROW - BOX_H) / 2 });
  const label = (s: number) => (s === 0 ? 'c_{k-2}' : s === 1 ? 'c_{k-1}' : String(s - FIRST_NODE));
  const parts: string[] = [
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#444"/></marker></defs>`,
    `<text x="${PAD}" y="${PAD + 12}" font-size="15" font-weight="bold">${esc(title)}</text>`,
  ];
  const arrow = (from: { x: number; y: number }, to: { x: number; y: number }, colour: string, text: string | null, bend: number, t = 0.5) => {
    const x1 = from.x + BOX_W;
    const y1 = from.y + BOX_H / 2;
    const x2 = to.x;
    const y2 = to.y + BOX_H / 2;
    const mx = (x1 + x2) / 2;
    const my = (y1 + y2) / 2 + bend;
    parts.push(`<path d="M${r(x1)},${r(y1)} Q${r(mx)},${r(my)} ${r(x2)},${r(y2)}" fill="none" stroke="${colour}" stroke-width="${text ? 2 : 1.2}" marker-end="url(#arrow)"/>`);
    if (text) {
      // The label sits at parameter t of the curve, on a white halo so that crossings stay legible.
      const at = (a: number, b: number, c: number) => (1 - t) * (1 - t) * a + 2 * (1 - t) * t * b + t * t * c;
      parts.push(`<text x="${r(at(x1, mx, x2))}" y="${r(at(y1, my, y2) - 3)}" font-size="11" text-anchor="middle" fill="${colour}" stroke="#ffffff" stroke-width="3" paint-order="stroke">${esc(text)}</text>`);
    }
  };
  // Labels of edges leaving the same column are staggered along their curves.
  const fromColumn = new Map<number, number>();
  explicit.forEach((e, i) => {
    const from = pos.get(e.input);
    const to = pos.get(e.node);
    // Two edges between the same pair of states would overlap: bend the later ones.
    const twins = explicit.slice(0, i).filter((o) => o.input === e.input && o.node === e.node).length;
    const c = column.get(e.input) ?? 0;
    const k = fromColumn.get(c) ?? 0;
    fromColumn.set(c, k + 1);
    if (from && to) arrow(from, to, opColour(e.op), e.op, (twins % 2 ? 1 : -1) * 14 * twins, [0.5, 0.28, 0.72][k % 3]);
  });
  for (const s of concat) {
    const from = pos.get(s);
    if (from) arrow(from, pos.get('out') as { x: number; y: number }, '#bbbbbb', null, 0);
  }
  const box = (p: { x: number; y: number }, text: string, fill: string) =>
    parts.push(
      `<rect x="${r(p.x)}" y="${r(p.y)}" width="${BOX_W}" height="${BOX_H}" rx="6" fill="${fill}" stroke="#333"/>` +
        `<text x="${r(p.x + BOX_W / 2)}" y="${r(p.y + BOX_H / 2 + 4)}" font-size="12" text-anchor="middle">${esc(text)}</text>`,
    );
  for (const [s, p] of pos) if (s !== 'out') box(p, label(s), s < FIRST_NODE ? '#a1d99b' : '#9ecae1');
  box(pos.get('out') as { x: number; y: number }, 'c_{k}', '#fdd49e');
  return svgDocument(width, height, parts.join(''), title);
}
