import type { SearchConfig } from '../../shared/config';
import type { StoreContext } from './context';
import { StoreError } from './errors';

export interface TemplateRecord {
  name: string;
  config: SearchConfig;
  updatedAt: number;
}

export function listTemplates(ctx: StoreContext): TemplateRecord[] {
  const rows = ctx.stmt('SELECT name, config, updated_at AS updatedAt FROM templates ORDER BY name COLLATE NOCASE').all() as Array<{ name: string; config: string; updatedAt: number }>;
  return rows.map((r) => ({ ...r, config: JSON.parse(r.config) as SearchConfig }));
}

/** Saves (or replaces) a template; the caller has validated the config. */
export function saveTemplate(ctx: StoreContext, name: string, config: SearchConfig): TemplateRecord {
  const updatedAt = Date.now();
  ctx.stmt('INSERT INTO templates (name, config, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET config = excluded.config, updated_at = excluded.updated_at').run(name, JSON.stringify(config), updatedAt);
  return { name, config, updatedAt };
}

export function deleteTemplate(ctx: StoreContext, name: string): void {
  if (ctx.stmt('DELETE FROM templates WHERE name = ?').run(name).changes === 0) throw new StoreError('not-found', `no template named ${JSON.stringify(name)}`);
}
