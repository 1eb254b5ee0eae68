import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { initBackend } from '../../../engine/backend';
import type { ExportSource } from '../../../engine/export';
import type { AlphaRow, EpochRow } from '../../../engine/export/figures';
import { genotypeFromJson } from '../../../engine/genotype';
import { loadTrainedModel } from '../../../engine/retrain';
import { parseRetrainConfig } from '../../../shared/config';
import type { RetrainMetadata } from '../../../shared/retrain-events';
import { UsageError, blame } from '../errors';
import { isFile, readJson, requireDir } from '../files';
import { RUN_FILES } from '../run-dir';

/** run.json: a search's or a retraining's (whose start metadata it carries once started). */
type RunRecord = { kind?: 'retrain'; primitives?: string[] } & Partial<RetrainMetadata>;

/** The run's events, keeping the last of each epoch (a resumed run repeats the epochs after its checkpoint). */
async function history(dir: string): Promise<{ epochs: EpochRow[]; alphas: AlphaRow[] }> {
  const path = join(dir, RUN_FILES.events);
  if (!(await isFile(path))) return { epochs: [], alphas: [] };
  const epochs = new Map<number, EpochRow>();
  const alphas = new Map<number, AlphaRow>();
  for (const line of (await readFile(path, 'utf8')).split('\n')) {
    if (!line) continue;
    const e = JSON.parse(line) as { type: string; epoch: number } & EpochRow & AlphaRow;
    if (e.type === 'epoch') epochs.set(e.epoch, { epoch: e.epoch, trainLoss: e.trainLoss, trainAcc: e.trainAcc, valLoss: e.valLoss, valAcc: e.valAcc });
    else if (e.type === 'alpha') alphas.set(e.epoch, { epoch: e.epoch, weights: e.weights });
  }
  const sorted = <T extends { epoch: number }>(m: Map<number, T>) => [...m.values()].sort((a, b) => a.epoch - b.epoch);
  return { epochs: sorted(epochs), alphas: sorted(alphas) };
}

/**
 * Reads a run directory (a search's or a retraining's, as `nas-studio search`/`retrain` write
 * them) into what the exporters take. A retraining's final checkpoint is loaded as the trained
 * model; the search it came from, when its folder is still there, becomes the parent.
 */
export async function runSource(dirArg: string, flag = '--run', withModel = true): Promise<ExportSource> {
  const dir = resolve(await requireDir(dirArg, flag));
  if (!(await isFile(join(dir, RUN_FILES.run)))) throw new UsageError(`${flag} ${dirArg}: not a run directory (no ${RUN_FILES.run})`);
  const record = (await readJson(join(dir, RUN_FILES.run))) as RunRecord;
  const config = await readJson(join(dir, RUN_FILES.config));
  const { epochs, alphas } = await history(dir);
  const title = (config as { name?: string }).name ?? basename(dir);
  if (record.kind !== 'retrain') {
    const genotypeFile = join(dir, RUN_FILES.genotype);
    const genotype = (await isFile(genotypeFile)) ? genotypeFromJson(await readJson(genotypeFile)) : null;
    return { title, kind: 'search', ref: dir, config, genotype, epochs, alphas, primitives: record.primitives ?? [], diagnostics: [] };
  }
  let retrainConfig;
  try {
    retrainConfig = parseRetrainConfig(config);
  } catch (e) {
    blame(join(dir, RUN_FILES.config), e);
  }
  const parentDir = retrainConfig.source.run;
  const parent = parentDir && (await isFile(join(parentDir, RUN_FILES.run))) ? await runSource(parentDir, 'source.run', false) : undefined;
  const src: ExportSource = { title, kind: 'retrain', ref: dir, config: retrainConfig, genotype: genotypeFromJson(retrainConfig.genotype), epochs, alphas, primitives: [], diagnostics: [], parent };
  const checkpoint = join(dir, RUN_FILES.checkpoint);
  const started = record.dataset !== undefined && record.preprocessing !== undefined;
  if (withModel && started && (await isFile(join(checkpoint, 'checkpoint.json')))) {
    await initBackend(retrainConfig.backend);
    src.model = await loadTrainedModel(retrainConfig, record as RetrainMetadata, checkpoint);
  }
  return src;
}
