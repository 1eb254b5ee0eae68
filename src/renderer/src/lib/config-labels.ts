import type { JsonSchema, PluginInfo } from '../../../shared/api';
import { fieldTitle, pathTitle, schemaAt } from './json-schema';
import { getPath } from './paths';
import { matches, PLUGIN_SLOTS } from './wizard-steps';

/**
 * The name of a config field given by its dotted path: the config schema's title, or, for a
 * plug-in's option ("strategy.options.eta"), the title in the options schema of the entry that
 * `config` chose there.
 */
export function configFieldTitle(configSchema: JsonSchema, plugins: Record<string, PluginInfo[]>, config: unknown, dotted: string): string {
  const path = dotted.split('.');
  for (const slot of PLUGIN_SLOTS) {
    const n = slot.optionsPath.length;
    if (path.length <= n || !matches(slot.optionsPath, path.slice(0, n))) continue;
    const id = getPath(config, slot.path.map((p, i) => (p === '*' ? path[i] : p)));
    const entry = plugins[slot.kind]?.find((e) => e.id === id);
    if (entry) return fieldTitle(path[path.length - 1], schemaAt(entry.optionsSchema, path.slice(n)));
  }
  return pathTitle(configSchema, dotted);
}
