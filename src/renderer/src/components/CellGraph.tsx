import { useMemo } from 'react';
import { useApiWhenReady } from '../api';
import { useCellSvg } from '../hooks/useCellSvg';
import { cellFigure, type DrawnCell } from '../lib/cell';
import { downloadBlob, downloadText } from '../lib/download';
import { errorMessage } from '../lib/format';

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

/**
 * A derived cell drawn like the reference (c_{k-2}, c_{k-1} → nodes 0..n-1 → c_{k}, edges labelled
 * op (weight)) by the host's cell renderer, the one the exported figures and the report use: the
 * SVG it returns is placed as is, and saved as is.
 */
export function CellGraph({ cell, weights, primitives, highlight, exportName }: CellGraphProps) {
  const api = useApiWhenReady();
  const figure = useMemo(() => cellFigure(cell, weights, primitives, highlight), [cell, weights, primitives, highlight]);
  const { svg, error } = useCellSvg(api, figure);
  const file = `${exportName}-${cell.fileStem}`;
  return (
    <figure className="cell-graph" data-testid={`cell-graph-${cell.id}`} aria-label={`${cell.title}: ${cell.edges.length} edges`}>
      <figcaption>
        {cell.title}
        {exportName && svg && (
          <span className="figure-actions">
            <button type="button" onClick={() => downloadText(`${file}.svg`, 'image/svg+xml', `<?xml version="1.0" encoding="UTF-8"?>\n${svg}`)}>
              SVG
            </button>
            <button type="button" onClick={() => void svgToPng(svg).then((blob) => downloadBlob(`${file}.png`, blob))}>
              PNG
            </button>
          </span>
        )}
      </figcaption>
      {error !== null && <p className="field-error">Could not draw the cell: {errorMessage(error)}</p>}
      {/* The host's Graphviz output: op ids are checked against a strict pattern before drawing. */}
      {svg && <div className="cell-drawing" dangerouslySetInnerHTML={{ __html: svg }} />}
    </figure>
  );
}

/** Rasterises at 2× through an <img> of the SVG as a data: URL (the page's CSP allows data: images). */
async function svgToPng(svg: string): Promise<Blob> {
  const img = new Image();
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(img.naturalWidth * 2);
  canvas.height = Math.ceil(img.naturalHeight * 2);
  const ctx = canvas.getContext('2d')!;
  ctx.scale(2, 2);
  ctx.drawImage(img, 0, 0);
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
}
