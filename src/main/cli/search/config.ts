import { basename, extname, resolve } from 'node:path';
import { resolvePlugins } from '../../../engine/search';
import { backendPreference, checkpointSetting, getPreset, parseSearchConfig, presets, type SearchConfig } from '../../../shared/config';
import type { Args } from '../args';
import { UsageError, blame, lookup } from '../errors';
import { readJson, requireDir, requireFile } from '../files';

/** The validated config and a short label for the run directory's name. */
export interface ResolvedConfig {
  config: SearchConfig;
  label: string;
}

function parseAs(source: string, input: unknown): SearchConfig {
  try {
    return parseSearchConfig(input);
  } catch (e) {
    blame(source, e);
  }
}

/** `--preset NAME`, else `--config FILE`, else `fallback` (the config.json of the run being resumed). */
async function baseConfig(args: Args, fallback: string | undefined): Promise<ResolvedConfig & { source: string }> {
  if (args.has('config') && args.has('preset')) throw new UsageError('give --preset or --config, not both');
  if (args.has('preset')) {
    const preset = lookup('--preset', () => getPreset(args.required('preset')));
    const source = `preset ${preset.id}`;
    return { config: parseAs(source, preset.config), source, label: preset.id };
  }
  const file = args.string('config') ?? fallback;
  if (file === undefined) throw new UsageError(`search needs --preset NAME or --config FILE (presets: ${presets.map((p) => p.id).join(', ')})`);
  const path = await requireFile(file, '--config');
  return { config: parseAs(path, await readJson(path)), source: path, label: basename(path, extname(path)) };
}

/**
 * The base config with the command-line overrides applied, validated again as a whole. `adjust`
 * lets a command set what it is about (random-search: `randomSearch`) before that validation.
 */
export async function resolveSearchConfig(args: Args, fallback: string | undefined, adjust: (c: SearchConfig) => SearchConfig = (c) => c): Promise<ResolvedConfig> {
  const { config, source, label } = await baseConfig(args, fallback);
  const epochs = args.int('epochs', 1);
  const seed = args.int('seed', 0);
  const backend = args.choice('backend', backendPreference.options);
  const threads = args.int('threads', 1);
  const checkpoint = args.choice('checkpoint', checkpointSetting.options);
  // Absolute, so that the recorded config still finds the data when resumed from elsewhere.
  const dataRoot = args.has('data-root') ? resolve(await requireDir(args.required('data-root'), '--data-root')) : undefined;
  const merged: SearchConfig = {
    ...config,
    ...(seed !== undefined && { seed }),
    ...(backend !== undefined && { backend }),
    ...(threads !== undefined && { threads }),
    ...(checkpoint !== undefined && { checkpoint }),
    ...(epochs !== undefined && { budget: { ...config.budget, epochs } }),
    ...(dataRoot !== undefined && { data: { ...config.data, options: { ...config.data.options, root: dataRoot } } }),
  };
  const resolved = parseAs('command-line overrides', adjust(merged));
  try {
    // The engine checks these too, but only once a run starts: failing here names the field first.
    resolvePlugins(resolved);
  } catch (e) {
    blame(source, e);
  }
  return { config: resolved, label };
}
