import { useMemo, useState } from 'react';
import type { ApiResults } from '../../../shared/api';
import type { SeriesMetric } from '../../../shared/runs';
import type { GenotypeJsonShape } from '../../../shared/search-events';
import { useApi } from '../api';
import { CellGraph } from '../components/CellGraph';
import { CellPicker } from '../components/CellPicker';
import { Chart, type ChartLine, type XScale } from '../components/Chart';
import { RUN_COLORS, SmoothingSlider, Toggle, useSmoothing } from '../components/Controls';
import { ParallelCoordinates, type PcAxis } from '../components/ParallelCoordinates';
import { Empty, ErrorState, Loading } from '../components/States';
import { useAsync } from '../hooks/useAsync';
import { usePersistentState } from '../hooks/usePersistentState';
import { axisPoints, hasTimes, parseXAxis, X_AXES, type XAxis } from '../lib/axes';
import { isNoisy } from '../lib/smoothing';
import { comparedCells, compareCells, drawnCells, matchingCell } from '../lib/cell';
import { formatCount, formatPercent } from '../lib/format';
import { ACCURACY_SPLIT } from '../lib/splits';
import { diffConfigs, getPath, setPath } from '../lib/paths';
import { keyWords } from '../lib/json-schema';
import { configFieldTitle } from '../lib/config-labels';
import { groupBy, meanStd } from '../lib/stats';
import { href, navigate } from '../router';

type Run = ApiResults['getRun'];

export function CompareScreen({ ids }: { ids: string[] }) {
  const api = useApi();
  const runs = useAsync(() => Promise.all(ids.map((id) => api.call('getRun', { id }))), [api, ids.join(',')]);
  if (ids.length < 2) return <PickRuns initial={ids} />;
  if (runs.status === 'loading') return <Loading what="the runs to compare" />;
  if (runs.status === 'error') return <ErrorState what="run" error={runs.error} retry={runs.reload} />;
  return <Compare runs={runs.value} />;
}

function PickRuns({ initial }: { initial: string[] }) {
  const api = useApi();
  const page = useAsync(() => api.call('listRuns', { limit: 200 }), [api]);
  const [picked, setPicked] = useState<string[]>(initial);
  return (
    <section aria-labelledby="compare-title">
      <h1 id="compare-title">Compare runs</h1>
      {page.status === 'loading' && <Loading what="runs" />}
      {page.status === 'error' && <ErrorState what="runs" error={page.error} retry={page.reload} />}
      {page.status === 'ready' && page.value.runs.length < 2 && (
        <Empty title="Comparing needs at least two runs.">
          <p>
            <a href={href({ screen: 'new' })}>Launch a search</a> first.
          </p>
        </Empty>
      )}
      {page.status === 'ready' && page.value.runs.length >= 2 && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            navigate({ screen: 'compare', ids: picked });
          }}
        >
          <p>Choose two or more runs:</p>
          <ul className="pick-list">
            {page.value.runs.map((r) => (
              <li key={r.id}>
                <label>
                  <input type="checkbox" checked={picked.includes(r.id)} onChange={() => setPicked((p) => (p.includes(r.id) ? p.filter((x) => x !== r.id) : [...p, r.id]))} /> {r.name} <code>{r.id.slice(0, 8)}</code> <span className={`status status-${r.status}`}>{r.status}</span>
                </label>
              </li>
            ))}
          </ul>
          <button type="submit" className="primary" disabled={picked.length < 2}>
            Compare {picked.length}
          </button>
        </form>
      )}
    </section>
  );
}

const METRICS: Array<[SeriesMetric, string, 'step' | 'epoch']> = [
  ['epoch.valAcc', 'Val accuracy per epoch', 'epoch'],
  ['epoch.valLoss', 'Val loss per epoch', 'epoch'],
  ['epoch.trainLoss', 'Train loss per epoch', 'epoch'],
  ['epoch.trainAcc', 'Train accuracy per epoch', 'epoch'],
  ['step.trainLoss', 'Train loss per step', 'step'],
  ['step.valLoss', 'Val loss per step (α batch)', 'step'],
  ['step.trainAcc', 'Train accuracy per step', 'step'],
  ['step.lr', 'Weight lr', 'step'],
];

