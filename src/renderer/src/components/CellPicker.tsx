import { useId } from 'react';
import type { DrawnCell } from '../lib/cell';

/** Chooses which cell of a per-cell genotype is drawn: a labelled native <select>, keyboard operable. */
export function CellPicker({ cells, value, onChange }: { cells: DrawnCell[]; value: number; onChange: (index: number) => void }) {
  const id = useId();
  return (
    <div className="cell-picker">
      <label htmlFor={id}>Cell</label>{' '}
      <select id={id} value={value} onChange={(e) => onChange(Number(e.target.value))} data-testid="cell-picker">
        {cells.map((c, i) => (
          <option key={c.id} value={i}>
            {c.title}
          </option>
        ))}
      </select>{' '}
      <span className="muted">α group {cells[value]?.alphaGroup}</span>
    </div>
  );
}
