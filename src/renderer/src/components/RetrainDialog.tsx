import { useId, useState } from 'react';
import { ApiError, type ApiParams, type Catalog, type FieldIssue } from '../../../shared/api';
import type { RunDetail } from '../../../shared/runs';
import { useApi } from '../api';
import { ordinal } from '../lib/axes';
import { describeFields, schemaAt } from '../lib/json-schema';
import { setPath, type Path } from '../lib/paths';
import { defaultRetrainName, defaultRetrainStart, genotypeEpochs, RETRAIN_HIDDEN, RETRAIN_KEY_FIELDS, retrainRequest, splitIssues } from '../lib/retrain';
import { errorMessage } from '../lib/format';
import { navigate } from '../router';
import { Modal } from './Modal';
import { SchemaFields, useTypedTexts, type FormContext } from './SchemaForm';

type Run = Pick<RunDetail, 'id' | 'name' | 'genotypes' | 'config'>;

export interface RetrainFormProps {
  run: Run;
  retrain: Catalog['retrain'];
  plugins: Catalog['plugins'];
  /** The host's answer to the last launch: field issues (paths ['config', …]) and a message. */
  issues: readonly FieldIssue[];
  error: string | null;
  busy: boolean;
  onSubmit: (request: ApiParams['startRetrain']) => void;
  onCancel: () => void;
  /** Called whenever the form changes (stale host issues are then dropped). */
  onEdit?: () => void;
}

const presetConfig = (retrain: Catalog['retrain'], id: string): Record<string, unknown> => structuredClone(retrain.presets.find((p) => p.id === id)?.config ?? {});

/**
 * The retraining form: a preset, the search epoch whose genotype to train, the key fields rendered
 * from the retrain config's JSON Schema, and every other field under "All settings". Values the
 * preset sets show as values; the rest show the schema's default as a placeholder.
 */
