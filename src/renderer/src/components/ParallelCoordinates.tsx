import { useMemo, useRef, useState, type PointerEvent } from 'react';
import { formatNumber } from '../lib/format';
import { axisRanges, brushBetween, fraction, inBrushes, METRIC_STOPS, metricColour, type Range } from '../lib/parallel';

export interface PcAxis {
  /** Plain-language name. */
  label: string;
  /** The config key or metric id, shown small beneath the name. */
  key?: string;
}

export interface PcLine {
  id: string;
  label: string;
  color: string;
  /** Where clicking the line goes (the run's page). */
  href: string;
  values: Array<number | null>;
}

const HEIGHT = 280;
const TOP = 44;
const BOTTOM = HEIGHT - 24;
const OUTSIDE = '#9ca3af';

/**
 * Parallel coordinates: one vertical axis per dimension (own min–max), one polyline per run.
 * Dragging along an axis brushes a range (runs outside every brushed range fade), clicking an axis
 * clears its brush; lines take the run's colour or a chosen metric's; a line is a link to its run.
 */
export function ParallelCoordinates({ axes, lines }: { axes: PcAxis[]; lines: PcLine[] }) {
  const width = Math.max(320, axes.length * 150);
  const x = (i: number) => 60 + (i * (width - 120)) / Math.max(1, axes.length - 1);
  const ranges = useMemo(() => axisRanges(lines.map((l) => l.values), axes.length), [lines, axes.length]);
  const y = (i: number, v: number | null) => (v === null || !ranges[i] ? null : BOTTOM - fraction(v, ranges[i]!) * (BOTTOM - TOP));
  const [brushes, setBrushes] = useState<Array<Range | null>>(() => axes.map(() => null));
  const [colourBy, setColourBy] = useState<number | null>(null);
  const svg = useRef<SVGSVGElement>(null);
  const drag = useRef<{ axis: number; from: number } | null>(null);

  // The fraction (0 bottom … 1 top) of the axis height at the pointer, whatever size the SVG is drawn at.
  const pointerFraction = (e: PointerEvent) => {
    const el = svg.current!;
    const yIn = new DOMPoint(e.clientX, e.clientY).matrixTransform(el.getScreenCTM()!.inverse()).y;
    return (BOTTOM - yIn) / (BOTTOM - TOP);
  };
  const setBrush = (axis: number, b: Range | null) => setBrushes((bs) => axes.map((_, i) => (i === axis ? b : (bs[i] ?? null))));
  const onDown = (axis: number) => (e: PointerEvent) => {
    if (!ranges[axis]) return;
    (e.target as Element).setPointerCapture(e.pointerId);
    drag.current = { axis, from: pointerFraction(e) };
  };
  const onMove = (e: PointerEvent) => {
    const d = drag.current;
    if (d) setBrush(d.axis, brushBetween(d.from, pointerFraction(e), ranges[d.axis]!));
  };
  const onUp = (e: PointerEvent) => {
    const d = drag.current;
    drag.current = null;
    if (!d) return;
    const to = pointerFraction(e);
    // A click (no real drag) clears the axis' brush.
    setBrush(d.axis, Math.abs(to - d.from) < 0.02 ? null : brushBetween(d.from, to, ranges[d.axis]!));
  };

  const inside = lines.map((l) => inBrushes(l.values, brushes));
  const brushed = brushes.some(Boolean);
  const colour = (l: PcLine) => {
    if (colourBy === null) return l.color;
    const v = l.values[colourBy];
    const r = ranges[colourBy];
    return v === null || !r ? OUTSIDE : metricColour(fraction(v, r));
  };
  // Runs outside the brushes are drawn first, faded, under the ones inside.
  const order = lines.map((_, i) => i).sort((a, b) => Number(inside[a]) - Number(inside[b]));
  const colourRange = colourBy === null ? null : ranges[colourBy];

  return (
    <div className="parallel" data-testid="parallel">
      <div className="chart-controls">
        <label>
          Colour by{' '}
          <select value={colourBy ?? ''} onChange={(e) => setColourBy(e.target.value === '' ? null : Number(e.target.value))} data-testid="pc-colour-by">
            <option value="">run</option>
            {axes.map((a, i) => (
              <option key={i} value={i} disabled={!ranges[i]}>
                {a.label}
              </option>
            ))}
          </select>
        </label>
        {colourRange && (
          <svg className="pc-colour-bar" width={220} height={28} role="img" aria-label={`Colour scale from ${formatNumber(colourRange.lo, 3)} to ${formatNumber(colourRange.hi, 3)}`} data-testid="pc-colour-bar">
            <defs>
              <linearGradient id="pc-gradient">
                {METRIC_STOPS.map((c, i) => (
                  <stop key={c} offset={`${(i / (METRIC_STOPS.length - 1)) * 100}%`} stopColor={c} />
                ))}
              </linearGradient>
            </defs>
            <rect x={40} y={4} width={140} height={10} fill="url(#pc-gradient)" />
            <text x={36} y={13} textAnchor="end" fontSize="11" fill="currentColor">
              {formatNumber(colourRange.lo, 3)}
            </text>
            <text x={184} y={13} fontSize="11" fill="currentColor">
              {formatNumber(colourRange.hi, 3)}
            </text>
          </svg>
        )}
        <span data-testid="pc-status">
          {brushed ? `${inside.filter(Boolean).length} of ${lines.length} runs inside the brushed ranges` : `${lines.length} runs`}
        </span>
        {brushed && (
          <button type="button" className="link-button" onClick={() => setBrushes(axes.map(() => null))}>
            Clear brushes
          </button>
        )}
      </div>
      <p className="muted">Drag along an axis to keep only the runs in that range; click the axis to clear it. Click a line to open its run.</p>
      <div className="pc-scroll">
        <svg ref={svg} className="parallel-coords" width={width} height={HEIGHT} viewBox={`0 0 ${width} ${HEIGHT}`} role="group" aria-label={`Parallel coordinates of ${axes.map((a) => a.label).join(', ')}`} data-testid="parallel-coordinates">
          {order.map((k) => {
            const l = lines[k];
            const pts = l.values
              .map((v, i) => [x(i), y(i, v)] as const)
              .filter((p): p is readonly [number, number] => p[1] !== null)
              .map((p) => p.join(','))
              .join(' ');
            return (
              <a key={l.id} href={l.href} data-testid={`pc-line-${l.id}`} data-inside={inside[k]} aria-label={`${l.label}: open the run`}>
                <title>{l.label}</title>
                {/* A wide invisible stroke makes the thin line easy to click. */}
                <polyline points={pts} fill="none" stroke="transparent" strokeWidth={10} />
                <polyline className="pc-line" points={pts} fill="none" stroke={inside[k] ? colour(l) : OUTSIDE} strokeWidth={inside[k] ? 2.5 : 1.5} opacity={inside[k] ? 0.9 : 0.35} />
              </a>
            );
          })}
          {axes.map((a, i) => {
            const b = brushes[i];
            const r = ranges[i];
            return (
              <g key={i} data-testid={`pc-axis-${i}`}>
                <text x={x(i)} y={14} textAnchor="middle" fontSize="12" fill="currentColor">
                  {a.label}
                </text>
                {a.key && (
                  <text x={x(i)} y={27} textAnchor="middle" fontSize="10" fill="currentColor" opacity={0.65} fontFamily="monospace">
                    {a.key}
                  </text>
                )}
                <line x1={x(i)} x2={x(i)} y1={TOP} y2={BOTTOM} stroke="currentColor" strokeOpacity={0.4} />
                {r && (
                  <>
                    <text x={x(i) + 5} y={TOP + 4} fontSize="10" fill="currentColor" opacity={0.75}>
                      {formatNumber(r.hi, 3)}
                    </text>
                    <text x={x(i) + 5} y={BOTTOM} fontSize="10" fill="currentColor" opacity={0.75}>
                      {formatNumber(r.lo, 3)}
                    </text>
                  </>
                )}
                {b && r && <rect className="pc-brush" x={x(i) - 8} width={16} y={BOTTOM - fraction(b.hi, r) * (BOTTOM - TOP)} height={Math.max(2, (fraction(b.hi, r) - fraction(b.lo, r)) * (BOTTOM - TOP))} data-testid={`pc-brush-${i}`} />}
                {/* The hit area for brushing: wider than the axis line, over the lines. */}
                <rect className="pc-hit" x={x(i) - 14} width={28} y={TOP - 4} height={BOTTOM - TOP + 8} fill="transparent" onPointerDown={onDown(i)} onPointerMove={onMove} onPointerUp={onUp} data-testid={`pc-hit-${i}`}>
                  <title>{`Drag to brush ${a.label}; click to clear`}</title>
                </rect>
              </g>
            );
          })}
        </svg>
      </div>
    </div>
  );
}
