import { useCallback, useEffect, useState } from 'react';
import type { JsonSchema, PluginInfo } from '../../../shared/api';
import { describeFields, fieldTitle, hasProperties, keyWords, parseNumberInput, resolve, schemaAt, type FieldSpec, type TypedText } from '../lib/json-schema';
import { getPath, pathKey, type Path } from '../lib/paths';
import { isOptionsPath, slotAt } from '../lib/wizard-steps';
import { href } from '../router';

// A form generated from the catalog's JSON Schemas: the config schema for the structure, each
// plug-in's optionsSchema for its options. Unset fields show their default as a placeholder and
// stay out of the config, so the host's defaults apply.

export interface FormContext {
  root: JsonSchema;
  /** The whole config's schema (root may be a plug-in's options schema while rendering its options). */
  configSchema: JsonSchema;
  plugins: Record<string, PluginInfo[]>;
  value: unknown;
  onChange: (path: Path, value: unknown) => void;
  /** Host validation messages by dotted path. */
  issues: Map<string, string[]>;
  /** Text typed into fields that is no valid value yet, by dotted path (useTypedTexts). */
  typed: ReadonlyMap<string, TypedText>;
  onTyped: (path: Path, entry: TypedText | null) => void;
}

/** The typed-text state of one form: the map, its setter for FormContext, and a reset (on loading another config). */
export function useTypedTexts(initial?: Iterable<[string, TypedText]>) {
  const [typed, setTyped] = useState<ReadonlyMap<string, TypedText>>(() => new Map(initial));
  const onTyped = useCallback((path: Path, entry: TypedText | null) => {
    setTyped((m) => {
      const key = pathKey(path);
      if (!entry && !m.has(key)) return m;
      const next = new Map(m);
      if (entry) next.set(key, entry);
      else next.delete(key);
      return next;
    });
  }, []);
  const reset = useCallback(() => setTyped(new Map()), []);
  return { typed, onTyped, reset };
}

const fieldId = (path: Path) => `f-${path.join('.')}`;

/** A field's plain-language name (its schema's title), with its config key small beneath. */
function FieldName({ title, path }: { title: string; path: Path }) {
  return (
    <>
      <span className="field-title">{title}</span>
      <small className="field-key">{pathKey(path)}</small>
    </>
  );
}

export function SchemaFields({ ctx, schema, path, keys }: { ctx: FormContext; schema: JsonSchema; path: Path; keys?: string[] }) {
  const fields = describeFields(schema, ctx.root).filter((f) => !keys || keys.includes(f.key));
  const ordered = keys ? keys.map((k) => fields.find((f) => f.key === k)).filter((f): f is FieldSpec => !!f) : fields;
  return (
    <>
      {ordered.map((f) => (
        <Field key={f.key} ctx={ctx} spec={f} path={[...path, f.key]} />
      ))}
    </>
  );
}

function Field({ ctx, spec, path }: { ctx: FormContext; spec: FieldSpec; path: Path }) {
  if (isOptionsPath(path)) return null;
  const slot = slotAt(path);
  if (slot && ctx.plugins[slot.kind]) return <PluginField ctx={ctx} spec={spec} path={path} kind={slot.kind} optionsPath={slot.optionsPath} />;
  const items = spec.schema.items ? resolve(spec.schema.items as JsonSchema, ctx.root) : null;
  if (spec.schema.type === 'array' && items && hasProperties(items) && slotAt([...path, 0, 'id'])) return <PluginList ctx={ctx} spec={spec} path={path} itemSchema={items} />;
  const entry = typeof spec.schema.additionalProperties === 'object' ? resolve(spec.schema.additionalProperties as JsonSchema, ctx.root) : null;
  if (spec.kind === 'json' && entry && hasProperties(entry)) return <KeyedGroups ctx={ctx} spec={spec} path={path} entrySchema={entry} />;
  if (spec.kind === 'object')
    return (
      <fieldset className="form-group" data-path={pathKey(path)}>
        <legend>
          <FieldName title={fieldTitle(spec.key, spec.schema)} path={path} />
        </legend>
        {spec.description && <p className="field-help">{spec.description}</p>}
        <Issues ctx={ctx} path={path} />
        <SchemaFields ctx={ctx} schema={spec.schema} path={path} />
      </fieldset>
    );
  return <ScalarField ctx={ctx} spec={spec} path={path} />;
}

