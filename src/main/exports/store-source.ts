import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { initBackend } from '../../engine/backend';
import type { ExportSource, RetrainingSource } from '../../engine/export';
import { genotypeFromJson } from '../../engine/genotype';
import { loadTrainedModel } from '../../engine/retrain';
import { parseRetrainConfig } from '../../shared/config';
import { searchMeta } from '../../shared/runs';
import type { RunStore } from '../store';

/** The retrainings recorded with `id` as their search (the dashboard's Retrain… links them so), oldest first. */
function retrainingsOf(store: RunStore, id: string): RetrainingSource[] {
  return store.childRuns(id, 'retrain').map(({ id: ref }) => {
    const d = store.runDetail(ref);
    const meta = d.meta && 'kind' in d.meta && d.meta.kind === 'retrain' ? d.meta : null;
    return { title: d.name, ref, status: d.status, config: parseRetrainConfig(d.config), meta, epochs: d.epochMetrics };
  });
}

/**
 * A run recorded in the app's run database, as the exporters take it: config, epoch metrics,
 * α history, recorded diagnostics and the final (else latest) genotype. A retraining also gets
 * its trained model (from its last recorded checkpoint) and the search it came from as parent;
 * a search gets the retrainings of its genotype.
 */
export async function storeSource(store: RunStore, id: string, withModel = true): Promise<ExportSource> {
  const detail = store.runDetail(id);
  const latest = detail.finalGenotype ?? detail.genotypes.at(-1)?.genotype ?? null;
  const diagnostics = new Map<number, Record<string, number>>();
  for (const d of store.diagnostics(id)) if (d.value !== null) diagnostics.set(d.epoch, { ...diagnostics.get(d.epoch), [d.key]: d.value });
  const src: ExportSource = {
    title: detail.name,
    kind: detail.kind,
    ref: id,
    config: detail.config,
    genotype: latest && genotypeFromJson(latest),
    epochs: detail.epochMetrics,
    alphas: store.alphaHistory(id).map(({ epoch, weights }) => ({ epoch, weights })),
    primitives: searchMeta(detail.meta)?.primitives ?? [],
    diagnostics: [...diagnostics].sort((a, b) => a[0] - b[0]).map(([epoch, values]) => ({ epoch, values })),
  };
  if (detail.kind !== 'retrain') {
    const howToStart = `Open this run's dashboard in the app (or in a browser through \`nas-studio serve --db ${store.path}\`) and press Retrain…, or run \`nas-studio retrain --db ${store.path} --run ${id} --preset NAME\`; the retraining is linked to this run and listed here in the next export.`;
    return { ...src, retrainings: { runs: retrainingsOf(store, id), howToStart } };
  }
  const config = parseRetrainConfig(detail.config);
  src.genotype = genotypeFromJson(config.genotype);
  if (detail.parentRunId) src.parent = await storeSource(store, detail.parentRunId, false);
  // The engine records each checkpoint by its manifest file; the weights are in that folder.
  const checkpoint = detail.checkpoints.at(-1);
  const meta = detail.meta && 'kind' in detail.meta ? detail.meta : null;
  if (withModel && checkpoint && meta?.kind === 'retrain' && existsSync(checkpoint.path)) {
    await initBackend(config.backend);
    src.model = await loadTrainedModel(config, meta, dirname(checkpoint.path));
  }
  return src;
}
