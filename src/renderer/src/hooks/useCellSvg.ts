import { useEffect, useState } from 'react';
import type { CellFigure } from '../../../shared/cell-figure';
import type { ApiClient } from '../../../shared/api';

// Drawn cells by request: scrubbing back to an epoch, or a second view of the same cell, reuses the
// SVG instead of asking the host again. Bounded, oldest first out.
const drawn = new Map<string, Promise<string>>();
const KEEP = 256;

function draw(api: ApiClient, figure: CellFigure): Promise<string> {
  const key = JSON.stringify(figure);
  let svg = drawn.get(key);
  if (!svg) {
    svg = api.call('drawCells', { cells: [figure] }).then(([s]) => s);
    svg.catch(() => drawn.delete(key));
    drawn.set(key, svg);
    if (drawn.size > KEEP) drawn.delete(drawn.keys().next().value as string);
  }
  return svg;
}

/**
 * The cell as the host draws it (SVG markup), or the error; nothing until connected. While a new
 * figure is drawn the last one stays, so the drawing does not blink between epochs.
 */
export function useCellSvg(api: ApiClient | null, figure: CellFigure): { svg: string | null; error: unknown } {
  const [state, setState] = useState<{ svg: string | null; error: unknown }>({ svg: null, error: null });
  const key = JSON.stringify(figure);
  useEffect(() => {
    if (!api) return;
    let live = true;
    draw(api, figure).then(
      (svg) => live && setState({ svg, error: null }),
      (error: unknown) => live && setState({ svg: null, error }),
    );
    return () => {
      live = false;
    };
  }, [api, key]);
  return state;
}
