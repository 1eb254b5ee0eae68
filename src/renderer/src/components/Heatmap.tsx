import { alphaRowLabels } from '../lib/cell';
import { formatNumber } from '../lib/format';

/** Per-edge α weights of one cell type as a table: rows are edges, columns the candidate ops. */
export function AlphaHeatmap({ title, weights, primitives }: { title: string; weights: number[][]; primitives: string[] }) {
  const labels = alphaRowLabels(weights.length);
  const cols = weights[0]?.length ?? 0;
  const names = Array.from({ length: cols }, (_, i) => primitives[i] ?? `op ${i}`);
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
                    style={{ background: `rgba(37, 99, 235, ${Math.min(1, Math.max(0, w)).toFixed(3)})`, color: w > 0.5 ? 'white' : undefined }}
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
