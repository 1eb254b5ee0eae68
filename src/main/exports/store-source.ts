import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { initBackend } from '../../engine/backend';
import type { ExportSource } from '../../engine/export';
import { genotypeFromJson } from '../../engine/genotype';
import { loadTrainedModel } from '../../engine/retrain';
import { parseRetrainConfig } from '../../shared/config';
import { searchMeta } from '../../shared/runs';
import type { RunStore } from '../store';

/**
 * A run recorded in the app's run database, as the exporters take it: config, epoch metrics,
 * α history, recorded diagnostics and the final (else latest) genotype. A retraining also gets
 * its trained model (from its last recorded checkpoint) and the search it came from as parent.
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
  if (detail.kind !== 'retrain') return src;
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
