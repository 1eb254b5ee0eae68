import type { ApiParams, Catalog, FieldIssue } from '../../../shared/api';
import type { RetrainConfig } from '../../../shared/config';
import type { RetrainMetadata } from '../../../shared/retrain-events';
import type { RunDetail } from '../../../shared/runs';
import { schemaAt } from './json-schema';
import { getPath, pathKey, type Path } from './paths';

// What the retrain dialog decides, as pure functions of the run and the form's state.

/** The retraining fields the dialog shows up front (the rest sit under "All settings"), by group. */
export const RETRAIN_KEY_FIELDS: ReadonlyArray<{ group: string; keys: string[] }> = [
  { group: 'data', keys: ['dataset', 'batchSize'] },
  { group: 'model', keys: ['channels', 'layers'] },
  { group: 'budget', keys: ['epochs'] },
];

/** Config fields the dialog never offers: the host fills the genotype and its source from the run. */
export const RETRAIN_HIDDEN = new Set(['genotype', 'source']);

/** Whether a run has a genotype to retrain (a search's derived one, final or per epoch). */
export const canRetrain = (run: Pick<RunDetail, 'kind' | 'finalGenotype' | 'genotypes'>): boolean => run.kind === 'search' && (run.finalGenotype !== null || run.genotypes.length > 0);

/** Epochs with a derived genotype, ascending (the dialog's choices besides the final one). */
export const genotypeEpochs = (run: Pick<RunDetail, 'genotypes'>): number[] => [...new Set(run.genotypes.map((g) => g.epoch))].sort((a, b) => a - b);

/** Epochs a preset trains (its own, else the schema's default: train.py's 600). */
function presetEpochs(retrain: Catalog['retrain'], p: Catalog['retrain']['presets'][number]): number {
  const own = getPath(p.config, ['budget', 'epochs']);
  const fallback = schemaAt(retrain.configSchema, ['budget', 'epochs'])?.default;
  return typeof own === 'number' ? own : typeof fallback === 'number' ? fallback : Infinity;
}

/**
 * Where the retrain dialog starts for a search: the shortest preset on the search's dataset (an
 * MNIST search gets the quick MNIST one, not 600 CIFAR-10 epochs); with none on that dataset, the
 * shortest preset moved onto the search's data (its dataset and dataset options).
 */
export function defaultRetrainStart(retrain: Catalog['retrain'], search: Pick<RunDetail, 'config'>): { presetId: string; config: Record<string, unknown> } {
  const dataset = getPath(search.config, ['data', 'dataset']);
  const byLength = [...retrain.presets].sort((a, b) => presetEpochs(retrain, a) - presetEpochs(retrain, b));
  const same = byLength.find((p) => getPath(p.config, ['data', 'dataset']) === dataset);
  const chosen = same ?? byLength[0];
  if (!chosen) return { presetId: '', config: {} };
  const config = structuredClone(chosen.config);
  if (!same && typeof dataset === 'string') config.data = { ...(config.data as object), dataset, options: structuredClone(getPath(search.config, ['data', 'options']) ?? {}) };
  return { presetId: chosen.id, config };
}

/** The name a retraining gets when the user leaves it empty: the search's, so the two read as a pair. */
export const defaultRetrainName = (searchName: string): string => `${searchName} · retrain`;

/** The startRetrain request: the edited config (no genotype: the host takes it from the run), the chosen epoch, and a name. */
export function retrainRequest(run: Pick<RunDetail, 'id' | 'name'>, config: Record<string, unknown>, epoch: number | null, name: string): ApiParams['startRetrain'] {
  const rest = Object.fromEntries(Object.entries(config).filter(([k]) => !RETRAIN_HIDDEN.has(k)));
  return { fromRun: run.id, config: rest, ...(epoch === null ? {} : { epoch }), name: name.trim() || defaultRetrainName(run.name) };
}

/**
 * Host issues split for a form: those under `config` by their path inside the config (dotted), the
 * others (fromRun, epoch, …) as general messages.
 */
export function splitIssues(issues: readonly FieldIssue[]): { fields: Map<string, string[]>; general: string[] } {
  const fields = new Map<string, string[]>();
  const general: string[] = [];
  for (const i of issues) {
    if (i.path[0] !== 'config' || i.path.length < 2) {
      general.push(i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message);
      continue;
    }
    const key = pathKey(i.path.slice(1) as Path);
    fields.set(key, [...(fields.get(key) ?? []), i.message]);
  }
  return { fields, general };
}

/** A retraining run's metadata (size, preprocessing, …); null for a search or a run not started yet. */
export const retrainMeta = (meta: RunDetail['meta']): RetrainMetadata | null => (meta && 'kind' in meta && meta.kind === 'retrain' ? meta : null);

/** A retraining run's config (names its genotype and where it came from); null for a search. */
export const retrainConfig = (run: Pick<RunDetail, 'kind' | 'config'>): RetrainConfig | null => (run.kind === 'retrain' ? (run.config as RetrainConfig) : null);