const shortId = (id: string) => id.slice(0, 8);
const X_AXIS_KEY = 'nas-studio.compare.x-axis';
const finalGenotype = (r: Run): GenotypeJsonShape | null => r.finalGenotype ?? r.genotypes[r.genotypes.length - 1]?.genotype ?? null;

function Compare({ runs }: { runs: Run[] }) {
  const api = useApi();
  const [hidden, setHidden] = useState<Set<string>>(new Set());
  const [smoothing, setSmoothing] = useSmoothing();
  const [log, setLog] = useState(false);
  const colour = (i: number) => RUN_COLORS[i % RUN_COLORS.length];
  // Every metric panel at once (as W&B does): one request per metric, all runs in each.
  const series = useAsync(() => Promise.all(METRICS.map(([metric]) => api.call('metricSeries', { runIds: runs.map((r) => r.id), metric }))), [api, runs]);
  const [chosenAxis, setAxis] = usePersistentState<XAxis>(X_AXIS_KEY, parseXAxis, 'step');
  // Runs recorded before metrics carried their time cannot be placed on a time axis (a run with no points yet is not one of them).
  const timed = useMemo(() => new Set(series.status === 'ready' ? series.value.flat().filter(hasTimes).map((s) => s.runId) : []), [series]);
  const recorded = useMemo(() => new Set(series.status === 'ready' ? series.value.flat().filter((s) => s.x.length > 0).map((s) => s.runId) : []), [series]);
  const untimed = runs.filter((r) => recorded.has(r.id) && !timed.has(r.id));
  const axis: XAxis = series.status === 'ready' && timed.size === 0 ? 'step' : chosenAxis;
  const panels = useMemo(
    () =>
      series.status === 'ready'
        ? METRICS.map(([metric, title, x], k) => ({
            metric,
            title,
            x,
            lines: runs.flatMap((r, i): ChartLine[] => {
              if (axis !== 'step' && !timed.has(r.id)) return [];
              const s = series.value[k].find((v) => v.runId === r.id) ?? { x: [], y: [], time: [] };
              return [{ id: r.id, label: `${r.name} [${shortId(r.id)}]`, color: colour(i), ...axisPoints(s, axis, r.startedAt), noisy: isNoisy(metric), hidden: hidden.has(r.id) }];
            }),
          }))
        : [],
    [series, runs, hidden, axis, timed],
  );
  const axisInfo = X_AXES.find((a) => a.id === axis)!;
  const xScale: XScale = axis === 'wall' ? 'date' : axis === 'relative' ? 'seconds' : 'count';
  const diff = useMemo(() => diffConfigs(runs.map((r) => r.config)), [runs]);
  // Config fields are named by the config schema's titles (a retraining's own schema when all runs are retrainings).
  const catalog = useAsync(() => api.call('catalog'), [api]);
  const title = (dotted: string) => {
    if (catalog.status !== 'ready') return keyWords(dotted.split('.').at(-1)!);
    const c = catalog.value;
    // A plug-in option is named by the entry the first run that sets it chose.
    const config = runs.map((r) => r.config).find((cfg) => getPath(cfg, dotted.split('.')) !== undefined);
    return configFieldTitle(runs.every((r) => r.kind === 'retrain') ? c.retrain.configSchema : c.configSchema, c.plugins, config, dotted);
  };

  return (
    <section className="compare" aria-labelledby="compare-title">
      <h1 id="compare-title">Compare {runs.length} runs</h1>
      <ul className="run-legend" aria-label="Runs">
        {runs.map((r, i) => (
          <li key={r.id}>
            <label>
              <input type="checkbox" checked={!hidden.has(r.id)} onChange={() => setHidden((h) => (h.has(r.id) ? new Set([...h].filter((x) => x !== r.id)) : new Set([...h, r.id])))} />
              <span className="swatch" style={{ background: colour(i) }} aria-hidden="true" />
              <a href={href({ screen: 'run', id: r.id })}>{r.name}</a> <code>{shortId(r.id)}</code> <span className={`status status-${r.status}`}>{r.status}</span>
            </label>
          </li>
        ))}
      </ul>

      <section aria-labelledby="curves-title">
        <h2 id="curves-title">Curves</h2>
        <div className="chart-controls">
          <SmoothingSlider value={smoothing} onChange={setSmoothing} />
          <Toggle label="Log scale" checked={log} onChange={setLog} />
          <fieldset className="x-axis-choice" data-testid="x-axis">
            <legend>X axis</legend>
            {X_AXES.map((a) => {
              const off = a.id !== 'step' && series.status === 'ready' && timed.size === 0;
              return (
                <label key={a.id} title={off ? 'None of these runs has metrics recorded with their time yet.' : undefined}>
                  <input type="radio" name="x-axis" value={a.id} checked={axis === a.id} disabled={off} onChange={() => setAxis(a.id)} /> {a.label}
                </label>
              );
            })}
          </fieldset>
          <span className="muted">{axis === 'step' ? 'Panels on the same axis (steps, or epochs) share the crosshair and the zoom' : 'Every panel shares the time axis, its crosshair and zoom'}; double-click resets.</span>
        </div>
        {untimed.length > 0 && (
          <p className="muted" data-testid="untimed-runs">
            {timed.size === 0 ? 'Relative and wall time are unavailable: ' : axis === 'step' ? 'On the time axes, these runs are left out: ' : 'Left out of these time charts: '}
            {untimed.map((r) => `${r.name} [${shortId(r.id)}]`).join(', ')} {untimed.length === 1 ? 'was' : 'were'} recorded before NAS Studio stored when each metric was logged, so {untimed.length === 1 ? 'its' : 'their'} points have no time.
          </p>
        )}
        {series.status === 'loading' && <Loading what="curves" />}
        {series.status === 'error' && <ErrorState what="curves" error={series.error} retry={series.reload} />}
        <div className="chart-grid">
          {panels.map((p) => (
            <Chart key={p.metric} title={p.title} xLabel={axisInfo.xLabel ?? p.x} xScale={xScale} lines={p.lines} smoothing={smoothing} logScale={log} sync={`compare-${axis === 'step' ? p.x : axis}`} csvPrefix="compare" />
          ))}
        </div>
      </section>

      <section aria-labelledby="diff-title">
        <h2 id="diff-title">Config differences</h2>
        {diff.length === 0 ? (
          <p className="muted">The configs are identical.</p>
        ) : (
          <table className="data-table" data-testid="config-diff">
            <thead>
              <tr>
                <th>field</th>
                {runs.map((r) => (
                  <th key={r.id}>
                    {r.name} <code>{shortId(r.id)}</code>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {diff.map((d) => (
                <tr key={d.path}>
                  <td>
                    {title(d.path)}
                    <small className="field-key">{d.path}</small>
                  </td>
                  {d.values.map((v, i) => (
                    <td key={i}>{v === undefined ? '–' : JSON.stringify(v)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <Genotypes runs={runs} />
      <Summary runs={runs} />
      <Parallel runs={runs} diff={diff} colour={colour} title={title} />
    </section>
  );
}

function Genotypes({ runs }: { runs: Run[] }) {
  // The run every other one is compared with: the first by default, any by choice.
  const [refIndex, setRefIndex] = useState(0);
  const base = runs[Math.min(refIndex, runs.length - 1)];
  const genotypes = useMemo(() => runs.map(finalGenotype), [runs]);
  const baseGenotype = genotypes[runs.indexOf(base)];
  const baseCells = useMemo(() => (baseGenotype ? drawnCells(baseGenotype) : null), [baseGenotype]);
  // Per-cell genotypes (Amended-DARTS S2) show one picked cell each, matched by network position.
  const [cellPick, setCellPick] = useState(0);
  const view = useMemo(() => comparedCells(genotypes, cellPick), [genotypes, cellPick]);
  return (
    <section aria-labelledby="genotypes-title">
      <h2 id="genotypes-title">Genotypes</h2>
      <p className="muted">
        <label>
          Reference run{' '}
          <select value={runs.indexOf(base)} onChange={(e) => setRefIndex(Number(e.target.value))} data-testid="reference-run">
            {runs.map((r, i) => (
              <option key={r.id} value={i}>
                {r.name} [{shortId(r.id)}]
              </option>
            ))}
          </select>
        </label>{' '}
        Edges in red differ from the reference run, {base.name} <code>{shortId(base.id)}</code>.
      </p>
      {view.choices && view.picked !== null && <CellPicker cells={view.choices} value={view.picked} onChange={setCellPick} />}
      <div className="genotype-columns">
        {runs.map((r, i) => {
          const g = genotypes[i];
          return (
            <div key={r.id} className="genotype-column" data-testid={`genotype-${r.id}`}>
              <h3>
                {r.name} <code>{shortId(r.id)}</code>
              </h3>
              {!g && <p className="muted">No genotype yet.</p>}
              {view.shown[i].map((cell) => {
                const other = baseCells && r !== base ? matchingCell(cell, baseCells) : null;
                const cmp = other ? compareCells(cell.edges, other.edges) : null;
                return (
                  <div key={cell.id}>
                    {cmp && (
                      <p className="similarity" data-testid={`similarity-${cell.id}`}>
                        {view.choices ? cell.title : cell.id}: {cmp.shared}/{cmp.total} edges shared
                      </p>
                    )}
                    <CellGraph cell={cell} highlight={cmp ? cmp.sameInA.map((same) => !same) : undefined} />
                  </div>
                );
              })}
            </div>
          );
        })}
      </div>
    </section>
  );
}

/** The summary's columns: each has one number format, for its mean and its std alike. */
const SUMMARY_COLUMNS: Array<{ label: string; value: (r: Run) => number | null; format: (v: number) => string; split?: boolean }> = [
  { label: 'final val acc', value: (r) => r.finalValAcc, format: formatPercent, split: true },
  { label: 'best val acc', value: (r) => r.bestValAcc, format: formatPercent, split: true },
  { label: 'parameters', value: (r) => r.meta?.params ?? null, format: (v) => formatCount(Math.round(v)) },
  { label: 'run time', value: (r) => (r.finishedAt && r.startedAt ? (r.finishedAt - r.startedAt) / 1000 : null), format: (v) => `${v.toFixed(1)} s` },
];

/** Runs of the same config up to the seed (and name) form one group: mean ± std across seeds. */
function Summary({ runs }: { runs: Run[] }) {
  const groups = groupBy(runs, (r) => JSON.stringify(setPath(setPath(r.config, ['seed'], undefined), ['name'], undefined)));
  const cell = (values: Array<number | null>, f: (v: number) => string) => {
    const s = meanStd(values);
    if (!s) return '–';
    return s.n > 1 ? `${f(s.mean)} ± ${f(s.std)}` : f(s.mean);
  };
  return (
    <section aria-labelledby="summary-title">
      <h2 id="summary-title">Summary across seeds</h2>
      <table className="data-table" data-testid="seed-summary">
        <thead>
          <tr>
            <th>config group</th>
            <th>runs (seeds)</th>
            {SUMMARY_COLUMNS.map((c) => (
              <th key={c.label}>{c.label}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {groups.map((g, i) => (
            <tr key={g.key}>
              <td>
                #{i + 1}: {g.items.map((r) => shortId(r.id)).join(', ')}
              </td>
              <td>
                {g.items.length} ({g.items.map((r) => r.seed).join(', ')})
              </td>
              {SUMMARY_COLUMNS.map((c) => (
                <td key={c.label}>
                  {cell(g.items.map(c.value), c.format)}
                  {c.split && <small className="muted"> {ACCURACY_SPLIT[g.items[0].kind].short}</small>}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Parallel({ runs, diff, colour, title }: { runs: Run[]; diff: Array<{ path: string; values: unknown[] }>; colour: (i: number) => string; title: (dotted: string) => string }) {
  const numeric = diff.filter((d) => d.values.every((v) => typeof v === 'number' || v === undefined));
  const axes: PcAxis[] = [...numeric.map((d) => ({ label: title(d.path), key: d.path })), { label: 'final val acc' }, { label: 'best val acc' }];
  const lines = runs.map((r, i) => ({
    id: r.id,
    label: `${r.name} [${shortId(r.id)}]`,
    color: colour(i),
    href: href({ screen: 'run', id: r.id }),
    values: [...numeric.map((d) => (d.values[i] as number | undefined) ?? null), r.finalValAcc, r.bestValAcc],
  }));
  return (
    <section aria-labelledby="pc-title">
      <h2 id="pc-title">Hyperparameters against final metrics</h2>
      {numeric.length === 0 && <p className="muted">No numeric hyperparameter differs between these runs; only the metrics are shown.</p>}
      <ParallelCoordinates axes={axes} lines={lines} />
    </section>
  );
}
