import { resolve } from 'node:path';
import { genotypeToJson } from '../../../engine/genotype';
import { resolveRetrainPlugins } from '../../../engine/retrain';
import { backendPreference, getRetrainPreset, parseRetrainConfig, retrainPresets, type RetrainConfig } from '../../../shared/config';
import type { Args } from '../args';
import { UsageError, blame, lookup } from '../errors';
import { readJson, requireDir, requireFile } from '../files';
import type { GenotypeChoice } from './genotype-source';

/**
 * `--preset NAME` or `--config FILE` (a retrain config; its genotype, if any, is replaced by the
 * chosen one), then the command-line overrides, validated as a whole and resolved against the
 * engine's registries so a bad dataset or schedule fails before any work.
 */
export async function resolveRetrainConfig(args: Args, choice: GenotypeChoice): Promise<{ config: RetrainConfig; label: string }> {
  if (args.has('config') && args.has('preset')) throw new UsageError('give --preset or --config, not both');
  let base: Record<string, unknown>;
  let source: string;
  let label: string;
  if (args.has('preset')) {
    const preset = lookup('--preset', () => getRetrainPreset(args.required('preset')));
    base = { ...preset.config };
    source = `preset ${preset.id}`;
    label = preset.id;
  } else if (args.has('config')) {
    const path = await requireFile(args.required('config'), '--config');
    base = (await readJson(path)) as Record<string, unknown>;
    source = path;
    label = 'config';
  } else {
    throw new UsageError(`retrain needs --preset NAME or --config FILE (presets: ${retrainPresets.map((p) => p.id).join(', ')})`);
  }
  const epochs = args.int('epochs', 1);
  const seed = args.int('seed', 0);
  const backend = args.choice('backend', backendPreference.options);
  const dataRoot = args.has('data-root') ? resolve(await requireDir(args.required('data-root'), '--data-root')) : undefined;
  const data = (base.data ?? {}) as Record<string, unknown>;
  const input = {
    ...base,
    genotype: genotypeToJson(choice.genotype),
    source: choice.source,
    ...(seed !== undefined && { seed }),
    ...(backend !== undefined && { backend }),
    ...(epochs !== undefined && { budget: { ...((base.budget ?? {}) as object), epochs } }),
    ...(dataRoot !== undefined && { data: { ...data, options: { ...((data.options ?? {}) as object), root: dataRoot } } }),
  };
  let config: RetrainConfig;
  try {
    config = parseRetrainConfig(input);
    resolveRetrainPlugins(config);
  } catch (e) {
    blame(source, e);
  }
  return { config, label: `retrain-${label}-${choice.label}` };
}