export function RetrainForm({ run, retrain, plugins, issues, error, busy, onSubmit, onCancel, onEdit }: RetrainFormProps) {
  const uid = useId();
  // Starts on the search's dataset with a short preset; choosing a preset afterwards takes it as it is.
  const [start] = useState(() => defaultRetrainStart(retrain, run));
  const [presetId, setPresetId] = useState(start.presetId);
  const [config, setConfig] = useState<Record<string, unknown>>(start.config);
  const [epoch, setEpoch] = useState<number | null>(null);
  const [name, setName] = useState('');
  const { typed, onTyped, reset } = useTypedTexts();
  const epochs = genotypeEpochs(run);
  const preset = retrain.presets.find((p) => p.id === presetId);
  const { fields, general } = splitIssues(issues);
  const root = retrain.configSchema;
  const edit = () => onEdit?.();
  const ctx: FormContext = {
    root,
    configSchema: root,
    plugins,
    value: config,
    onChange: (path: Path, value: unknown) => (setConfig((c) => setPath(c, path, value)), edit()),
    issues: fields,
    typed,
    onTyped,
  };
  // "All settings": every field the key ones leave, each once (a field's id is its path).
  const shownKeys = (group: string) => RETRAIN_KEY_FIELDS.find((g) => g.group === group)?.keys ?? [];
  const topKeys = describeFields(root)
    .map((f) => f.key)
    .filter((k) => !RETRAIN_HIDDEN.has(k) && k !== 'name');
  const plainKeys = topKeys.filter((k) => shownKeys(k).length === 0);
  return (
    <form
      className="retrain-form"
      data-testid="retrain-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(retrainRequest(run, config, epoch, name));
      }}
    >
      <div className="field">
        <label htmlFor={`${uid}-preset`}>Preset</label>
        <select
          id={`${uid}-preset`}
          value={presetId}
          onChange={(e) => {
            setPresetId(e.target.value);
            setConfig(presetConfig(retrain, e.target.value));
            reset();
            edit();
          }}
        >
          {retrain.presets.map((p) => (
            <option key={p.id} value={p.id}>
              {p.title}
            </option>
          ))}
        </select>
        {preset && <p className="field-help">{preset.description}</p>}
      </div>
      <div className="field">
        <label htmlFor={`${uid}-epoch`}>Genotype</label>
        <select id={`${uid}-epoch`} value={epoch === null ? '' : String(epoch)} onChange={(e) => (setEpoch(e.target.value === '' ? null : Number(e.target.value)), edit())}>
          <option value="">final (latest derived)</option>
          {epochs.map((ep) => (
            <option key={ep} value={ep}>
              after epoch {ordinal(ep)}
            </option>
          ))}
        </select>
        <p className="field-help">The search's derived cells to train from scratch.</p>
      </div>
      <div className="field">
        <label htmlFor={`${uid}-name`}>Name</label>
        <input id={`${uid}-name`} type="text" value={name} placeholder={defaultRetrainName(run.name)} onChange={(e) => setName(e.target.value)} />
      </div>
      {RETRAIN_KEY_FIELDS.map(({ group, keys }) => {
        const schema = schemaAt(root, [group]);
        return schema ? <SchemaFields key={group} ctx={ctx} schema={schema} path={[group]} keys={keys} /> : null;
      })}
      <details className="retrain-all">
        <summary>All settings</summary>
        <SchemaFields ctx={ctx} schema={root} path={[]} keys={plainKeys} />
        {RETRAIN_KEY_FIELDS.map(({ group, keys }) => {
          const schema = schemaAt(root, [group]);
          const rest = schema ? describeFields(schema, root).map((f) => f.key).filter((k) => !keys.includes(k)) : [];
          return schema && rest.length > 0 ? (
            <fieldset key={group} className="form-group">
              <legend>{group}</legend>
              <SchemaFields ctx={ctx} schema={schema} path={[group]} keys={rest} />
            </fieldset>
          ) : null;
        })}
      </details>
      {(error || general.length > 0) && (
        <div className="field-error" role="alert" data-testid="retrain-error">
          {error && <p>{error}</p>}
          {general.map((m) => (
            <p key={m}>{m}</p>
          ))}
        </div>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={busy || typed.size > 0}>
          {busy ? 'Starting…' : 'Start retraining'}
        </button>
      </div>
    </form>
  );
}

/** The dashboard's "Retrain…" action: the form in a dialog; a started run opens its dashboard. */
export function RetrainDialog({ run, catalog }: { run: Run; catalog: Catalog }) {
  const api = useApi();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [error, setError] = useState<string | null>(null);
  const submit = (request: ApiParams['startRetrain']) => {
    setBusy(true);
    setError(null);
    setIssues([]);
    api.call('startRetrain', request).then(
      ({ id }) => {
        setBusy(false);
        setOpen(false);
        navigate({ screen: 'run', id });
      },
      (e: unknown) => {
        setBusy(false);
        setIssues(e instanceof ApiError && e.issues ? e.issues : []);
        setError(errorMessage(e));
      },
    );
  };
  const setOpenFresh = (o: boolean) => {
    setOpen(o);
    setIssues([]);
    setError(null);
  };
  return (
    <>
      <button type="button" data-testid="retrain-open" aria-haspopup="dialog" onClick={() => setOpenFresh(true)}>
        Retrain…
      </button>
      <Modal
        open={open}
        onClose={() => setOpenFresh(false)}
        className="dialog dialog-wide"
        title="Retrain the genotype"
        description={`Trains the cells “${run.name}” found as a new network from scratch: a new run linked to this search.`}
        descriptionClassName="muted"
      >
        <RetrainForm run={run} retrain={catalog.retrain} plugins={catalog.plugins} issues={issues} error={error} busy={busy} onSubmit={submit} onCancel={() => setOpen(false)} onEdit={() => (issues.length || error) && (setIssues([]), setError(null))} />
      </Modal>
    </>
  );
}
