import { z } from 'zod';
import { engineCatalog } from '../../engine/catalog';
import { exportFormats } from '../../engine/export';
import type { Catalog, JsonSchema } from '../../shared/api';
import { presets, retrainConfigSchema, retrainPresets, searchConfigSchema } from '../../shared/config';

const EMPTY: JsonSchema = { type: 'object', properties: {} };

/** JSON Schema of what a config accepts (its input side: defaults are optional to give). */
const jsonSchema = (schema: z.ZodType): JsonSchema => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;

let cached: Catalog | null = null;

/** The engine's registries and presets as plain data for the wizard; built once per process. */
export function catalog(): Catalog {
  cached ??= {
    configSchema: jsonSchema(searchConfigSchema),
    plugins: Object.fromEntries(
      Object.entries(engineCatalog()).map(([kind, entries]) => [
        kind,
        entries.map(({ optionsSchema, ...info }) => ({ ...info, optionsSchema: optionsSchema ? jsonSchema(optionsSchema) : EMPTY })),
      ]),
    ),
    presets: presets.map((p) => ({ ...p })),
    retrain: { configSchema: jsonSchema(retrainConfigSchema), presets: retrainPresets.map((p) => ({ ...p, config: { ...p.config } })) },
    exports: [...exportFormats.values()].map(({ id, title, needs }) => ({ id, title, needs })),
  };
  return cached;
}
