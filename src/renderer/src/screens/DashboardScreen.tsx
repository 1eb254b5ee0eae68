import { Tabs } from 'radix-ui';
import { useMemo, useState } from 'react';
import { GENOTYPE_EXPORTS, type Catalog } from '../../../shared/api';
import { searchMeta, type RunProgress } from '../../../shared/runs';
import { epochUnit } from '../../../shared/config';
import { useApi } from '../api';
import { Chart, type ChartLine } from '../components/Chart';
import { LabelledSlider, RUN_COLORS, SmoothingSlider, Toggle, useSmoothing } from '../components/Controls';
import { ExportPanel } from '../components/ExportPanel';
import { GenotypeCells } from '../components/GenotypeCells';
import { AlphaHeatmap } from '../components/Heatmap';
import { RetrainDialog } from '../components/RetrainDialog';
import { RetrainSummary } from '../components/RetrainSummary';
import { ErrorState, Empty, Loading } from '../components/States';
import { useAsync } from '../hooks/useAsync';
import { useRunLive, type RunLiveData } from '../hooks/useRunLive';
import { genotypeNodes } from '../lib/cell';
import { cellStats, cellTypeRows, collapseWarnings, skipCount } from '../lib/collapse';
import { alphaCharts, reportedCharts, type DiagnosticChart } from '../lib/diagnostic-charts';
import { ordinal } from '../lib/axes';
import { downloadText } from '../lib/download';
import { errorMessage, formatDate, formatDuration } from '../lib/format';
import { canRetrain } from '../lib/retrain';
import { RUN_CHARTS } from '../lib/run-charts';
import { isNoisy } from '../lib/smoothing';
import { runStages, stageLabel, stageMarks } from '../lib/stages';
import { href, navigate } from '../router';
import { runFileStem } from '../../../shared/export-names';

export function DashboardScreen({ id }: { id: string }) {
  const api = useApi();
  const run = useRunLive(api, id);
  if (run.status === 'loading') return <Loading what="the run" />;
  if (run.status === 'error') return <ErrorState what="run" error={run.error} retry={run.reload} />;
  return <Dashboard data={run.data} />;
}

const ACTIVE = new Set(['queued', 'running', 'paused']);

function Dashboard({ data }: { data: RunLiveData }) {
  const api = useApi();
  const { detail, status } = data;
  // The catalog only feeds the retrain dialog and the export panel: the dashboard shows without it.
  const catalogState = useAsync(() => api.call('catalog'), [api]);
  const catalog = catalogState.status === 'ready' ? catalogState.value : null;
  const search = detail.kind === 'search';
  return (
    <section className="dashboard" aria-labelledby="run-title">
      <div className="screen-head">
        <div>
          <h1 id="run-title">{detail.name}</h1>
          <p className="muted">
            <code>{detail.id.slice(0, 8)}</code> · {search ? 'search' : 'retraining'} · {detail.dataset} · {detail.space} · {detail.strategy} · seed {detail.seed} · created {formatDate(detail.createdAt)}
            {detail.parentRunId && (
              <>
                {' '}
                · {search ? 'cloned from' : 'genotype of'} <a href={href({ screen: 'run', id: detail.parentRunId })}>{detail.parentRunId.slice(0, 8)}</a>
              </>
            )}
          </p>
        </div>
        <RunActions data={data} catalog={catalog} />
      </div>
      <div className="run-status">
        <span className={`status status-${status}`} data-testid="run-status">
          {status}
        </span>
        <span>
          backend <strong data-testid="run-backend">{detail.meta?.backend.name ?? detail.backend}</strong>
          {detail.device && <> on {detail.device}</>}
          {detail.gpu !== null && <> ({detail.gpu ? 'GPU' : 'CPU'})</>}
          {searchMeta(detail.meta)?.checkpointing && (
            <span title="Cell nodes recompute their interior during backprop instead of keeping it (config: checkpoint)" data-testid="run-checkpointing">
              {' '}
              · activation checkpointing
            </span>
          )}
        </span>
        {detail.error && <span className="field-error">{detail.error}</span>}
      </div>
      <ProgressBar data={data} />
      <Tabs.Root defaultValue="curves" className="tabs">
        <Tabs.List aria-label="Run views" className="tab-list">
          <Tabs.Trigger value="curves">Curves</Tabs.Trigger>
          <Tabs.Trigger value="architecture">Architecture</Tabs.Trigger>
          {search && <Tabs.Trigger value="diagnostics">Diagnostics</Tabs.Trigger>}
          <Tabs.Trigger value="export">Export</Tabs.Trigger>
          <Tabs.Trigger value="log">Event log</Tabs.Trigger>
          <Tabs.Trigger value="config">Config</Tabs.Trigger>
        </Tabs.List>
        <Tabs.Content value="curves">
          <Curves data={data} />
        </Tabs.Content>
        <Tabs.Content value="architecture">{search ? <Architecture data={data} /> : <RetrainSummary run={detail} />}</Tabs.Content>
        {search && (
          <Tabs.Content value="diagnostics">
            <Diagnostics data={data} />
          </Tabs.Content>
        )}
        <Tabs.Content value="export">
          {catalog ? <ExportPanel run={{ ...detail, status }} formats={catalog.exports} /> : catalogState.status === 'error' ? <ErrorState what="the export formats" error={catalogState.error} retry={catalogState.reload} /> : <Loading what="the export formats" />}
        </Tabs.Content>
        <Tabs.Content value="log">
          <EventLog data={data} />
        </Tabs.Content>
        <Tabs.Content value="config">
          <pre className="json">{JSON.stringify(detail.config, null, 2)}</pre>
        </Tabs.Content>
      </Tabs.Root>
    </section>
  );
}

