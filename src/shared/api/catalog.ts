import type { SearchConfigInput } from '../config';

/** A JSON Schema document (draft 2020-12), as zod's toJSONSchema writes it. */
export type JsonSchema = Record<string, unknown>;

/** One registry entry a config can name: the wizard renders `optionsSchema` as a form. */
export interface PluginInfo {
  id: string;
  title: string;
  /** Paper and section the entry follows, for the help link. */
  paper?: string;
  description?: string;
  /** Options the entry accepts; an empty object schema when it takes none. */
  optionsSchema: JsonSchema;
}

export interface PresetInfo {
  id: string;
  title: string;
  description: string;
  config: SearchConfigInput;
}

/** Every choice the engine offers, by config field. */
export interface Catalog {
  /** The whole search config, with defaults and one-line descriptions. */
  configSchema: JsonSchema;
  /** Registries by kind: 'dataset', 'space', 'relaxation', 'strategy', 'schedule', 'derivation', … */
  plugins: Record<string, PluginInfo[]>;
  presets: PresetInfo[];
  /** Retraining: its config's JSON Schema and presets (their configs leave the genotype out). */
  retrain: { configSchema: JsonSchema; presets: Array<{ id: string; title: string; description: string; config: Record<string, unknown> }> };
  /** Export formats (exportRun ids): 'model' needs a finished retraining, 'genotype' a genotype, 'history' any run. */
  exports: Array<{ id: string; title: string; needs: 'model' | 'genotype' | 'history' }>;
}
