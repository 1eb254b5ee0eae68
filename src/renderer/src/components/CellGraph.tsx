import { useMemo, useRef } from 'react';
import { cellNodes, edgeOpLabel, edgeWeight, type DrawnCell } from '../lib/cell';
import { layoutCell } from '../lib/cell-layout';
import { downloadBlob, downloadText } from '../lib/download';

// The reference visualizer's palette (visualize.py): inputs darkseagreen2, nodes lightblue, output palegoldenrod.
const FILL = { input: '#b4eeb4', node: '#add8e6', output: '#eee8aa' } as const;

interface CellGraphProps {
  /** The cell to draw (lib/cell drawnCells). */
  cell: DrawnCell;
  /** This epoch's α weights of the cell, for the weight on each edge. */
  weights?: number[][];
  primitives?: string[];
  /** Edge indices to highlight (the compare view marks edges the other run lacks). */
  highlight?: boolean[];
  /** File name stem for exports; no export buttons when absent. */
  exportName?: string;
}

/** A derived cell drawn like the reference: c_{k-2}, c_{k-1} → nodes 0..n-1 → c_{k}, edges labelled op (weight). */
export function CellGraph({ cell, weights, primitives, highlight, exportName }: CellGraphProps) {
  const svgRef = useRef<SVGSVGElement>(null);
  const { edges, concat, id } = cell;
  const nodes = cellNodes(edges, concat);
  const labels = edges.map((e) => {
    const w = edgeWeight(e, weights, primitives, nodes);
    return w === null ? edgeOpLabel(e) : `${edgeOpLabel(e)} (${w.toFixed(2)})`;
  });
  const laid = useMemo(() => layoutCell(edges, concat, labels), [edges, concat, labels.join('|')]);

  const exportSvg = () => svgRef.current && downloadText(`${exportName}-${cell.fileStem}.svg`, 'image/svg+xml', serialise(svgRef.current));
  const exportPng = () => svgRef.current && void svgToPng(svgRef.current, laid.width, laid.height).then((blob) => downloadBlob(`${exportName}-${cell.fileStem}.png`, blob));

  return (
    <figure className="cell-graph" data-testid={`cell-graph-${id}`}>
      <figcaption>
        {cell.title}
        {exportName && (
          <span className="figure-actions">
            <button type="button" onClick={exportSvg}>
              SVG
            </button>
            <button type="button" onClick={exportPng}>
              PNG
            </button>
          </span>
        )}
      </figcaption>
      <svg ref={svgRef} xmlns="http://www.w3.org/2000/svg" width={laid.width} height={laid.height} viewBox={`0 0 ${laid.width} ${laid.height}`} className="cell-svg" role="img" aria-label={`${cell.title}: ${edges.length} edges`} fontFamily="Helvetica, Arial, sans-serif" fontSize="11">
        <defs>
          <marker id={`arrow-${id}`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" markerUnits="userSpaceOnUse" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" fill="#555" />
          </marker>
        </defs>
        <rect width={laid.width} height={laid.height} fill="white" />
        {laid.edges.map((e, i) => {
          const hot = e.index !== null && highlight?.[e.index];
          const d = e.points.map((p, j) => `${j ? 'L' : 'M'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
          return (
            <g key={i} className={e.index === null ? 'cell-edge-out' : 'cell-edge'} data-op={e.index === null ? undefined : edges[e.index].op}>
              <path d={d} fill="none" stroke={hot ? '#dc2626' : '#555'} strokeWidth={hot ? 2.5 : 1.2} markerEnd={`url(#arrow-${id})`} />
              {e.label && (
                <text className="edge-label" x={e.labelX} y={e.labelY + 4} textAnchor="middle" fill={hot ? '#dc2626' : '#222'} fontWeight={hot ? 'bold' : undefined} stroke="white" strokeWidth="3" paintOrder="stroke">
                  {e.label}
                </text>
              )}
            </g>
          );
        })}
        {laid.nodes.map((n) => (
          <g key={n.id} className="cell-node">
            <rect x={n.x - n.width / 2} y={n.y - n.height / 2} width={n.width} height={n.height} rx={n.kind === 'node' ? 4 : 2} fill={FILL[n.kind]} stroke="#333" />
            <text x={n.x} y={n.y + 4} textAnchor="middle" fill="#111">
              {n.label}
            </text>
          </g>
        ))}
      </svg>
    </figure>
  );
}

function serialise(svg: SVGSVGElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(svg)}`;
}

/** Rasterises at 2× through an <img> of the SVG as a data: URL (the page's CSP allows data: images). */
async function svgToPng(svg: SVGSVGElement, width: number, height: number): Promise<Blob> {
  const img = new Image();
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(serialise(svg))}`;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(width * 2);
  canvas.height = Math.ceil(height * 2);
  const ctx = canvas.getContext('2d')!;
  ctx.scale(2, 2);
  ctx.drawImage(img, 0, 0);
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
}
