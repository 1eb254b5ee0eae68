import { Popover } from 'radix-ui';
import { useEffect, useMemo, useRef, useState } from 'react';
import { RUN_STATUSES, type RunKind, type RunStatus, type RunSummary } from '../../../shared/runs';
import type { ApiParams, JsonSchema } from '../../../shared/api';
import { useApi } from '../api';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Modal } from '../components/Modal';
import { Empty, ErrorState, Loading } from '../components/States';
import { useAsync } from '../hooks/useAsync';
import { usePersistentState } from '../hooks/usePersistentState';
import { errorMessage, formatDate, formatPercent, formatShortDate } from '../lib/format';
import { ACCURACY_SPLIT } from '../lib/splits';
import { describeFields, hasProperties, pathTitle } from '../lib/json-schema';
import { getPath } from '../lib/paths';
import { href, navigate } from '../router';

interface Column {
  id: string;
  label: string;
  value: (run: RunSummary, config: unknown) => unknown;
  render?: (run: RunSummary) => React.ReactNode;
  /** The listRuns sort key when the host can sort by it. */
  serverSort?: 'created' | 'name' | 'status' | 'finalValAcc';
  /** The config field the column shows (the chooser then offers no second column of it). */
  configPath?: string;
}

/** A run's accuracy with the split it was measured on (a search's and a retraining's differ). */
const accuracy = (r: RunSummary, v: number | null) =>
  v === null ? (
    '–'
  ) : (
    <span title={`Measured on ${ACCURACY_SPLIT[r.kind].long}`}>
      {formatPercent(v)} <small className="muted">{ACCURACY_SPLIT[r.kind].short}</small>
    </span>
  );

export const BASE_COLUMNS: Column[] = [
  // The id sits under the name, the parent under the kind: fewer, narrower columns (the table fits 1000 px).
  {
    id: 'name',
    label: 'Name',
    value: (r) => r.name,
    serverSort: 'name',
    configPath: 'name',
    render: (r) => (
      <>
        <a href={href({ screen: 'run', id: r.id })}>{r.name}</a> <code className="run-id">{r.id.slice(0, 8)}</code>
      </>
    ),
  },
  { id: 'status', label: 'Status', value: (r) => r.status, serverSort: 'status', render: (r) => <span className={`status status-${r.status}`}>{r.status}</span> },
  // A retraining's parent is the search whose genotype it trains; a search's, the run it was cloned from.
  {
    id: 'kind',
    label: 'Kind',
    value: (r) => r.kind,
    render: (r) => (
      <>
        <span className={`kind kind-${r.kind}`}>{r.kind === 'retrain' ? 'retraining' : 'search'}</span>
        {r.parentRunId && (
          <>
            {' '}
            <a className="parent-link" href={href({ screen: 'run', id: r.parentRunId })} title={r.kind === 'retrain' ? 'the search whose genotype this trains' : 'cloned from'}>
              {r.kind === 'retrain' ? 'of ' : 'clone of '}
              <code>{r.parentRunId.slice(0, 8)}</code>
            </a>
          </>
        )}
      </>
    ),
  },
  { id: 'dataset', label: 'Dataset', value: (r) => r.dataset, configPath: 'data.dataset' },
  { id: 'space', label: 'Space', value: (r) => r.space, configPath: 'model.space' },
  { id: 'strategy', label: 'Strategy', value: (r) => r.strategy, configPath: 'strategy.id' },
  { id: 'seed', label: 'Seed', value: (r) => r.seed, configPath: 'seed' },
  { id: 'backend', label: 'Backend', value: (r) => r.backend, configPath: 'backend' },
  { id: 'epochs', label: 'Epochs', value: (r) => r.epochsDone, configPath: 'budget.epochs', render: (r) => `${r.epochsDone}/${r.epochs}` },
  { id: 'bestValAcc', label: 'Best acc', value: (r) => r.bestValAcc, render: (r) => accuracy(r, r.bestValAcc) },
  { id: 'finalValAcc', label: 'Final acc', value: (r) => r.finalValAcc, serverSort: 'finalValAcc', render: (r) => accuracy(r, r.finalValAcc) },
  { id: 'tags', label: 'Tags', value: (r) => r.tags.join(', '), render: (r) => r.tags.map((t) => <span key={t} className="tag">{t}</span>) },
  { id: 'created', label: 'Created', value: (r) => r.createdAt, serverSort: 'created', render: (r) => <time title={formatDate(r.createdAt)}>{formatShortDate(r.createdAt)}</time> },
];
const DEFAULT_VISIBLE = ['name', 'status', 'kind', 'dataset', 'strategy', 'epochs', 'finalValAcc', 'tags', 'created'];
/** Config fields a base column already shows: the chooser offers them once. */
const BASE_CONFIG_PATHS = new Set(BASE_COLUMNS.flatMap((c) => (c.configPath ? [c.configPath] : [])));
const COLUMNS_KEY = 'nas-studio.runs.columns';
const parseColumns = (v: unknown): string[] | undefined => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : undefined);

