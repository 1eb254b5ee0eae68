import { existsSync } from 'node:fs';
import type { ExportSource } from '../../../engine/export';
import { genotypeFromJson } from '../../../engine/genotype';
import { openStore, type RunStore } from '../../store';
import { UsageError } from '../errors';

/**
 * A search run recorded in the app's run database, as the exporters take it: config, epoch
 * metrics, α history, recorded diagnostics and the final (else latest) genotype. Retraining runs
 * are read from their folders (`runSource`), where their weights are.
 */
export function storeSource(store: RunStore, id: string): ExportSource {
  const detail = store.runDetail(id);
  if (detail.kind !== 'search') throw new UsageError(`run ${id} is a ${detail.kind} run: export it from its run folder`);
  const latest = detail.finalGenotype ?? detail.genotypes.at(-1)?.genotype ?? null;
  const diagnostics = new Map<number, Record<string, number>>();
  for (const d of store.diagnostics(id)) if (d.value !== null) diagnostics.set(d.epoch, { ...diagnostics.get(d.epoch), [d.key]: d.value });
  return {
    title: detail.name,
    kind: 'search',
    ref: id,
    config: detail.config,
    genotype: latest && genotypeFromJson(latest),
    epochs: detail.epochMetrics,
    alphas: store.alphaHistory(id).map(({ epoch, weights }) => ({ epoch, weights })),
    primitives: detail.meta?.primitives ?? [],
    diagnostics: [...diagnostics].sort((a, b) => a[0] - b[0]).map(([epoch, values]) => ({ epoch, values })),
  };
}

/** Opens the run database at `dbPath` (which must exist: exporting never creates one) and reads run `id`. */
export function storeSourceAt(dbPath: string, id: string): ExportSource {
  if (!existsSync(dbPath)) throw new UsageError(`--run ${id}: not a directory, and there is no run database at ${dbPath} to look the id up in (--db PATH)`);
  const store = openStore({ path: dbPath });
  try {
    return storeSource(store, id);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`--run ${id}: ${(e as Error).message}`);
  } finally {
    store.close();
  }
}
