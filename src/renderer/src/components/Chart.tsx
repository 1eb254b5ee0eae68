import { useEffect, useMemo, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { chartCsv, csvName } from '../lib/csv';
import { downloadText } from '../lib/download';
import { latestValue, smoothedLine } from '../lib/smoothing';
import { formatDuration, formatNumber } from '../lib/format';
import type { ChartMark } from '../lib/stages';

export interface ChartLine {
  id: string;
  label: string;
  color: string;
  x: number[];
  y: Array<number | null>;
  /** A noisy per-step series (lib/smoothing isNoisy): the only kind the smoothing applies to. */
  noisy: boolean;
  hidden?: boolean;
}

interface ChartProps {
  title: string;
  xLabel: string;
  lines: ChartLine[];
  /** EMA weight in [0, 1); above 0 a noisy line is drawn smoothed over its faint raw self. */
  smoothing: number;
  logScale: boolean;
  height?: number;
  /** Dashed labelled lines: vertical at x (P-DARTS stage transitions), horizontal at y (thresholds). */
  marks?: ChartMark[];
  /** Charts with the same key share the crosshair and the x zoom (Compare's panels on one axis; not for live charts, whose autoscale would reset the others' zoom). */
  sync?: string;
  /** Prefix of the CSV file name (e.g. the run's name). */
  csvPrefix?: string;
  /** What x counts: whole steps or epochs (default), seconds (ticks read as durations), or Unix seconds (a date-time axis). */
  xScale?: XScale;
}

export type XScale = 'count' | 'seconds' | 'date';

// Steps and epochs are whole numbers: no fractional ticks; durations tick at round seconds, minutes and hours.
const COUNT_INCRS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5, 1e6];
const SECOND_INCRS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800];

/** The x scale, axis and legend value for `xScale` (uPlot's own time scale for dates). */
function xOptions(xScale: XScale, xLabel: string, grid: uPlot.Axis.Grid): { scale: uPlot.Scale; axis: uPlot.Axis; series: uPlot.Series } {
  const axis: uPlot.Axis = { label: xLabel, stroke: 'currentColor', grid };
  if (xScale === 'date') return { scale: { time: true }, axis, series: { label: xLabel } };
  if (xScale === 'seconds') {
    return { scale: { time: false }, axis: { ...axis, incrs: SECOND_INCRS, values: (_u, splits) => splits.map(formatDuration) }, series: { label: xLabel, value: (_u, v) => formatDuration(v) } };
  }
  return { scale: { time: false }, axis: { ...axis, incrs: COUNT_INCRS }, series: { label: xLabel } };
}

/** Applies one chart's x zoom to the others of its sync group. */
function zoomSyncPlugin(key: string): uPlot.Plugin {
  return {
    hooks: {
      setScale: (u, scale) => {
        if (scale !== 'x') return;
        const { min, max } = u.scales.x;
        if (min == null || max == null) return;
        for (const other of uPlot.sync(key).plots) {
          if (other === u || (other.scales.x.min === min && other.scales.x.max === max)) continue;
          other.setScale('x', { min, max });
        }
      },
    },
  };
}

/** Mouse wheel zooms the x axis around the pointer; dragging with the middle button or Shift pans. */
function wheelPanPlugin(): uPlot.Plugin {
  return {
    hooks: {
      ready: (u) => {
        const over = u.over;
        over.addEventListener(
          'wheel',
          (e) => {
            e.preventDefault();
            const { min, max } = u.scales.x;
            if (min === undefined || max === undefined || min === null || max === null) return;
            const at = u.posToVal(e.offsetX, 'x');
            const k = e.deltaY < 0 ? 0.8 : 1.25;
            u.setScale('x', { min: at - (at - min) * k, max: at + (max - at) * k });
          },
          { passive: false },
        );
        over.addEventListener('mousedown', (e) => {
          if (e.button !== 1 && !e.shiftKey) return;
          e.preventDefault();
          e.stopPropagation();
          const { min, max } = u.scales.x;
          if (min === undefined || max === undefined || min === null || max === null) return;
          const x0 = e.clientX;
          const perPx = (max - min) / u.bbox.width * devicePixelRatio;
          const move = (m: MouseEvent) => {
            const dx = (m.clientX - x0) * perPx;
            u.setScale('x', { min: min - dx, max: max - dx });
          };
          const up = () => {
            document.removeEventListener('mousemove', move);
            document.removeEventListener('mouseup', up);
          };
          document.addEventListener('mousemove', move);
          document.addEventListener('mouseup', up);
        });
      },
    },
  };
}

