import { useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, type Catalog, type ConfigCheck, type FieldIssue, type Template } from '../../../shared/api';
import { useApi } from '../api';
import { ConfirmDialog, ConfirmModal } from '../components/ConfirmDialog';
import { SchemaFields, useTypedTexts, type FormContext } from '../components/SchemaForm';
import { ErrorState, Loading } from '../components/States';
import { useAsync } from '../hooks/useAsync';
import { readStored } from '../hooks/usePersistentState';
import { EstimateController, runTime, type EstimateState } from '../lib/estimate';
import { errorMessage, formatBytes, formatCount, formatDuration, formatNumber } from '../lib/format';
import { describeFields, type TypedText } from '../lib/json-schema';
import { pathKey, setPath, type Path } from '../lib/paths';
import { draftOrigin, DRAFT_KEY, originText, parseDraft, resumable, type WizardDraft } from '../lib/wizard-draft';
import { stepKeys, stepOfPath, WIZARD_STEPS } from '../lib/wizard-steps';
import { navigate } from '../router';

type Config = Record<string, unknown>;

/** Issue paths of validateConfig are the config's; startRun's carry the param name first. */
const configPath = (issue: FieldIssue): Path => (issue.path[0] === 'config' ? issue.path.slice(1) : issue.path);

/** Drops the stored draft: after a launch, or when the user discards it. */
const forgetDraft = () => {
  try {
    localStorage.removeItem(DRAFT_KEY);
  } catch {
    // Storage denied: nothing was kept either.
  }
};

export function WizardScreen({ clone, template, preset }: { clone?: string; template?: string; preset?: string }) {
  const api = useApi();
  // Bumped when the user discards the draft: the wizard loads afresh from its route.
  const [generation, setGeneration] = useState(0);
  const loaded = useAsync(async () => {
    const [catalog, templates] = await Promise.all([api.call('catalog'), api.call('listTemplates')]);
    const route = { clone, template, preset };
    const stored = readStored(DRAFT_KEY, parseDraft);
    const resumed = resumable(stored, route);
    if (resumed) return { catalog, templates, draft: resumed, replaces: undefined, generation };
    let start: Omit<WizardDraft, 'origin' | 'step' | 'typed' | 'edited'> = { config: {}, source: 'engine defaults' };
    if (clone) {
      const run = await api.call('getRun', { id: clone });
      start = { config: { ...run.config, name: undefined }, source: `clone of ${run.name}`, cloneOf: run.id };
    } else if (template) {
      const t = templates.find((x) => x.name === template);
      if (!t) throw new ApiError('not-found', `no template named '${template}'`);
      start = { config: t.config as unknown as Config, source: `template ${t.name}` };
    } else if (preset) {
      const p = catalog.presets.find((x) => x.id === preset);
      if (!p) throw new ApiError('not-found', `no preset '${preset}'`);
      start = { config: p.config as Config, source: `preset ${p.title}` };
    }
    const draft: WizardDraft = { ...start, origin: draftOrigin(route), step: 0, typed: [], edited: false };
    // An edited draft from elsewhere is not replaced without asking.
    return { catalog, templates, draft, replaces: stored?.edited ? stored : undefined, generation };
  }, [clone, template, preset, generation]);
  const [replaceConfirmed, setReplaceConfirmed] = useState(false);

  // After a discard the old draft's wizard must not stay on screen while the new one loads: a step
  // clicked there would store the old draft again, and the load would resume it.
  if (loaded.status === 'loading' || (loaded.status === 'ready' && loaded.value.generation !== generation)) return <Loading what="the engine catalog" />;
  if (loaded.status === 'error') return <ErrorState what="the wizard" error={loaded.error} retry={loaded.reload} />;
  // Keyed by the generation it was loaded for, so a new draft mounts a fresh wizard.
  const { catalog, templates, draft, replaces } = loaded.value;
  if (replaces && !replaceConfirmed) return <DraftConflict draft={replaces} next={draft.source} onDiscard={() => setReplaceConfirmed(true)} />;
  const discard = () => (forgetDraft(), setReplaceConfirmed(false), setGeneration((g) => g + 1));
  return <Wizard key={loaded.value.generation} catalog={catalog} templates={templates} draft={draft} onDiscard={discard} />;
}