/** Dotted leaf paths of the config schema: every config field can be a column. */
function configLeaves(schema: JsonSchema, prefix: string[] = []): string[] {
  return describeFields(schema).flatMap((f) => (f.kind === 'object' && hasProperties(f.schema) ? configLeaves(f.schema, [...prefix, f.key]) : [[...prefix, f.key].join('.')]));
}

type Filters = { status: RunStatus[]; kind: RunKind | ''; space: string; strategy: string; dataset: string; tag: string; text: string; from: string; to: string };
export const NO_FILTERS: Filters = { status: [], kind: '', space: '', strategy: '', dataset: '', tag: '', text: '', from: '', to: '' };

/** The listRuns query for the filters and sort (a column the host cannot sort by is sorted here, newest first from the host). */
export function runsQuery(filters: Filters, serverSort: Column['serverSort'], order: 'asc' | 'desc'): ApiParams['listRuns'] {
  return {
    ...(filters.status.length ? { status: filters.status } : {}),
    ...(filters.kind ? { kind: filters.kind } : {}),
    ...(filters.space ? { space: filters.space } : {}),
    ...(filters.strategy ? { strategy: filters.strategy } : {}),
    ...(filters.dataset ? { dataset: filters.dataset } : {}),
    ...(filters.tag.trim() ? { tag: filters.tag.trim() } : {}),
    ...(filters.text.trim() ? { text: filters.text.trim() } : {}),
    ...(filters.from ? { createdFrom: new Date(filters.from).getTime() } : {}),
    ...(filters.to ? { createdTo: new Date(filters.to).getTime() + 86_399_999 } : {}),
    sort: serverSort ?? 'created',
    order: serverSort ? order : 'desc',
    limit: 500,
  };
}

