import { useState } from 'react';
import type { ApiResults, Catalog } from '../../../shared/api';
import type { RunDetail } from '../../../shared/runs';
import { useApi, useConnection } from '../api';
import { downloadName, exportChoices, type ExportChoice } from '../lib/export-choices';
import { errorMessage, formatBytes } from '../lib/format';

type Exported = ApiResults['exportRun'];

export interface ExportViewProps {
  choices: ExportChoice[];
  selected: ReadonlySet<string>;
  onToggle: (id: string) => void;
  onExport: () => void;
  busy: boolean;
  error: string | null;
  result: Exported | null;
  /** Inside Electron nothing serves HTTP: the files are named, with a save dialog each, not linked. */
  electron: boolean;
  onSave: (artifactId: number) => void;
  /** Where each file was saved (desktop app), by artifact id. */
  saved: ReadonlyMap<number, string>;
}

/** The export panel as markup: format checkboxes (unavailable ones disabled, with the reason) and the files written. */
export function ExportView({ choices, selected, onToggle, onExport, busy, error, result, electron, onSave, saved }: ExportViewProps) {
  const wanted = choices.filter((c) => !c.unavailable && selected.has(c.id));
  return (
    <section className="export-panel" aria-labelledby="export-title" data-testid="export-panel">
      <h2 id="export-title">Export</h2>
      <fieldset className="export-formats">
        <legend>Formats</legend>
        {choices.map((c) => (
          <div key={c.id} className={`export-format${c.unavailable ? ' unavailable' : ''}`}>
            <label>
              <input type="checkbox" name="format" value={c.id} checked={!c.unavailable && selected.has(c.id)} disabled={c.unavailable !== null} onChange={() => onToggle(c.id)} /> <strong>{c.id}</strong>: {c.title}
            </label>
            {c.unavailable && <p className="field-help">Unavailable: {c.unavailable}.</p>}
          </div>
        ))}
      </fieldset>
      <button type="button" className="primary" disabled={busy || wanted.length === 0} onClick={onExport}>
        {busy ? 'Exporting…' : `Export ${wanted.length ? wanted.map((c) => c.id).join(', ') : ''}`.trim()}
      </button>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {result && (
        <div className="export-result" data-testid="export-files">
          <p>
            {result.files.length} file{result.files.length === 1 ? '' : 's'} written to <code>{result.dir}</code>
            {electron && ': open that folder to use them.'}
          </p>
          <ul>
            {result.files.map((f) => (
              <li key={f.artifactId}>
                {electron ? (
                  <>
                    <code>{f.name}</code>{' '}
                    <button type="button" className="link-button" onClick={() => onSave(f.artifactId)}>
                      Save as…
                    </button>
                    {saved.has(f.artifactId) && <span className="muted"> saved to {saved.get(f.artifactId)}</span>}
                  </>
                ) : (
                  <a href={f.downloadPath} download={downloadName(f.name)}>
                    {f.name}
                  </a>
                )}{' '}
                <span className="muted">
                  {f.format} · {formatBytes(f.bytes)}
                </span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

/** Exports of a run (exportRun), offering only the formats it can give. */
export function ExportPanel({ run, formats }: { run: Pick<RunDetail, 'id' | 'kind' | 'status' | 'finalGenotype' | 'genotypes'>; formats: Catalog['exports'] }) {
  const api = useApi();
  const { connection } = useConnection();
  const choices = exportChoices(run, formats);
  const [selected, setSelected] = useState<Set<string>>(() => new Set(choices.filter((c) => !c.unavailable).map((c) => c.id)));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<Exported | null>(null);
  const [saved, setSaved] = useState<Map<number, string>>(new Map());
  const onSave = (artifactId: number) =>
    api.call('saveArtifact', { id: run.id, artifactId }).then(
      ({ savedTo }) => savedTo && setSaved((m) => new Map(m).set(artifactId, savedTo)),
      (e: unknown) => setError(errorMessage(e)),
    );
  const onExport = () => {
    setBusy(true);
    setError(null);
    api.call('exportRun', { id: run.id, formats: choices.filter((c) => !c.unavailable && selected.has(c.id)).map((c) => c.id) }).then(
      (r) => (setBusy(false), setResult(r)),
      (e: unknown) => (setBusy(false), setError(errorMessage(e))),
    );
  };
  return (
    <ExportView
      choices={choices}
      selected={selected}
      onToggle={(id) => setSelected((s) => (s.has(id) ? new Set([...s].filter((x) => x !== id)) : new Set([...s, id])))}
      onExport={onExport}
      busy={busy}
      error={error}
      result={result}
      electron={connection.state === 'ready' && connection.transport === 'electron'}
      onSave={(id) => void onSave(id)}
      saved={saved}
    />
  );
}