function ProgressBar({ data }: { data: RunLiveData }) {
  const { progress, detail, status } = data;
  const fraction = status === 'done' ? 1 : (progress?.fraction ?? (detail.epochs ? detail.epochsDone / detail.epochs : 0));
  const unit = epochUnit(detail.config);
  return (
    <div className="progress-row">
      <div className="progress" role="progressbar" aria-label="Search progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(fraction * 100)} data-testid="progress">
        <div className="progress-fill" style={{ width: `${(fraction * 100).toFixed(1)}%` }} />
      </div>
      <span>
        {progress ? progressText(progress, detail.epochs, unit) : `${detail.epochsDone}/${detail.epochs} ${unit}s`}
        {status === 'running' && progress?.etaSeconds != null && <> · ETA {formatDuration(progress.etaSeconds)}</>}
      </span>
    </div>
  );
}

/** Epoch (or sample) of the run and step of that epoch, both counted from 1 (the run-wide share is the bar). */
function progressText(p: RunProgress, epochs: number, unit: string): string {
  const stepsPerEpoch = Math.round(p.stepsTotal / Math.max(1, epochs));
  return `${unit} ${ordinal(p.epoch)}/${epochs}, step ${ordinal(p.step)}/${stepsPerEpoch} of the ${unit}`;
}

