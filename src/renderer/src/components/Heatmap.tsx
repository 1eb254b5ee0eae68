import { useState } from 'react';
import { alphaColour, formatAlpha, SATURATION, scaleColour, scaleTicks, uniformWeight } from '../lib/alpha-scale';
import { alphaRowLabels } from '../lib/cell';

type Mode = 'weight' | 'change';

/**
 * Per-edge α weights of one cell type as a table: rows are edges, columns the candidate ops, each
 * cell coloured by how far its weight has moved from uniform (lib/alpha-scale), with a colour bar.
 */
export function AlphaHeatmap({ title, weights, primitives, nodes }: { title: string; weights: number[][]; primitives: string[]; /** The cell's intermediate nodes, to name the rows of a fixed-chain α. */ nodes?: number }) {
  const [mode, setMode] = useState<Mode>('weight');
  const labels = alphaRowLabels(weights.length, nodes);
  const ops = weights[0]?.length ?? 0;
  const names = Array.from({ length: ops }, (_, i) => primitives[i] ?? `op ${i}`);
  const uniform = uniformWeight(ops);
  return (
    <figure className="heatmap" data-testid={`heatmap-${title}`}>
      <figcaption>
        {title}
        <label className="heatmap-mode">
          show{' '}
          <select value={mode} onChange={(e) => setMode(e.target.value as Mode)}>
            <option value="weight">weight</option>
            <option value="change">change from uniform</option>
          </select>
        </label>
      </figcaption>
      <table>
        <thead>
          <tr>
            <th scope="col">edge</th>
            {names.map((n) => (
              <th key={n} scope="col" className="heatmap-op">
                <span>{n}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weights.map((row, r) => {
            const best = row.indexOf(Math.max(...row));
            return (
              <tr key={r}>
                <th scope="row">{labels[r]}</th>
                {row.map((w, c) => {
                  const colour = alphaColour(w, ops);
                  return (
                    <td
                      key={c}
                      title={`${labels[r]}, ${names[c]}: ${w.toFixed(4)} (${formatAlpha(w, ops, 'change')} against uniform ${uniform.toFixed(4)})`}
                      className={c === best ? 'heatmap-best' : undefined}
                      style={{ background: colour.background, color: colour.dark ? 'white' : '#111' }}
                    >
                      {formatAlpha(w, ops, mode)}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
      <ColourBar ops={ops} />
      <p className="heatmap-legend">
        White is uniform (1/{ops} = {uniform.toFixed(3)}); blue above it, orange below, full at {SATURATION}× or 1/{SATURATION} of uniform. <span className="heatmap-best-key">Outlined</span>: each
        edge&apos;s strongest op, <code>none</code> included (deriving the cell skips <code>none</code>, so the drawn op can be the runner-up).
      </p>
    </figure>
  );
}

const BAR_W = 240;
const BAR_H = 12;
/** Room either side for the end ticks' labels. */
const PAD = 20;

/** The heat map's scale from 1/SATURATION of uniform to SATURATION times uniform, ticks at powers of 2. */
function ColourBar({ ops }: { ops: number }) {
  const ticks = scaleTicks(ops);
  const x = (position: number) => PAD + ((position + 1) / 2) * BAR_W;
  const stops = [-1, -0.5, 0, 0.5, 1];
  const id = `alpha-scale-${ops}`;
  return (
    <svg className="heatmap-scale" width={BAR_W + 2 * PAD} height={BAR_H + 20} role="img" aria-label={`colour scale from ${ticks[0]?.weight.toFixed(3)} to ${ticks.at(-1)?.weight.toFixed(3)}, white at uniform`} fontSize="11">
      <defs>
        <linearGradient id={id}>
          {stops.map((p) => (
            <stop key={p} offset={(p + 1) / 2} stopColor={scaleColour(p).background} />
          ))}
        </linearGradient>
      </defs>
      <rect x={PAD} y={1} width={BAR_W} height={BAR_H} fill={`url(#${id})`} stroke="#999" />
      {ticks.map((t) => (
        <g key={t.weight}>
          <line x1={x(t.position)} x2={x(t.position)} y1={BAR_H + 1} y2={BAR_H + 5} stroke="#555" />
          <text x={x(t.position)} y={BAR_H + 17} textAnchor="middle" fill="#333">
            {t.weight.toFixed(3)}
          </text>
        </g>
      ))}
    </svg>
  );
}
