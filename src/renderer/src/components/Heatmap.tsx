import { alphaRowLabels } from '../lib/cell';
import { formatNumber } from '../lib/format';

/** Per-edge α weights of one cell type as a table: rows are edges, columns the candidate ops. */
export function AlphaHeatmap({ title, weights, primitives, nodes }: { title: string; weights: number[][]; primitives: string[]; /** The cell's intermediate nodes, to name the rows of a fixed-chain α. */ nodes?: number }) {
  const labels = alphaRowLabels(weights.length, nodes);
  const cols = weights[0]?.length ?? 0;
  const names = Array.from({ length: cols }, (_, i) => primitives[i] ?? `op ${i}`);
  // Colour spans this matrix's own range: early in a search every weight is near 1/ops, and an
  // absolute 0..1 scale would show a uniform wash. The numbers stay absolute.
  const flat = weights.flat();
  const lo = Math.min(...flat);
  const span = Math.max(...flat) - lo || 1;
  return (
    <figure className="heatmap" data-testid={`heatmap-${title}`}>
      <figcaption>{title}</figcaption>
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
                {row.map((w, c) => (
                  <td
                    key={c}
                    title={`${labels[r]}, ${names[c]}: ${formatNumber(w)}`}
                    className={c === best ? 'heatmap-best' : undefined}
                    style={{ background: `rgba(37, 99, 235, ${(0.05 + 0.9 * ((w - lo) / span)).toFixed(3)})`, color: (w - lo) / span > 0.55 ? 'white' : undefined }}
                  >
                    {w.toFixed(2)}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </figure>
  );
}
