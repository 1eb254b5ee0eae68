import { instance, type Viz } from '@viz-js/viz';
import { edgeOpLabel, type CellFigure } from '../../../shared/cell-figure';
import { edgeWeight, stateName } from '../../../shared/cell-alpha';
import { CELL_TYPES, FIRST_NODE, concatOf, nodeCount, withNodes, type CellType, type Genotype } from '../../genotype';

// The one cell renderer: the app (through the API), the exported figures and the report all draw
// cells here. Graphviz (compiled to wasm) lays the cell out as the reference's visualize.py does
// (dot, rankdir=LR); edge labels are laid out as part of the graph, so they never overlap each other
// and edges route around them.

let viz: Promise<Viz> | null = null;
/** Graphviz, instantiated once per process (the wasm module takes a moment to compile). */
const graphviz = (): Promise<Viz> => (viz ??= instance());

// visualize.py's palette: inputs darkseagreen2, nodes lightblue, output palegoldenrod.
const FILL = { input: '#b4eeb4', node: '#add8e6', output: '#eee8aa' } as const;
const HIGHLIGHT = '#dc2626';
/**
 * Graphviz sizes text with Helvetica's metrics; Arial and Liberation Sans share them, so labels
 * drawn in any of these fill exactly the room the layout left.
 */
const FONTS = 'Helvetica,Arial,Liberation Sans,sans-serif';

const quote = (s: string): string => `"${s.replace(/[\\"]/g, '\\$&')}"`;

/** What an edge is labelled with in a figure: its op (and attention module), and its α weight when known (3 decimals: near uniform, 0.125 and 0.134 differ). */
export const edgeLabel = (e: CellFigure['edges'][number]): string => (e.weight === null || e.weight === undefined ? edgeOpLabel(e) : `${edgeOpLabel(e)} (${e.weight.toFixed(3)})`);

/**
 * The cell as a Graphviz graph: c_{k-2} above c_{k-1}, then node 0, 1, … each one column further
 * right (an invisible chain fixes the order, so the columns do not move between epochs), then c_{k}.
 * Edges are written first, so nodes sit on top and follow in document order. Every edge spans at
 * least two ranks (minlen=2): its label then gets a rank of its own, which cut the labels another
 * edge crosses from 50 to 9 in 150 random DARTS cells.
 */
export function cellDot(cell: CellFigure): string {
  const nodes = Math.max(1, ...cell.concat.map((s) => s - FIRST_NODE + 1), ...cell.edges.map((e) => e.to + 1));
  const lines = [
    'digraph cell {',
    `graph [rankdir=LR, outputorder=edgesfirst, ranksep=0.2, nodesep=0.3, pad=0.15, bgcolor=white, fontname=Helvetica, fontsize=15${cell.title ? `, label=${quote(cell.title)}, labelloc=t, labeljust=l` : ''}]`,
    'node [shape=box, style="filled,rounded", fontname=Helvetica, fontsize=13, height=0.4, width=0.5, penwidth=1]',
    'edge [fontname=Helvetica, fontsize=12, minlen=2, penwidth=1.3, arrowsize=0.8, color="#444444", fontcolor="#222222"]',
    `s0 [label="c_{k-2}", fillcolor="${FILL.input}", class="cell-node cell-input"]`,
    `s1 [label="c_{k-1}", fillcolor="${FILL.input}", class="cell-node cell-input"]`,
    '{ rank=same; s0 -> s1 [style=invis] }',
  ];
  for (let j = 0; j < nodes; j++) lines.push(`s${j + FIRST_NODE} [label=${quote(stateName(j + FIRST_NODE))}, fillcolor="${FILL.node}", class="cell-node cell-intermediate"]`);
  lines.push(`out [label="c_{k}", fillcolor="${FILL.output}", class="cell-node cell-output"]`);
  const chain = ['s1', ...Array.from({ length: nodes }, (_, j) => `s${j + FIRST_NODE}`), 'out'];
  lines.push(`${chain.join(' -> ')} [style=invis, weight=4]`);
  cell.edges.forEach((e) => {
    const colour = e.highlight ? `, color="${HIGHLIGHT}", fontcolor="${HIGHLIGHT}", penwidth=2.6` : '';
    lines.push(`s${e.from} -> s${e.to + FIRST_NODE} [label=${quote(edgeLabel(e))}, class="cell-edge"${colour}]`);
  });
  for (const s of cell.concat) lines.push(`s${s} -> out [color="#9a9a9a", class="cell-edge-out"]`);
  lines.push('}');
  return lines.join('\n');
}

/**
 * The cell drawn as an SVG document sized in pixels (Graphviz's points taken 1:1, so its 12 pt
 * labels show at 12 px), ready both to save as a file and to place inline in a page.
 */
export async function cellSvg(cell: CellFigure): Promise<string> {
  const svg = (await graphviz()).renderString(cellDot(cell), { format: 'svg' });
  return svg
    .slice(svg.indexOf('<svg'))
    .replace(/<!--[\s\S]*?-->\n?/g, '')
    // Graphviz numbers its elements; two cells on one page would repeat those ids.
    .replace(/ id="[^"]*"/g, '')
    // Its <title>s name graph and DOT nodes ("s0->s2"), which would show as tooltips.
    .replace(/<title>[^<]*<\/title>\n?/g, '')
    .replace(/^<svg width="([\d.]+)pt" height="([\d.]+)pt"/, '<svg width="$1" height="$2" class="cell-svg" role="img"')
    .replaceAll('font-family="Helvetica,sans-Serif"', `font-family="${FONTS}"`)
    // Nothing links: the xlink namespace is a URL a self-contained report should not carry.
    .replace(' xmlns:xlink="http://www.w3.org/1999/xlink"', '')
    // Graphviz writes '-' as &#45; (a leftover of its HTML output); plain text reads and searches better.
    .replaceAll('&#45;', '-');
}

/**
 * A genotype's normal and reduction cell as figures, each edge weighted by `alphas` (the relaxed α
 * of the epoch the genotype was derived from, by group) when given.
 */
export function genotypeCellFigures(g: Genotype, alphas?: { weights: Record<string, number[][]>; primitives: readonly string[] }): Array<{ cell: CellType; figure: CellFigure }> {
  return CELL_TYPES.map((cell) => {
    const edges = withNodes(cell === 'normal' ? g.normal : g.reduce);
    const weights = alphas?.weights[cell];
    const nodes = nodeCount(edges);
    return {
      cell,
      figure: {
        title: cell === 'normal' ? 'Normal cell' : 'Reduction cell',
        concat: [...concatOf(g, cell)],
        edges: edges.map((e) => {
          const edge = { op: e.op, from: e.input, to: e.node - FIRST_NODE, ...(e.attention ? { attention: e.attention } : {}) };
          return { ...edge, weight: edgeWeight(edge, weights, alphas && [...alphas.primitives], nodes) };
        }),
      },
    };
  });
}
