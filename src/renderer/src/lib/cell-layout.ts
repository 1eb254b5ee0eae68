import { Graph, layout } from '@dagrejs/dagre';
import { stateName, type CellEdge } from './cell';

// Lays a cell out left to right with dagre, as the reference's graphviz plot (rankdir=LR): cell
// inputs first, intermediate nodes, then c_{k} fed by every concatenated state.

export interface LaidNode {
  id: string;
  label: string;
  kind: 'input' | 'node' | 'output';
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LaidEdge {
  /** Index into the cell's edge list; null for the unlabelled edges into c_{k}. */
  index: number | null;
  label: string;
  points: Array<{ x: number; y: number }>;
  labelX: number;
  labelY: number;
}

export interface CellLayout {
  width: number;
  height: number;
  nodes: LaidNode[];
  edges: LaidEdge[];
}

const CHAR_WIDTH = 7;

export function layoutCell(edges: CellEdge[], concat: number[], labels: string[]): CellLayout {
  const g = new Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: 24, ranksep: 70, edgesep: 12, marginx: 8, marginy: 8 });
  const states = new Set<number>([0, 1]);
  for (const e of edges) {
    states.add(e.from);
    states.add(e.to + 2);
  }
  for (const s of concat) states.add(s);
  for (const s of [...states].sort((a, b) => a - b)) {
    const label = stateName(s);
    g.setNode(`s${s}`, { label, width: Math.max(36, label.length * CHAR_WIDTH + 16), height: 30, kind: s < 2 ? 'input' : 'node' });
  }
  g.setNode('out', { label: 'c_{k}', width: 52, height: 30, kind: 'output' });
  edges.forEach((e, i) => {
    g.setEdge(`s${e.from}`, `s${e.to + 2}`, { label: labels[i], width: labels[i].length * 6.2 + 8, height: 14, labelpos: 'c', index: i }, `e${i}`);
  });
  for (const s of concat) g.setEdge(`s${s}`, 'out', { label: '', width: 0, height: 0, index: null }, `o${s}`);
  layout(g);

  const nodes: LaidNode[] = g.nodes().map((id) => {
    const n = g.node(id) as unknown as { label: string; kind: LaidNode['kind']; x: number; y: number; width: number; height: number };
    return { id, label: n.label, kind: n.kind, x: n.x, y: n.y, width: n.width, height: n.height };
  });
  const laidEdges: LaidEdge[] = g.edges().map((ref) => {
    const e = g.edge(ref) as unknown as { label: string; index: number | null; points: Array<{ x: number; y: number }>; x?: number; y?: number };
    const mid = e.points[Math.floor(e.points.length / 2)];
    return { index: e.index, label: e.label, points: e.points, labelX: e.x ?? mid.x, labelY: e.y ?? mid.y };
  });
  const graph = g.graph() as { width?: number; height?: number };
  return { width: graph.width ?? 0, height: graph.height ?? 0, nodes, edges: laidEdges };
}
