import { instance } from '@viz-js/viz';
import { describe, expect, it } from 'vitest';
import { cellDot, cellSvg, genotypeCellFigures } from '../../src/engine/export/figures';
import { getNamedGenotype, namedGenotypes, type Genotype } from '../../src/engine/genotype';
import { cellFigureSchema } from '../../src/shared/cell-figure';

// The one cell renderer (app, exported figures, report): geometry read back from its SVG, and the
// label boxes from Graphviz's own layout of the same graph (JSON output: text width as laid out).

const PRIMS = ['none', 'max_pool_3x3', 'avg_pool_3x3', 'skip_connect', 'sep_conv_3x3', 'sep_conv_5x5', 'dil_conv_3x3', 'dil_conv_5x5'];
/** Distinct weights per row and op, near uniform as early in a search. */
const weights = (shift: number) => Array.from({ length: 14 }, (_, r) => PRIMS.map((_, k) => 0.1 + 0.001 * ((r * 3 + k + shift) % 13)));

const figures = (g: Genotype, shift = 0) => genotypeCellFigures(g, { weights: { normal: weights(shift), reduce: weights(shift) }, primitives: PRIMS });

/** Every coordinate of the SVG's paths and polygons, in viewBox units (Graphviz draws under one translate). */
function drawnPoints(svg: string): { viewBox: number[]; points: number[][] } {
  const viewBox = /viewBox="([^"]+)"/.exec(svg)![1].split(/\s+/).map(Number);
  const [tx, ty] = /translate\(([-\d.]+) ([-\d.]+)\)/.exec(svg)!.slice(1).map(Number);
  const edges = [...svg.matchAll(/<g class="edge cell-edge(?:-out)?">([\s\S]*?)<\/g>/g)].map((m) => m[1]);
  const nums = edges.flatMap((e) => [...e.matchAll(/(?:d|points)="([^"]+)"/g)].map((m) => m[1]));
  const points = nums.flatMap((s) => [...s.matchAll(/(-?[\d.]+),(-?[\d.]+)/g)].map((m) => [Number(m[1]) + tx, Number(m[2]) + ty]));
  return { viewBox, points };
}