function RunActions({ data, catalog }: { data: RunLiveData; catalog: Catalog | null }) {
  const api = useApi();
  const { detail, status } = data;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const act = (method: 'pauseRun' | 'resumeRun' | 'cancelRun') => {
    setBusy(true);
    setError(null);
    api.call(method, { id: detail.id }).then(
      () => setBusy(false),
      (e: unknown) => (setBusy(false), setError(errorMessage(e))),
    );
  };
  const exportGenotype = (format: (typeof GENOTYPE_EXPORTS)[number]) =>
    api.call('exportGenotype', { id: detail.id, format }).then(
      (f) => downloadText(f.filename, f.mime, f.content),
      (e: unknown) => setError(errorMessage(e)),
    );
  const hasGenotype = data.genotypes.length > 0 || detail.finalGenotype !== null;
  return (
    <div className="actions">
      {status === 'running' && (
        <button type="button" disabled={busy} onClick={() => act('pauseRun')}>
          Pause
        </button>
      )}
      {(status === 'paused' || status === 'interrupted') && (
        <button type="button" disabled={busy} onClick={() => act('resumeRun')}>
          Resume
        </button>
      )}
      {ACTIVE.has(status) && (
        <button type="button" className="danger" disabled={busy} onClick={() => act('cancelRun')}>
          Cancel
        </button>
      )}
      {detail.kind === 'search' && (
        <button type="button" onClick={() => navigate({ screen: 'new', clone: detail.id })}>
          Clone
        </button>
      )}
      {catalog && canRetrain({ ...detail, genotypes: data.genotypes }) && <RetrainDialog run={{ ...detail, genotypes: data.genotypes }} catalog={catalog} />}
      <span className="export-group" role="group" aria-label="Export genotype">
        Genotype:
        {GENOTYPE_EXPORTS.map((f) => (
          <button key={f} type="button" disabled={!hasGenotype} onClick={() => void exportGenotype(f)}>
            {f}
          </button>
        ))}
      </span>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function Curves({ data }: { data: RunLiveData }) {
  const [smoothing, setSmoothing] = useSmoothing();
  const [log, setLog] = useState(false);
  const charts = useMemo(
    () =>
      RUN_CHARTS[data.detail.kind].map((c) => ({
        ...c,
        lines: c.metrics.map(([metric, label], i): ChartLine => {
          const s = data.series.get(metric) ?? { x: [], y: [] };
          return { id: metric, label, color: RUN_COLORS[i], x: s.x, y: s.y, noisy: isNoisy(metric) };
        }),
      })),
    // The series arrays grow in place; the version says when.
    [data.series, data.version, data.detail.kind],
  );
  // A progressive (P-DARTS) search's stages, from its log; the log grows in place too.
  const stages = useMemo(() => runStages(data.log), [data.log, data.version]);
  const stepsPerEpoch = searchMeta(data.detail.meta)?.stepsPerEpoch ?? null;
  return (
    <div>
      <div className="chart-controls">
        <SmoothingSlider value={smoothing} onChange={setSmoothing} />
        <Toggle label="Log scale" checked={log} onChange={setLog} />
        <span className="muted">Drag to zoom, wheel to zoom, Shift+drag to pan, double-click to reset.</span>
      </div>
      {stages.length > 0 && (
        <p className="muted" data-testid="run-stages">
          Progressive search; a dashed line marks where each later stage begins: {stages.map(stageLabel).join(' · ')}
        </p>
      )}
      <div className="chart-grid">
        {charts.map((c) => (
          <Chart key={c.title} title={c.title} xLabel={c.x} lines={c.lines} smoothing={smoothing} logScale={log} marks={stageMarks(stages, c.x, stepsPerEpoch)} csvPrefix={data.detail.name} />
        ))}
      </div>
    </div>
  );
}

/** Epochs with an α snapshot or a genotype, ascending. */
function epochsOf(data: RunLiveData): number[] {
  return [...new Set([...data.alphas.map((a) => a.epoch), ...data.genotypes.map((g) => g.epoch)])].sort((a, b) => a - b);
}

function useEpochScrubber(data: RunLiveData) {
  const epochs = epochsOf(data);
  // null follows the newest epoch as the run goes on.
  const [picked, setPicked] = useState<number | null>(null);
  const index = picked === null ? epochs.length - 1 : Math.min(picked, epochs.length - 1);
  const epoch = epochs[index] ?? null;
  return { epochs, index, epoch, setIndex: (i: number) => setPicked(i >= epochs.length - 1 ? null : i) };
}

function Architecture({ data }: { data: RunLiveData }) {
  const { epochs, index, epoch, setIndex } = useEpochScrubber(data);
  const alpha = data.alphas.find((a) => a.epoch === epoch);
  const geno = data.genotypes.find((g) => g.epoch === epoch)?.genotype ?? (epochs.length === 0 ? data.detail.finalGenotype : null);
  const primitives = searchMeta(data.detail.meta)?.primitives;
  if (epochs.length === 0 && !geno) return <Empty title="No architecture yet.">α and the derived cells appear after the first epoch.</Empty>;
  return (
    <div>
      <LabelledSlider label="Epoch" value={index} min={0} max={Math.max(0, epochs.length - 1)} step={1} onChange={setIndex} format={() => (epoch === null ? '–' : `${ordinal(epoch)}${index === epochs.length - 1 ? ' (latest)' : ''}`)} />
      {geno && <GenotypeCells genotype={geno} weights={alpha?.weights} primitives={primitives} exportName={`${runFileStem(data.detail.name)}-epoch${ordinal(epoch ?? 0)}`} />}
      {alpha ? (
        <div className="heatmaps">
          {Object.entries(alpha.weights).map(([group, w]) => (
            // Att-DARTS β groups ('<group>_attention') mix attention modules, not ops.
            <AlphaHeatmap
              key={group}
              title={`${group.endsWith('_attention') ? 'β' : 'α'} ${group}`}
              weights={w}
              primitives={(group.endsWith('_attention') ? searchMeta(data.detail.meta)?.attentions : primitives) ?? []}
              nodes={geno ? genotypeNodes(geno) : undefined}
            />
          ))}
        </div>
      ) : (
        <Empty title="No α snapshot for this epoch." />
      )}
    </div>
  );
}

function Diagnostics({ data }: { data: RunLiveData }) {
  const primitives = searchMeta(data.detail.meta)?.primitives ?? [];
  const rows = useMemo(
    () =>
      [...data.alphas]
        .sort((a, b) => a.epoch - b.epoch)
        .map((a) => {
          const g = data.genotypes.find((x) => x.epoch === a.epoch)?.genotype;
          const stats = (cell: 'normal' | 'reduce') => {
            const rows = cellTypeRows(a.weights, cell, g);
            return rows ? cellStats(rows, primitives) : null;
          };
          return { epoch: a.epoch, skips: g ? skipCount(g) : null, normal: stats('normal'), reduce: stats('reduce') };
        }),
    [data.alphas, data.genotypes, primitives],
  );
  const latest = rows[rows.length - 1];
  const warnings = latest ? collapseWarnings(latest.skips, latest.normal) : [];
  if (!latest && data.diagnostics.length === 0) return <Empty title="No diagnostics yet.">They are computed from α after each epoch.</Empty>;
  return (
    <div className="diagnostics">
      {warnings.length > 0 ? (
        <div className="warnings" role="alert" data-testid="collapse-warnings">
          {warnings.map((w) => (
            <p key={w.key} className="warning">
              ⚠ {w.message}
            </p>
          ))}
        </div>
      ) : (
        latest && <p className="ok">No collapse signature in the latest epoch.</p>
      )}
      {rows.length > 0 && <DiagnosticGrid charts={alphaCharts(rows)} testId="alpha-diagnostics" caption="Computed from α after each epoch (normal cell unless noted; with an α per cell, the cells of a type pooled); dashed lines mark the collapse thresholds the warnings use." />}
      {data.diagnostics.length > 0 && <DiagnosticGrid charts={reportedCharts(data.diagnostics)} testId="strategy-diagnostics" caption="Reported by the search and its strategy after each epoch." />}
    </div>
  );
}

/** Diagnostics plotted over epochs, each with the internal keys it shows in small type. */
function DiagnosticGrid({ charts, testId, caption }: { charts: DiagnosticChart[]; testId: string; caption: string }) {
  return (
    <section className="diagnostic-grid" data-testid={testId}>
      <p className="muted">{caption}</p>
      <div className="chart-grid">
        {charts.map((c) => (
          <div key={c.title}>
            <Chart title={c.title} xLabel="epoch" lines={c.lines.map((l, i) => ({ ...l, color: RUN_COLORS[i % RUN_COLORS.length], noisy: false }))} smoothing={0} logScale={false} marks={c.marks} height={180} />
            <p className="chart-keys">
              <code>{c.keys}</code>
            </p>
          </div>
        ))}
      </div>
    </section>
  );
}

function EventLog({ data }: { data: RunLiveData }) {
  const entries = data.log.slice(-500);
  if (entries.length === 0) return <Empty title="No events logged yet." />;
  return (
    <ol className="event-log" data-testid="event-log">
      {entries.map((e, i) => (
        <li key={i} className={`log-${e.level}`}>
          <time>{new Date(e.ts).toLocaleTimeString()}</time> <span className="log-level">{e.level}</span> {e.message}
        </li>
      ))}
    </ol>
  );
}
