import { useMemo, useState } from 'react';
import type { GenotypeJsonShape } from '../../../shared/search-events';
import { shownCells } from '../lib/cell';
import { CellGraph } from './CellGraph';
import { CellPicker } from './CellPicker';

interface GenotypeCellsProps {
  genotype: GenotypeJsonShape;
  /** An α snapshot's weights by group, for the weight on each edge. */
  weights?: Record<string, number[][]>;
  primitives?: string[];
  /** File name stem for exports; the cell's own stem is appended. */
  exportName?: string;
}

/**
 * A genotype's cells: the normal and reduction cell side by side, or, for a genotype with one
 * architecture per cell (Amended-DARTS S2), the cell chosen in a picker. The pick survives a new
 * genotype (another epoch), so scrubbing epochs follows one cell.
 */
export function GenotypeCells({ genotype, weights, primitives, exportName }: GenotypeCellsProps) {
  const [pick, setPick] = useState(0);
  const view = useMemo(() => shownCells(genotype, pick), [genotype, pick]);
  return (
    <>
      {view.picked !== null && <CellPicker cells={view.cells} value={view.picked} onChange={setPick} />}
      <div className="cells">
        {view.shown.map((cell) => (
          <CellGraph key={cell.id} cell={cell} weights={weights?.[cell.alphaGroup]} primitives={primitives} exportName={exportName} />
        ))}
      </div>
    </>
  );
}