/** Draws `marks()` over the plot area, clipped to it; read on every draw, so new marks need only a redraw. */
function marksPlugin(marks: () => ChartMark[]): uPlot.Plugin {
  return {
    hooks: {
      draw: (u) => {
        const list = marks();
        if (list.length === 0) return;
        const { left, top, width, height } = u.bbox;
        const px = uPlot.pxRatio;
        const ctx = u.ctx;
        ctx.save();
        ctx.beginPath();
        ctx.rect(left, top, width, height);
        ctx.clip();
        ctx.strokeStyle = ctx.fillStyle = getComputedStyle(u.root).color || '#555';
        ctx.globalAlpha = 0.7;
        ctx.lineWidth = px;
        ctx.setLineDash([5 * px, 4 * px]);
        ctx.font = `${10 * px}px sans-serif`;
        ctx.textBaseline = 'top';
        for (const m of list) {
          if ('y' in m) {
            // A threshold: a horizontal line, labelled at its left end above it.
            const y = u.valToPos(m.y, 'y', true);
            if (y < top || y > top + height) continue;
            ctx.beginPath();
            ctx.moveTo(left, y);
            ctx.lineTo(left + width, y);
            ctx.stroke();
            ctx.textAlign = 'left';
            ctx.fillText(m.label, left + 3 * px, y - 13 * px);
            continue;
          }
          const x = u.valToPos(m.x, 'x', true);
          if (x < left || x > left + width) continue;
          ctx.beginPath();
          ctx.moveTo(x, top);
          ctx.lineTo(x, top + height);
          ctx.stroke();
          // The label right of its line, or left of it where it would run off the plot.
          const right = x + 3 * px + ctx.measureText(m.label).width <= left + width;
          ctx.textAlign = right ? 'left' : 'right';
          ctx.fillText(m.label, right ? x + 3 * px : x - 3 * px, top + 3 * px);
        }
        ctx.restore();
      },
    },
  };
}

function yRange(min: number | null, max: number | null, marks: readonly ChartMark[]): uPlot.Range.MinMax {
  const ys = marks.flatMap((m) => ('y' in m ? [m.y] : []));
  const lo = Math.min(min ?? Infinity, ...ys);
  const hi = Math.max(max ?? -Infinity, ...ys);
  return Number.isFinite(lo) && Number.isFinite(hi) ? uPlot.rangeNum(lo, hi, 0.1, true) : [0, 1];
}

const faint = (color: string): string => `color-mix(in srgb, ${color} 28%, transparent)`;

/**
 * A uPlot chart of lines that may have different x values (joined on the union of x). The plot is
 * rebuilt only when its shape changes (lines, smoothing, scale); new points go through setData,
 * which keeps the user's zoom.
 */