/** A link (Clone, a template, a preset) asked for a new start while an edited draft is kept: the user picks. */
function DraftConflict({ draft, next, onDiscard }: { draft: WizardDraft; next: string; onDiscard: () => void }) {
  return (
    <section className="wizard" aria-labelledby="wizard-title">
      <h1 id="wizard-title">New search</h1>
      <div className="draft-conflict" role="alert" data-testid="draft-conflict">
        <p>
          You have an unsaved draft, started from {originText(draft.origin)} ({draft.source}). Starting from {next} discards it.
        </p>
        <div className="actions">
          <button type="button" className="primary" onClick={() => navigate({ screen: 'new', ...draft.origin })}>
            Continue the draft
          </button>
          <button type="button" className="danger" onClick={onDiscard}>
            Discard the draft, start from {next}
          </button>
        </div>
      </div>
    </section>
  );
}

function Wizard({ catalog, templates: initialTemplates, draft, onDiscard }: { catalog: Catalog; templates: Template[]; draft: WizardDraft; onDiscard: () => void }) {
  const api = useApi();
  const [config, setConfig] = useState<Config>(draft.config);
  const [source, setSource] = useState(draft.source);
  const [stepIndex, setStepIndex] = useState(Math.min(draft.step, WIZARD_STEPS.length - 1));
  const [edited, setEdited] = useState(draft.edited);
  const { typed, onTyped, reset: resetTyped } = useTypedTexts(draft.typed);
  // A preset or template picked over an edited draft waits for the user's confirmation.
  const [pendingLoad, setPendingLoad] = useState<{ config: Config; source: string } | null>(null);
  const [check, setCheck] = useState<{ pending: boolean; result: ConfigCheck | null; error: string | null }>({ pending: true, result: null, error: null });
  const [launchIssues, setLaunchIssues] = useState<FieldIssue[]>([]);
  const [launching, setLaunching] = useState(false);
  const [launchError, setLaunchError] = useState<string | null>(null);
  const [templates, setTemplates] = useState(initialTemplates);
  const heading = useRef<HTMLHeadingElement>(null);
  const step = WIZARD_STEPS[stepIndex];
  const isReview = step.id === 'review';

  // The draft is stored on every change, so Help, the nav bar or a reload lose nothing.
  useEffect(() => {
    try {
      const kept: WizardDraft = { origin: draft.origin, config, source, ...(draft.cloneOf ? { cloneOf: draft.cloneOf } : {}), step: stepIndex, typed: [...typed], edited };
      localStorage.setItem(DRAFT_KEY, JSON.stringify(kept));
    } catch {
      // Storage full or denied: the draft still lives while the wizard is open.
    }
  }, [draft, config, source, stepIndex, typed, edited]);

  // Inline validation: the host checks the whole config (ids, options, combinations) as it changes.
  useEffect(() => {
    let live = true;
    setCheck((c) => ({ ...c, pending: true }));
    const timer = setTimeout(() => {
      api.call('validateConfig', { config }).then(
        (result) => live && setCheck({ pending: false, result, error: null }),
        (e: unknown) => live && setCheck({ pending: false, result: null, error: errorMessage(e) }),
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, config]);

  // Text that is no value yet ("abc" in a number field) counts as a problem like the host's.
  const issues = useMemo(() => {
    const all = [...(check.result && !check.result.ok ? check.result.issues : []), ...launchIssues];
    const local = [...typed].map(([key, t]) => ({ path: key.split('.') as Path, message: `“${t.text}”: ${t.error}` }));
    return [...local, ...all.map((i) => ({ path: configPath(i), message: i.message }))];
  }, [check.result, launchIssues, typed]);
  const issueMap = useMemo(() => {
    const m = new Map<string, string[]>();
    for (const i of issues) m.set(pathKey(i.path), [...(m.get(pathKey(i.path)) ?? []), i.message]);
    return m;
  }, [issues]);
  const issuesByStep = (id: string) => issues.filter((i) => stepOfPath(i.path) === id);

  useEffect(() => heading.current?.focus(), [stepIndex]);

  const onChange = (path: Path, value: unknown) => {
    setLaunchIssues([]);
    setEdited(true);
    setConfig((c) => setPath(c, path, value));
  };
  const onTypedEdit = (path: Path, entry: TypedText | null) => (setEdited(true), onTyped(path, entry));
  const ctx: FormContext = { root: catalog.configSchema, configSchema: catalog.configSchema, plugins: catalog.plugins, value: config, onChange, issues: issueMap, typed, onTyped: onTypedEdit };
  const topKeys = describeFields(catalog.configSchema).map((f) => f.key);
  const valid = check.result?.ok === true && !check.pending && launchIssues.length === 0 && typed.size === 0;

  const launch = async () => {
    setLaunching(true);
    setLaunchError(null);
    try {
      const name = typeof config.name === 'string' ? config.name : undefined;
      const { id } = await api.call('startRun', { config, ...(name ? { name } : {}), ...(draft.cloneOf ? { cloneOf: draft.cloneOf } : {}) });
      forgetDraft();
      navigate({ screen: 'run', id });
    } catch (e) {
      if (e instanceof ApiError && e.issues) setLaunchIssues(e.issues);
      setLaunchError(errorMessage(e));
      setLaunching(false);
    }
  };

  const load = (next: Config, from: string) => {
    setConfig(next);
    setSource(from);
    setLaunchIssues([]);
    resetTyped();
    setEdited(false);
  };
  const askLoad = (next: Config, from: string) => (edited ? setPendingLoad({ config: next, source: from }) : load(next, from));

  return (
    <section className="wizard" aria-labelledby="wizard-title">
      <div className="screen-head">
        <h1 id="wizard-title">New search</h1>
        <div className="wizard-sources">
          <label htmlFor="preset-select">Preset</label>
          <select
            id="preset-select"
            value=""
            onChange={(e) => {
              const p = catalog.presets.find((x) => x.id === e.target.value);
              if (p) askLoad(p.config as Config, `preset ${p.title}`);
            }}
          >
            <option value="">(load a preset)</option>
            {catalog.presets.map((p) => (
              <option key={p.id} value={p.id} title={p.description}>
                {p.title}
              </option>
            ))}
          </select>
          <label htmlFor="template-select">Template</label>
          <select
            id="template-select"
            value=""
            disabled={templates.length === 0}
            onChange={(e) => {
              const t = templates.find((x) => x.name === e.target.value);
              if (t) askLoad(t.config as unknown as Config, `template ${t.name}`);
            }}
          >
            <option value="">{templates.length ? '(load a template)' : '(no templates saved)'}</option>
            {templates.map((t) => (
              <option key={t.name} value={t.name}>
                {t.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p className="muted" data-testid="config-source">
        Starting from {source}.
        {edited && (
          <>
            {' '}
            Your edits are kept as a draft until you launch.{' '}
            <ConfirmDialog
              trigger={
                <button type="button" className="link-button" data-testid="discard-draft">
                  Discard draft
                </button>
              }
              title="Discard the draft?"
              description={`Your edits are lost and the wizard starts again from ${originText(draft.origin)}.`}
              confirmLabel="Discard"
              onConfirm={onDiscard}
            />
          </>
        )}
      </p>
      <ConfirmModal
        open={pendingLoad !== null}
        onCancel={() => setPendingLoad(null)}
        title="Replace your edits?"
        description={`Loading ${pendingLoad?.source ?? ''} replaces the draft you have edited.`}
        confirmLabel="Replace"
        onConfirm={() => (pendingLoad && load(pendingLoad.config, pendingLoad.source), setPendingLoad(null))}
      />

      <ol className="stepper" aria-label="Wizard steps">
        {WIZARD_STEPS.map((s, i) => {
          const n = s.id === 'review' ? issues.length : issuesByStep(s.id).length;
          return (
            <li key={s.id}>
              <button type="button" aria-current={i === stepIndex ? 'step' : undefined} onClick={() => setStepIndex(i)}>
                <span className="step-number">{i + 1}</span> {s.title}
                {n > 0 && (
                  <span className="badge badge-error" aria-label={`${n} problems`}>
                    {n}
                  </span>
                )}
              </button>
            </li>
          );
        })}
      </ol>

      <form
        className="wizard-step"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (isReview) {
            if (valid && !launching) void launch();
          } else setStepIndex((i) => i + 1);
        }}
      >
        <h2 ref={heading} tabIndex={-1}>
          {step.title}
        </h2>
        <StepIssues issues={isReview ? issues : issuesByStep(step.id)} />
        {check.error && <p className="field-error">Validation failed: {check.error}</p>}
        {isReview ? (
          <Review check={check.result} pending={check.pending} config={config} />
        ) : (
          <SchemaFields ctx={ctx} schema={catalog.configSchema} path={[]} keys={stepKeys(step.id, topKeys)} />
        )}
        {launchError && (
          <p className="field-error" role="alert" data-testid="launch-error">
            Not launched: {launchError}
          </p>
        )}
        <div className="wizard-nav">
          <button type="button" disabled={stepIndex === 0} onClick={() => setStepIndex((i) => i - 1)}>
            Back
          </button>
          {isReview ? (
            <button type="submit" className="primary" disabled={!valid || launching} data-testid="launch">
              {launching ? 'Launching…' : check.pending ? 'Checking…' : valid ? 'Launch search' : 'Fix the problems to launch'}
            </button>
          ) : (
            <button type="submit" className="primary">
              Next
            </button>
          )}
        </div>
      </form>
      {isReview && <SaveTemplate config={config} onSaved={(t) => setTemplates((ts) => [...ts.filter((x) => x.name !== t.name), t])} />}
    </section>
  );
}

function StepIssues({ issues }: { issues: Array<{ path: Path; message: string }> }) {
  if (issues.length === 0) return null;
  return (
    <div className="step-issues" role="alert" data-testid="step-issues">
      <p>This configuration cannot be launched yet:</p>
      <ul>
        {issues.map((i, k) => (
          <li key={k}>
            <code>{pathKey(i.path) || '(config)'}</code>: {i.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

function Review({ check, pending, config }: { check: ConfigCheck | null; pending: boolean; config: Config }) {
  const api = useApi();
  const [estimate, setEstimate] = useState<EstimateState>({ status: 'idle' });
  const effective = check?.ok ? check.config : null;
  const json = useMemo(() => (effective ? JSON.stringify(effective, null, 2) : null), [effective]);
  const calibration = useMemo(() => new EstimateController(api, setEstimate), [api]);
  // Keyed by the effective config (backend included): a config measured before shows at once.
  const measure = (fresh = false) => calibration.measure(config, { fresh, key: effective });
  const time = estimate.status === 'done' && effective ? runTime(estimate.value, effective) : null;

  // One calibration per reviewed config (real search steps in a worker): stopped when the config
  // changes or the review step goes away, so that none keeps running unseen.
  useEffect(() => {
    if (!json) {
      setEstimate({ status: 'idle' });
      return;
    }
    measure();
    return () => calibration.dispose();
  }, [json, calibration]);

  return (
    <div className="review">
      <section aria-labelledby="estimate-title" className="estimate" data-testid="estimate">
        <h3 id="estimate-title">Estimate</h3>
        {check?.ok && check.spaceSize !== null && <p>Search space: {check.spaceSize.toExponential(2)} cell pairs.</p>}
        {estimate.status === 'idle' && <p className="muted">{pending ? 'Checking the configuration…' : 'Available once the configuration is valid.'}</p>}
        {estimate.status === 'running' && (
          <div>
            <Loading what="a calibration step on the chosen backend" />
            <button type="button" onClick={() => calibration.cancel()} data-testid="estimate-cancel">
              Cancel
            </button>
          </div>
        )}
        {estimate.status === 'cancelled' && (
          <p className="muted" data-testid="estimate-cancelled">
            Calibration cancelled.{' '}
            <button type="button" onClick={() => measure()}>
              Measure
            </button>
          </p>
        )}
        {estimate.status === 'error' && (
          <p className="field-error">
            Calibration failed: {estimate.error}{' '}
            <button type="button" onClick={() => measure()}>
              Retry
            </button>
          </p>
        )}
        {estimate.status === 'done' && time && (
          <dl className="facts">
            <dt>Total run time</dt>
            <dd data-testid="estimate-total">
              {formatDuration(time.seconds)} ({time.epochs} {effective?.randomSearch ? 'sampled networks' : 'epochs'} of {estimate.value.stepsPerEpoch} steps{time.stages.length > 1 ? `, ${time.stages.length} stages` : ''}; {effective?.randomSearch ? 'scoring' : 'epoch-end evaluation'} not included)
            </dd>
            <dt>{effective?.randomSearch ? 'Largest sampled network' : estimate.value.stages ? 'Largest supernet' : 'Supernet parameters'}</dt>
            <dd data-testid="estimate-params">{formatCount(estimate.value.params)}</dd>
            <dt>Estimated memory</dt>
            <dd>{formatBytes(estimate.value.peakBytes)}</dd>
            {/* A progressive search's step time differs per stage: the stage table gives each, not a mean that matches none. */}
            {!estimate.value.stages && (
              <>
                <dt>Time per step</dt>
                <dd>{formatNumber(estimate.value.stepSeconds, 3)} s</dd>
                <dt>{effective?.randomSearch ? 'Time per sampled network' : 'Time per epoch'}</dt>
                <dd>{formatDuration(estimate.value.epochSeconds)}</dd>
              </>
            )}
            <dt>Backend</dt>
            <dd>
              {estimate.value.backend}
              {estimate.cached && (
                <span className="muted" data-testid="estimate-cached">
                  {' '}
                  · measured earlier for this config{' '}
                  <button type="button" className="link-button" onClick={() => measure(true)}>
                    Measure again
                  </button>
                </span>
              )}
            </dd>
          </dl>
        )}
        {estimate.status === 'done' && estimate.value.stages && (
          <div className="table-scroll">
          <table className="data-table" data-testid="estimate-stages">
            <caption>Per stage: each measured over as many ops per edge as it searches, the costliest (an upper bound)</caption>
            <thead>
              <tr>
                <th scope="col">Stage</th>
                <th scope="col">Cells</th>
                <th scope="col">C</th>
                <th scope="col">Ops per edge</th>
                <th scope="col">Parameters</th>
                <th scope="col">Memory</th>
                <th scope="col">Step</th>
                <th scope="col">Epoch</th>
                <th scope="col">Stage ({time?.stages[0]?.epochs ?? 0} epochs)</th>
              </tr>
            </thead>
            <tbody>
              {estimate.value.stages.map((s, i) => (
                <tr key={i}>
                  <td>{i + 1}</td>
                  <td>{s.cells}</td>
                  <td>{s.channels}</td>
                  <td>{s.opsPerEdge}</td>
                  <td>{formatCount(s.params)}</td>
                  <td>{formatBytes(s.peakBytes)}</td>
                  <td>{formatNumber(s.stepSeconds, 3)} s</td>
                  <td>{formatDuration(time?.stages[i]?.epochSeconds)}</td>
                  <td>{formatDuration(time?.stages[i]?.seconds)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        )}
      </section>
      <section aria-labelledby="effective-title">
        <h3 id="effective-title">Effective configuration</h3>
        {json ? <pre className="json" data-testid="effective-config">{json}</pre> : <p className="muted">Shown once the configuration is valid.</p>}
      </section>
    </div>
  );
}

function SaveTemplate({ config, onSaved }: { config: Config; onSaved: (t: Template) => void }) {
  const api = useApi();
  const [name, setName] = useState('');
  const [state, setState] = useState<string | null>(null);
  return (
    <form
      className="save-template"
      onSubmit={(e) => {
        e.preventDefault();
        api.call('saveTemplate', { name, config }).then(
          (t) => {
            onSaved(t);
            setState(`Saved template “${t.name}”.`);
          },
          (err: unknown) => setState(`Not saved: ${errorMessage(err)}`),
        );
      }}
    >
      <label htmlFor="template-name">Save as template</label>
      <input id="template-name" type="text" value={name} onChange={(e) => setName(e.target.value)} placeholder="template name" />
      <button type="submit" disabled={!name.trim()}>
        Save
      </button>
      {state && <span role="status">{state}</span>}
    </form>
  );
}