function Issues({ ctx, path }: { ctx: FormContext; path: Path }) {
  const messages = ctx.issues.get(pathKey(path));
  if (!messages?.length) return null;
  return (
    <p className="field-error" id={`${fieldId(path)}-error`} role="alert">
      {messages.join('; ')}
    </p>
  );
}

function ScalarField({ ctx, spec, path }: { ctx: FormContext; spec: FieldSpec; path: Path }) {
  const id = fieldId(path);
  const current = getPath(ctx.value, path);
  const set = current !== undefined;
  const hostIssue = ctx.issues.has(pathKey(path));
  const typed = ctx.typed.get(pathKey(path));
  const localError = typed?.error ?? null;
  const setLocalError = (error: string | null, text: string) => ctx.onTyped(path, error === null ? null : { text, error });
  const invalid = hostIssue || localError !== null;
  const describedBy = [spec.description ? `${id}-help` : '', invalid ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const common = { id, 'data-path': pathKey(path), 'aria-invalid': invalid || undefined, 'aria-describedby': describedBy };
  const range = rangeText(spec);

  let control;
  switch (spec.kind) {
    case 'boolean':
      control = <input type="checkbox" {...common} checked={Boolean(current ?? spec.default ?? false)} onChange={(e) => ctx.onChange(path, e.target.checked)} />;
      break;
    case 'enum':
      control = (
        <select {...common} value={String(current ?? spec.default ?? '')} onChange={(e) => ctx.onChange(path, e.target.value)}>
          {spec.default === undefined && current === undefined && <option value="">(choose)</option>}
          {spec.options!.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      );
      break;
    case 'integer':
    case 'number':
      control = <NumberInput common={common} kind={spec.kind} value={current} typed={typed?.text} placeholder={spec.default} onValue={(v) => ctx.onChange(path, v)} onLocalError={setLocalError} />;
      break;
    case 'string':
      control = <input type="text" {...common} value={typeof current === 'string' ? current : ''} placeholder={spec.default === undefined ? '' : String(spec.default)} onChange={(e) => ctx.onChange(path, e.target.value === '' ? undefined : e.target.value)} />;
      break;
    default:
      control = <JsonInput common={common} value={current} typed={typed?.text} placeholder={spec.default} onValue={(v) => ctx.onChange(path, v)} onLocalError={setLocalError} />;
  }
  return (
    <div className={`field${invalid ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>
        <FieldName title={fieldTitle(spec.key, spec.schema)} path={path} />
        {spec.required && <span aria-hidden="true"> *</span>}
      </label>
      {control}
      {set && spec.default !== undefined && (
        <button type="button" className="link-button" onClick={() => ctx.onChange(path, undefined)} title={`Back to the default (${JSON.stringify(spec.default)})`}>
          default
        </button>
      )}
      {(spec.description || range) && (
        <p className="field-help" id={`${id}-help`}>
          {spec.description}
          {range && <span className="field-range"> {range}</span>}
        </p>
      )}
      {localError && (
        <p className="field-error" id={`${id}-error`} role="alert">
          {localError}
        </p>
      )}
      {!localError && <Issues ctx={ctx} path={path} />}
    </div>
  );
}

function rangeText(s: FieldSpec): string {
  const lo = s.min !== undefined ? `≥ ${s.min}` : s.exclusiveMin !== undefined ? `> ${s.exclusiveMin}` : '';
  const hi = s.max !== undefined ? `≤ ${s.max}` : s.exclusiveMax !== undefined ? `< ${s.exclusiveMax}` : '';
  return [lo, hi].filter(Boolean).join(', ') ? `(${[lo, hi].filter(Boolean).join(', ')})` : '';
}

type Common = Record<string, unknown>;

/** Keeps the typed text while it is not a number yet; the config only ever receives numbers. */
function NumberInput({ common, kind, value, typed, placeholder, onValue, onLocalError }: { common: Common; kind: 'integer' | 'number'; value: unknown; typed?: string; placeholder: unknown; onValue: (v: number | undefined) => void; onLocalError: (e: string | null, text: string) => void }) {
  const [text, setText] = useState(typed ?? (value === undefined ? '' : String(value)));
  useEffect(() => {
    // The text stays while it shows the value, or is the kept invalid text (a field coming back).
    setText((t) => ((parseNumberInput(t, kind) as { value?: number }).value === value || t === typed ? t : value === undefined ? '' : String(value)));
  }, [value, kind]);
  return (
    <input
      type="text"
      inputMode="decimal"
      {...common}
      value={text}
      placeholder={placeholder === undefined ? '' : String(placeholder)}
      onChange={(e) => {
        const t = e.target.value;
        setText(t);
        if (t.trim() === '') {
          onLocalError(null, t);
          onValue(undefined);
          return;
        }
        const parsed = parseNumberInput(t, kind);
        if ('error' in parsed) onLocalError(parsed.error, t);
        else {
          onLocalError(null, t);
          onValue(parsed.value);
        }
      }}
    />
  );
}

function JsonInput({ common, value, typed, placeholder, onValue, onLocalError }: { common: Common; value: unknown; typed?: string; placeholder: unknown; onValue: (v: unknown) => void; onLocalError: (e: string | null, text: string) => void }) {
  const [text, setText] = useState(typed ?? (value === undefined ? '' : JSON.stringify(value)));
  return (
    <textarea
      {...common}
      rows={2}
      value={text}
      placeholder={placeholder === undefined ? 'JSON' : JSON.stringify(placeholder)}
      onChange={(e) => {
        const t = e.target.value;
        setText(t);
        if (t.trim() === '') {
          onLocalError(null, t);
          onValue(undefined);
          return;
        }
        try {
          onValue(JSON.parse(t));
          onLocalError(null, t);
        } catch {
          onLocalError('not valid JSON', t);
        }
      }}
    />
  );
}

export function PluginHelp({ kind, entry }: { kind: string; entry: PluginInfo }) {
  return (
    <p className="field-help">
      {entry.description}
      {entry.paper && (
        <>
          {' '}
          <a href={href({ screen: 'help', topic: `${kind}-${entry.id}` })}>{entry.paper}</a>
        </>
      )}
    </p>
  );
}

function PluginField({ ctx, spec, path, kind, optionsPath }: { ctx: FormContext; spec: FieldSpec; path: Path; kind: string; optionsPath: Path }) {
  const id = fieldId(path);
  const entries = ctx.plugins[kind];
  const chosen = String(getPath(ctx.value, path) ?? spec.default ?? '');
  const entry = entries.find((e) => e.id === chosen);
  const invalid = ctx.issues.has(pathKey(path));
  // Options live next to the id only where the config has a field for them.
  const hasOptionsField = schemaAt(ctx.configSchema, optionsPath) !== null;
  const optionsFields = entry && hasOptionsField ? describeFields(entry.optionsSchema, entry.optionsSchema) : [];
  return (
    <div className={`field plugin-field${invalid ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>
        {/* A plug-in reference's id is named after its kind ("Strategy"). */}
        <FieldName title={spec.key === 'id' ? keyWords(kind) : fieldTitle(spec.key, spec.schema)} path={path} />
      </label>
      <select
        id={id}
        data-path={pathKey(path)}
        aria-invalid={invalid || undefined}
        value={chosen}
        onChange={(e) => {
          ctx.onChange(path, e.target.value);
          // Options belong to an entry: switching drops the previous one's.
          ctx.onChange(optionsPath, undefined);
        }}
      >
        {!entry && <option value={chosen}>{chosen || '(choose)'}</option>}
        {entries.map((e) => (
          <option key={e.id} value={e.id}>
            {e.title}
          </option>
        ))}
      </select>
      {entry && <PluginHelp kind={kind} entry={entry} />}
      <Issues ctx={ctx} path={path} />
      {entry && optionsFields.length > 0 && (
        <fieldset className="form-group plugin-options" data-path={pathKey(optionsPath)}>
          <legend>{entry.title} options</legend>
          <Issues ctx={ctx} path={optionsPath} />
          <SchemaFields ctx={{ ...ctx, root: entry.optionsSchema }} schema={entry.optionsSchema} path={optionsPath} />
        </fieldset>
      )}
    </div>
  );
}

/** An ordered list of plug-in references ({id, options}), e.g. regularizers. */
function PluginList({ ctx, spec, path, itemSchema }: { ctx: FormContext; spec: FieldSpec; path: Path; itemSchema: JsonSchema }) {
  const list = (getPath(ctx.value, path) as unknown[] | undefined) ?? [];
  const kind = slotAt([...path, 0, 'id'])!.kind;
  const entries = ctx.plugins[kind] ?? [];
  const [adding, setAdding] = useState('');
  return (
    <fieldset className="form-group" data-path={pathKey(path)}>
      <legend>
        <FieldName title={fieldTitle(spec.key, spec.schema)} path={path} />
      </legend>
      {spec.description && <p className="field-help">{spec.description}</p>}
      <Issues ctx={ctx} path={path} />
      {list.length === 0 && <p className="muted">None.</p>}
      {list.map((_, i) => (
        <div key={i} className="list-item">
          <SchemaFields ctx={ctx} schema={itemSchema} path={[...path, i]} />
          <button type="button" onClick={() => ctx.onChange(path, list.filter((__, j) => j !== i))}>
            Remove
          </button>
        </div>
      ))}
      {entries.length === 0 ? (
        <p className="muted">The engine offers no {kind} entries yet.</p>
      ) : (
        <div className="list-add">
          <label htmlFor={`${fieldId(path)}-add`}>Add {kind}</label>
          <select id={`${fieldId(path)}-add`} value={adding} onChange={(e) => setAdding(e.target.value)}>
            <option value="">(choose)</option>
            {entries.map((e) => (
              <option key={e.id} value={e.id}>
                {e.title}
              </option>
            ))}
          </select>
          <button type="button" disabled={!adding} onClick={() => (ctx.onChange(path, [...list, { id: adding }]), setAdding(''))}>
            Add
          </button>
        </div>
      )}
    </fieldset>
  );
}

/** A record of groups keyed by user text, e.g. schedules keyed by the option path they drive. */
function KeyedGroups({ ctx, spec, path, entrySchema }: { ctx: FormContext; spec: FieldSpec; path: Path; entrySchema: JsonSchema }) {
  const record = (getPath(ctx.value, path) as Record<string, unknown> | undefined) ?? {};
  const [key, setKey] = useState('');
  const required = describeFields(entrySchema, ctx.root).filter((f) => f.required);
  return (
    <fieldset className="form-group" data-path={pathKey(path)}>
      <legend>
        <FieldName title={fieldTitle(spec.key, spec.schema)} path={path} />
      </legend>
      {spec.description && <p className="field-help">{spec.description}</p>}
      <Issues ctx={ctx} path={path} />
      {Object.keys(record).length === 0 && <p className="muted">None.</p>}
      {Object.keys(record).map((k) => (
        <fieldset key={k} className="form-group">
          <legend>{k}</legend>
          <SchemaFields ctx={ctx} schema={entrySchema} path={[...path, k]} />
          <button type="button" onClick={() => ctx.onChange([...path, k], undefined)}>
            Remove
          </button>
        </fieldset>
      ))}
      <div className="list-add">
        <label htmlFor={`${fieldId(path)}-add`}>Add key</label>
        <input id={`${fieldId(path)}-add`} type="text" value={key} onChange={(e) => setKey(e.target.value)} placeholder="e.g. strategy.options.eta" />
        <button
          type="button"
          disabled={!key.trim() || key in record}
          onClick={() => {
            // Required numbers start at 0 so the new group is a valid shape to edit.
            ctx.onChange([...path, key.trim()], Object.fromEntries(required.map((f) => [f.key, f.default ?? (f.kind === 'number' || f.kind === 'integer' ? 0 : '')])));
            setKey('');
          }}
        >
          Add
        </button>
      </div>
    </fieldset>
  );
}