/** Node label → x of its text, in document order of the SVG. */
const nodeX = (svg: string): Map<string, number> =>
  new Map([...svg.matchAll(/<g class="node cell-node[^"]*">[\s\S]*?<text[^>]* x="([-\d.]+)"[^>]*>([^<]+)<\/text>/g)].map((m) => [m[2], Number(m[1])]));

type DrawOp = { op: string; points?: number[][]; pt?: number[]; width?: number; size?: number };

/** Edge label boxes and sampled edge curves as Graphviz laid them out. */
async function laidOut(dot: string) {
  const viz = await instance();
  const json = viz.renderJSON(dot) as { edges?: Array<{ style?: string; _draw_?: DrawOp[]; _ldraw_?: DrawOp[] }> };
  const labels: Array<{ edge: number; x0: number; x1: number; y0: number; y1: number }> = [];
  const curves: Array<{ edge: number; points: number[][] }> = [];
  (json.edges ?? []).forEach((e, edge) => {
    if (e.style === 'invis') return;
    let size = 0;
    for (const o of e._ldraw_ ?? []) {
      if (o.op === 'F') size = o.size!;
      if (o.op === 'T') labels.push({ edge, x0: o.pt![0] - o.width! / 2, x1: o.pt![0] + o.width! / 2, y0: o.pt![1] - 0.2 * size, y1: o.pt![1] + 0.75 * size });
    }
    for (const o of e._draw_ ?? []) {
      if (o.op !== 'b') continue;
      const p = o.points!;
      const points: number[][] = [];
      for (let i = 0; i + 3 < p.length; i += 3)
        for (let t = 0; t <= 1; t += 0.05) {
          const u = 1 - t;
          points.push([0, 1].map((k) => u * u * u * p[i][k] + 3 * u * u * t * p[i + 1][k] + 3 * u * t * t * p[i + 2][k] + t * t * t * p[i + 3][k]));
        }
      curves.push({ edge, points });
    }
  });
  return { labels, curves };
}

describe('cell figures', () => {
  it('draws c_{k-2}, c_{k-1}, nodes 0..3 in order left to right, then c_{k}, every edge labelled op (weight)', async () => {
    for (const { figure } of figures(getNamedGenotype('DARTS_V2'))) {
      const svg = await cellSvg(figure);
      const x = nodeX(svg);
      // In document order too (what a screen reader or a text search meets), drawn above the edges.
      expect([...x.keys()]).toEqual(['c_{k-2}', 'c_{k-1}', '0', '1', '2', '3', 'c_{k}']);
      expect(svg.lastIndexOf('class="edge')).toBeLessThan(svg.indexOf('class="node'));
      expect(x.get('c_{k-2}')).toBe(x.get('c_{k-1}'));
      const order = ['c_{k-1}', '0', '1', '2', '3', 'c_{k}'].map((n) => x.get(n)!);
      for (let i = 1; i < order.length; i++) expect(order[i]).toBeGreaterThan(order[i - 1]);
      const labels = [...svg.matchAll(/<g class="edge cell-edge">[\s\S]*?<text[^>]*font-size="([\d.]+)"[^>]*>([^<]+)<\/text>/g)];
      expect(labels.map((m) => m[2].replace(/ \(.*/, '')).sort()).toEqual(figure.edges.map((e) => e.op).sort());
      for (const [, size, text] of labels) {
        expect(Number(size)).toBeGreaterThanOrEqual(11);
        expect(text).toMatch(/ \(0\.1\d\d\)$/);
      }
      expect(svg.match(/<g class="edge cell-edge-out">/g)).toHaveLength(4);
    }
  });

  it('keeps every edge whole inside the viewBox, sized in pixels', async () => {
    for (const g of Object.values(namedGenotypes))
      for (const { figure } of figures(g)) {
        const svg = await cellSvg(figure);
        const { viewBox, points } = drawnPoints(svg);
        expect(svg).toMatch(new RegExp(`^<svg width="${viewBox[2]}" height="${viewBox[3]}"`));
        // Self-contained: nothing to fetch, no URL but SVG's own namespace name.
        expect(svg.replace('xmlns="http://www.w3.org/2000/svg"', '')).not.toMatch(/https?:|<image|<script|href=/);
        expect(points.length).toBeGreaterThan(12 * 4);
        for (const [x, y] of points) {
          expect(x).toBeGreaterThanOrEqual(viewBox[0]);
          expect(x).toBeLessThanOrEqual(viewBox[0] + viewBox[2]);
          expect(y).toBeGreaterThanOrEqual(viewBox[1]);
          expect(y).toBeLessThanOrEqual(viewBox[1] + viewBox[3]);
        }
      }
  });

  it('lays labels out so that none overlaps another and no other edge runs through one (the published genotypes)', async () => {
    for (const g of Object.values(namedGenotypes))
      for (const { figure } of figures(g)) {
        const { labels, curves } = await laidOut(cellDot(figure));
        expect(labels).toHaveLength(figure.edges.length);
        for (const a of labels)
          for (const b of labels) if (a !== b) expect(a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1, 'labels overlap').toBe(false);
        for (const l of labels)
          for (const c of curves) if (c.edge !== l.edge) expect(c.points.some(([x, y]) => x > l.x0 && x < l.x1 && y > l.y0 && y < l.y1), 'an edge crosses a label').toBe(false);
      }
  });

  it('keeps the nodes where they were when only the weights change (another epoch)', async () => {
    const g = getNamedGenotype('DARTS_V1');
    const [a, b] = [figures(g, 0), figures(g, 5)];
    for (let i = 0; i < a.length; i++) {
      const [sa, sb] = [await cellSvg(a[i].figure), await cellSvg(b[i].figure)];
      expect(sa).not.toBe(sb);
      expect(nodeX(sa)).toEqual(nodeX(sb));
      expect(sa.match(/<g class="node[\s\S]*?<\/g>/g)).toEqual(sb.match(/<g class="node[\s\S]*?<\/g>/g));
    }
  });

  it('marks highlighted edges and draws the title only when asked', async () => {
    const { figure } = figures(getNamedGenotype('DARTS_V2'))[0];
    const svg = await cellSvg({ ...figure, edges: figure.edges.map((e, i) => ({ ...e, highlight: i === 2 })) });
    expect(svg.match(/stroke="#dc2626"/g)?.length).toBeGreaterThanOrEqual(2);
    expect(svg).toContain('>Normal cell<');
    expect(await cellSvg({ ...figure, title: undefined })).not.toContain('Normal cell');
  });

  it('accepts only op ids and edges that read an earlier state', () => {
    const ok = { op: 'sep_conv_3x3', from: 1, to: 0 };
    expect(cellFigureSchema.safeParse({ edges: [ok], concat: [2] }).success).toBe(true);
    expect(cellFigureSchema.safeParse({ edges: [{ ...ok, op: 'x"] -> evil [label="' }], concat: [2] }).success).toBe(false);
    expect(cellFigureSchema.safeParse({ edges: [{ ...ok, op: '<script>' }], concat: [2] }).success).toBe(false);
    expect(cellFigureSchema.safeParse({ edges: [{ ...ok, from: 2, to: 0 }], concat: [2] }).success).toBe(false);
    expect(cellFigureSchema.safeParse({ edges: [{ ...ok, weight: Number.NaN }], concat: [2] }).success).toBe(false);
  });
});