export function Chart({ title, xLabel, lines, smoothing, logScale, height = 220, marks, sync, csvPrefix, xScale = 'count' }: ChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const marksRef = useRef<ChartMark[]>(marks ?? []);
  marksRef.current = marks ?? [];
  const plot = useRef<uPlot | null>(null);
  const zoomed = useRef(false);
  const smoothed = (l: ChartLine) => l.noisy && smoothing > 0;
  // The x label is part of the shape: a chart switched to another metric relabels its axis.
  const shape = lines.map((l) => `${l.id}|${l.label}|${l.color}|${l.hidden ? 1 : 0}|${smoothed(l)}`).join(',') + `|${logScale}|${xLabel}|${xScale}|${sync}`;

  const data = useMemo(() => {
    const tables: uPlot.AlignedData[] = lines.map((l) => {
      const y = logScale ? l.y.map((v) => (v !== null && v > 0 ? v : null)) : l.y;
      const s = smoothedLine(y, smoothing, l.noisy);
      return (s ? [l.x, y, s] : [l.x, y]) as uPlot.AlignedData;
    });
    if (tables.length === 0) return [[]] as unknown as uPlot.AlignedData;
    return tables.length === 1 ? tables[0] : uPlot.join(tables);
  }, [lines, smoothing, logScale]);
  const points = lines.reduce((n, l) => n + l.x.length, 0);
  // A smoothed line lags behind the data: its true last value is always shown beside it.
  const latest = lines.filter((l) => !l.hidden).flatMap((l) => {
    const v = latestValue(l.y, smoothing, l.noisy);
    return v ? [{ id: l.id, label: l.label, color: l.color, ...v }] : [];
  });

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const grid = { stroke: 'rgba(128,128,128,0.15)' };
    const x = xOptions(xScale, xLabel, grid);
    const series: uPlot.Series[] = [x.series];
    for (const l of lines) {
      if (smoothed(l)) {
        series.push({ label: `${l.label} (raw)`, stroke: faint(l.color), width: 1, show: !l.hidden, spanGaps: true });
        series.push({ label: l.label, stroke: l.color, width: 2, show: !l.hidden, spanGaps: true });
      } else series.push({ label: l.label, stroke: l.color, width: 1.5, show: !l.hidden, spanGaps: true });
    }
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height,
      series,
      // A threshold line stays in view: the y range covers the marks' y as well as the data.
      scales: { x: x.scale, y: logScale ? { distr: 3 } : { range: (_u, min, max) => yRange(min, max, marksRef.current) } },
      axes: [x.axis, { stroke: 'currentColor', grid }],
      cursor: { drag: { x: true, y: false, setScale: true }, ...(sync ? { sync: { key: sync } } : {}) },
      legend: { live: true },
      plugins: [wheelPanPlugin(), marksPlugin(() => marksRef.current), ...(sync ? [zoomSyncPlugin(sync)] : [])],
      hooks: { setSelect: [() => void (zoomed.current = true)] },
    };
    const u = new uPlot(opts, data, el);
    plot.current = u;
    // Double-click resets the zoom (uPlot's own), after which live points autoscale again.
    const reset = () => void (zoomed.current = false);
    u.over.addEventListener('dblclick', reset);
    const resize = new ResizeObserver(() => u.setSize({ width: Math.max(200, el.clientWidth), height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, [shape, height]);

  useEffect(() => {
    plot.current?.setData(data, !zoomed.current);
  }, [data]);

  // New marks need a redraw; a plot with no points yet has no axes to redraw (uPlot throws), and draws them with its first points.
  const markKey = (marks ?? []).map((m) => `${'y' in m ? `y${m.y}` : m.x}|${m.label}`).join(',');
  const drawnMarks = useRef(markKey);
  useEffect(() => {
    const u = plot.current;
    if (drawnMarks.current === markKey || !u?.data[0]?.length) return;
    drawnMarks.current = markKey;
    u.redraw(false, false);
  }, [markKey]);

  return (
    <figure className="chart" data-testid={`chart-${title}`} data-points={points} data-marks={marks?.length || undefined}>
      <figcaption>
        {title}
        {points > 0 && (
          <button type="button" className="link-button chart-csv" onClick={() => downloadText(csvName(csvPrefix ? `${csvPrefix} ${title}` : title), 'text/csv', chartCsv(xLabel, lines))}>
            CSV
          </button>
        )}
      </figcaption>
      {points === 0 ? <div className="chart-empty">No points yet.</div> : null}
      <div ref={host} className="chart-plot" />
      {latest.length > 0 && (
        <p className="chart-latest" data-testid="chart-latest">
          Last:{' '}
          {latest.map((v) => (
            <span key={v.id} data-line={v.id}>
              <span className="swatch" style={{ background: v.color }} aria-hidden="true" /> {v.label} <strong>{formatNumber(v.raw)}</strong>
              {v.smoothed !== null && <span className="muted"> (smoothed {formatNumber(v.smoothed)})</span>}
            </span>
          ))}
        </p>
      )}
    </figure>
  );
}
