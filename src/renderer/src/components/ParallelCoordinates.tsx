import { formatNumber } from '../lib/format';

export interface PcLine {
  id: string;
  label: string;
  color: string;
  values: Array<number | null>;
}

/** Parallel coordinates: one vertical axis per dimension (own min–max), one polyline per run. */
export function ParallelCoordinates({ axes, lines }: { axes: string[]; lines: PcLine[] }) {
  const width = Math.max(320, axes.length * 140);
  const height = 260;
  const top = 28;
  const bottom = height - 24;
  const x = (i: number) => 50 + (i * (width - 100)) / Math.max(1, axes.length - 1);
  const ranges = axes.map((_, i) => {
    const vs = lines.map((l) => l.values[i]).filter((v): v is number => v !== null && Number.isFinite(v));
    const lo = Math.min(...vs);
    const hi = Math.max(...vs);
    return vs.length ? { lo, hi: hi === lo ? lo + 1 : hi } : null;
  });
  const y = (i: number, v: number | null) => {
    const r = ranges[i];
    if (v === null || !r) return null;
    return bottom - ((v - r.lo) / (r.hi - r.lo)) * (bottom - top);
  };
  return (
    <svg className="parallel-coords" width={width} height={height} role="img" aria-label={`Parallel coordinates of ${axes.join(', ')}`} data-testid="parallel-coordinates">
      {axes.map((a, i) => (
        <g key={a}>
          <line x1={x(i)} x2={x(i)} y1={top} y2={bottom} stroke="currentColor" strokeOpacity={0.4} />
          <text x={x(i)} y={14} textAnchor="middle" fontSize="11" fill="currentColor">
            {a}
          </text>
          {ranges[i] && (
            <>
              <text x={x(i) + 4} y={top + 4} fontSize="9" fill="currentColor" opacity={0.7}>
                {formatNumber(ranges[i]!.hi, 3)}
              </text>
              <text x={x(i) + 4} y={bottom} fontSize="9" fill="currentColor" opacity={0.7}>
                {formatNumber(ranges[i]!.lo, 3)}
              </text>
            </>
          )}
        </g>
      ))}
      {lines.map((l) => {
        const pts = l.values.map((v, i) => [x(i), y(i, v)] as const).filter((p): p is readonly [number, number] => p[1] !== null);
        return (
          <polyline key={l.id} points={pts.map((p) => p.join(',')).join(' ')} fill="none" stroke={l.color} strokeWidth={2} opacity={0.85}>
            <title>{l.label}</title>
          </polyline>
        );
      })}
    </svg>
  );
}