export function RunsScreen() {
  const api = useApi();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [sort, setSort] = useState<{ column: string; order: 'asc' | 'desc' }>({ column: 'created', order: 'desc' });
  const [visible, setVisible] = usePersistentState(COLUMNS_KEY, parseColumns, DEFAULT_VISIBLE);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [configs, setConfigs] = useState<Map<string, unknown>>(new Map());
  const catalog = useAsync(() => api.call('catalog'), [api]);
  const serverSort = BASE_COLUMNS.find((c) => c.id === sort.column)?.serverSort;

  const query = runsQuery(filters, serverSort, sort.order);
  const page = useAsync(() => api.call('listRuns', query), [api, JSON.stringify(query)]);

  // Status changes of any run refresh the list (at most every 2 s).
  const reloadRef = useRef(page.reload);
  reloadRef.current = page.reload;
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = api.onUpdate((u) => {
      if (!('status' in u) || timer) return;
      timer = setTimeout(() => ((timer = null), reloadRef.current()), 2000);
    });
    return () => (off(), timer && clearTimeout(timer), undefined);
  }, [api]);

  const configColumns: Column[] = useMemo(
    () => (catalog.status === 'ready' ? configLeaves(catalog.value.configSchema).filter((p) => !BASE_CONFIG_PATHS.has(p)).map((p) => ({ id: `config.${p}`, label: pathTitle(catalog.value.configSchema, p), value: (_r: RunSummary, c: unknown) => getPath(c, p.split('.')) })) : []),
    [catalog],
  );
  const allColumns = [...BASE_COLUMNS, ...configColumns];
  const columns = visible.map((id) => allColumns.find((c) => c.id === id)).filter((c): c is Column => !!c);
  const runs = page.status === 'ready' ? page.value.runs : [];

  // Config columns need each run's config: fetched once per run, only while such a column shows.
  const needConfigs = columns.some((c) => c.id.startsWith('config.'));
  useEffect(() => {
    if (!needConfigs) return;
    const missing = runs.filter((r) => !configs.has(r.id));
    if (missing.length === 0) return;
    let live = true;
    Promise.all(missing.map((r) => api.call('getRun', { id: r.id }).then((d) => [r.id, d.config] as const, () => [r.id, null] as const))).then((pairs) => live && setConfigs((m) => new Map([...m, ...pairs])));
    return () => void (live = false);
  }, [api, needConfigs, runs, configs]);

  const sorted = useMemo(() => {
    if (serverSort) return runs;
    const col = allColumns.find((c) => c.id === sort.column);
    if (!col) return runs;
    const k = sort.order === 'asc' ? 1 : -1;
    return [...runs].sort((a, b) => {
      const va = col.value(a, configs.get(a.id));
      const vb = col.value(b, configs.get(b.id));
      if (va === vb) return 0;
      if (va === null || va === undefined) return 1;
      if (vb === null || vb === undefined) return -1;
      return (typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb))) * k;
    });
  }, [runs, sort, serverSort, configs, allColumns]);

  const toggleSort = (id: string) => setSort((s) => (s.column === id ? { column: id, order: s.order === 'asc' ? 'desc' : 'asc' } : { column: id, order: 'asc' }));
  const toggleSelected = (id: string) => setSelected((s) => (s.has(id) ? new Set([...s].filter((x) => x !== id)) : new Set([...s, id])));
  const selectedIds = runs.filter((r) => selected.has(r.id)).map((r) => r.id);
  const deleteSelected = async () => {
    for (const id of selectedIds) await api.call('deleteRun', { id }).catch(() => undefined);
    setSelected(new Set());
    page.reload();
  };
  const filtered = JSON.stringify(filters) !== JSON.stringify(NO_FILTERS);
  const plugins = catalog.status === 'ready' ? catalog.value.plugins : {};

  return (
    <section aria-labelledby="runs-title">
      <div className="screen-head">
        <h1 id="runs-title">Runs</h1>
        <div className="actions">
          <button type="button" disabled={selectedIds.length < 2} onClick={() => navigate({ screen: 'compare', ids: selectedIds })} data-testid="compare-selected">
            Compare {selectedIds.length ? `(${selectedIds.length})` : ''}
          </button>
          <ConfirmDialog
            trigger={
              <button type="button" className="danger" disabled={selectedIds.length === 0}>
                Delete…
              </button>
            }
            title={`Delete ${selectedIds.length} run${selectedIds.length === 1 ? '' : 's'}?`}
            description="Their metrics, checkpoints and files are removed. This cannot be undone."
            confirmLabel="Delete"
            onConfirm={() => void deleteSelected()}
          />
          <ColumnChooser columns={allColumns} visible={visible} setVisible={setVisible} />
          <ImportRun onImported={page.reload} />
          <a className="button primary" href={href({ screen: 'new' })}>
            New search
          </a>
        </div>
      </div>
      <fieldset className="filters">
        <legend>Filter</legend>
        <input type="search" aria-label="Name contains" placeholder="name contains…" value={filters.text} onChange={(e) => setFilters({ ...filters, text: e.target.value })} />
        <div className="status-filter" role="group" aria-label="Status">
          {RUN_STATUSES.map((s) => (
            <label key={s}>
              <input type="checkbox" checked={filters.status.includes(s)} onChange={() => setFilters({ ...filters, status: filters.status.includes(s) ? filters.status.filter((x) => x !== s) : [...filters.status, s] })} /> {s}
            </label>
          ))}
        </div>
        <select aria-label="kind" value={filters.kind} onChange={(e) => setFilters({ ...filters, kind: e.target.value as Filters['kind'] })}>
          <option value="">any kind</option>
          <option value="search">search</option>
          <option value="retrain">retraining</option>
        </select>
        {(['space', 'strategy', 'dataset'] as const).map((k) => (
          <select key={k} aria-label={k} value={filters[k]} onChange={(e) => setFilters({ ...filters, [k]: e.target.value })}>
            <option value="">any {k}</option>
            {(plugins[k] ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.id}
              </option>
            ))}
          </select>
        ))}
        <input type="text" aria-label="Tag" placeholder="tag" value={filters.tag} onChange={(e) => setFilters({ ...filters, tag: e.target.value })} />
        <label>
          from <input type="date" value={filters.from} onChange={(e) => setFilters({ ...filters, from: e.target.value })} />
        </label>
        <label>
          to <input type="date" value={filters.to} onChange={(e) => setFilters({ ...filters, to: e.target.value })} />
        </label>
        {filtered && (
          <button type="button" onClick={() => setFilters(NO_FILTERS)}>
            Clear
          </button>
        )}
      </fieldset>
      {page.status === 'loading' && <Loading what="runs" />}
      {page.status === 'error' && <ErrorState what="runs" error={page.error} retry={page.reload} />}
      {page.status === 'ready' && runs.length === 0 && (
        <Empty title={filtered ? 'No runs match these filters.' : 'No searches yet.'}>
          {!filtered && (
            <p>
              <a href={href({ screen: 'new', preset: 'quick' })}>Start a quick demo search</a> or <a href={href({ screen: 'new' })}>configure one</a>.
            </p>
          )}
        </Empty>
      )}
      {page.status === 'ready' && runs.length > 0 && (
        <table className="data-table runs-table" data-testid="runs-table">
          <thead>
            <tr>
              <th>
                <input type="checkbox" aria-label="Select all" checked={selectedIds.length === runs.length} onChange={() => setSelected(selectedIds.length === runs.length ? new Set() : new Set(runs.map((r) => r.id)))} />
              </th>
              {columns.map((c) => (
                <th key={c.id} aria-sort={sort.column === c.id ? (sort.order === 'asc' ? 'ascending' : 'descending') : undefined}>
                  <button type="button" className="sort-button" onClick={() => toggleSort(c.id)}>
                    {c.label}
                    {sort.column === c.id ? (sort.order === 'asc' ? ' ▲' : ' ▼') : ''}
                  </button>
                </th>
              ))}
              <th>Actions</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((r) => (
              <tr key={r.id} aria-selected={selected.has(r.id)} data-run-id={r.id}>
                <td>
                  <input type="checkbox" aria-label={`Select ${r.name}`} checked={selected.has(r.id)} onChange={() => toggleSelected(r.id)} />
                </td>
                {columns.map((c) => (
                  <td key={c.id}>{c.render ? c.render(r) : formatCell(c.value(r, configs.get(r.id)))}</td>
                ))}
                <td>
                  <div className="row-actions">
                    <EditRun run={r} onSaved={page.reload} />
                    {r.kind === 'search' && (
                      <a className="button" href={href({ screen: 'new', clone: r.id })}>
                        Clone
                      </a>
                    )}
                    <ConfirmDialog
                      trigger={
                        <button type="button" className="danger">
                          Delete
                        </button>
                      }
                      title={`Delete “${r.name}”?`}
                      description="Its metrics, checkpoints and files are removed. This cannot be undone."
                      confirmLabel="Delete"
                      onConfirm={() => void api.call('deleteRun', { id: r.id }).then(page.reload, page.reload)}
                    />
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {page.status === 'ready' && page.value.total > runs.length && <p className="muted">Showing {runs.length} of {page.value.total} runs; narrow the filters to see the rest.</p>}
    </section>
  );
}

const formatCell = (v: unknown): string => (v === undefined || v === null ? '–' : typeof v === 'object' ? JSON.stringify(v) : String(v));

function ColumnChooser({ columns, visible, setVisible }: { columns: Column[]; visible: string[]; setVisible: (v: string[]) => void }) {
  return (
    <Popover.Root>
      <Popover.Trigger asChild>
        <button type="button">Columns…</button>
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content className="popover column-chooser" align="end" sideOffset={4}>
          <fieldset>
            <legend>Columns</legend>
            {columns.map((c) => (
              <label key={c.id}>
                <input type="checkbox" checked={visible.includes(c.id)} onChange={() => setVisible(visible.includes(c.id) ? visible.filter((v) => v !== c.id) : [...visible, c.id])} /> {c.label}
                {c.id.startsWith('config.') && <small className="field-key">{c.id.slice('config.'.length)}</small>}
              </label>
            ))}
          </fieldset>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}

/** Rename, tag and annotate a run in a modal dialog (Escape or Cancel closes). */
function EditRun({ run, onSaved }: { run: RunSummary; onSaved: () => void }) {
  const api = useApi();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState(run.name);
  const [tags, setTags] = useState(run.tags.join(', '));
  const [notes, setNotes] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const openDialog = () => {
    setOpen(true);
    setName(run.name);
    setTags(run.tags.join(', '));
    setError(null);
    setNotes(null);
    api.call('getRun', { id: run.id }).then((d) => setNotes(d.notes), () => setNotes(''));
  };
  return (
    <>
      <button type="button" aria-haspopup="dialog" onClick={openDialog}>
        Edit
      </button>
      <Modal open={open} onClose={() => setOpen(false)} title="Edit run" description={<code>{run.id}</code>} descriptionClassName="muted">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const tagList = tags.split(',').map((t) => t.trim()).filter(Boolean);
            api.call('updateRun', { id: run.id, name, tags: tagList, ...(notes !== null ? { notes } : {}) }).then(
              () => (setOpen(false), onSaved()),
              (err: unknown) => setError(errorMessage(err)),
            );
          }}
        >
          <div className="field">
            <label htmlFor={`name-${run.id}`}>Name</label>
            <input id={`name-${run.id}`} value={name} onChange={(e) => setName(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`tags-${run.id}`}>Tags (comma-separated)</label>
            <input id={`tags-${run.id}`} value={tags} onChange={(e) => setTags(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`notes-${run.id}`}>Notes</label>
            <textarea id={`notes-${run.id}`} rows={4} value={notes ?? ''} disabled={notes === null} onChange={(e) => setNotes(e.target.value)} />
          </div>
          {error && (
            <p className="field-error" role="alert">
              {error}
            </p>
          )}
          <div className="dialog-actions">
            <button type="button" onClick={() => setOpen(false)}>
              Cancel
            </button>
            <button type="submit" className="primary">
              Save
            </button>
          </div>
        </form>
      </Modal>
    </>
  );
}

/** Imports a run file (run.nasrun, as the run page's download writes it); one already here can be added as a copy. */
function ImportRun({ onImported }: { onImported: () => void }) {
  const api = useApi();
  const [message, setMessage] = useState('');
  const [pending, setPending] = useState<string | null>(null);
  const submit = (content: string, asCopy: boolean) => {
    setMessage('Importing…');
    api.call('importRun', { content, asCopy }).then(
      ({ id }) => {
        setPending(null);
        setMessage(`Imported run ${id.slice(0, 8)}`);
        onImported();
      },
      (e: unknown) => {
        const conflict = (e as { code?: string }).code === 'conflict';
        setPending(conflict ? content : null);
        setMessage(errorMessage(e));
      },
    );
  };
  return (
    <>
      <label className="button">
        Import run…
        <input
          type="file"
          accept=".nasrun,.jsonl,application/x-ndjson"
          hidden
          data-testid="import-run"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void file.text().then((text) => submit(text, false));
          }}
        />
      </label>
      {pending !== null && (
        <button type="button" onClick={() => submit(pending, true)}>
          Import as a copy
        </button>
      )}
      {message && <span role="status">{message}</span>}
    </>
  );
}
