import { readFile, readdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { initBackend } from '../../../engine/backend';
import type { ExportSource, RetrainingSource } from '../../../engine/export';
import type { AlphaRow, EpochRow } from '../../../engine/export/figures';
import { genotypeFromJson } from '../../../engine/genotype';
import { loadTrainedModel } from '../../../engine/retrain';
import { parseRetrainConfig, retrainConfigSchema, retrainPresets } from '../../../shared/config';
import type { RetrainMetadata } from '../../../shared/retrain-events';
import { UsageError, blame } from '../errors';
import { isFile, readJson, requireDir } from '../files';
import { RUN_FILES } from '../run-dir';

/** run.json: a search's or a retraining's (whose start metadata it carries once started, and its search's folder). */
type RunRecord = { kind?: 'retrain'; primitives?: string[]; status?: string; parentRun?: string } & Partial<RetrainMetadata>;

const hasStarted = (record: RunRecord) => record.dataset !== undefined && record.preprocessing !== undefined;

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
 * The retrainings of the search in `searchDir` found beside it (where `retrain --from` puts them
 * by default): run folders whose run.json names it as parentRun. One with an unreadable config is
 * left out rather than failing the search's export.
 */
async function siblingRetrainings(searchDir: string): Promise<RetrainingSource[]> {
  const found: Array<{ startedAt: string; run: RetrainingSource }> = [];
  for (const entry of await readdir(dirname(searchDir), { withFileTypes: true })) {
    const dir = join(dirname(searchDir), entry.name);
    if (!entry.isDirectory() || !(await isFile(join(dir, RUN_FILES.run)))) continue;
    const record = (await readJson(join(dir, RUN_FILES.run))) as RunRecord & { startedAt?: string };
    if (record.kind !== 'retrain' || !record.parentRun || resolve(record.parentRun) !== searchDir) continue;
    const parsed = retrainConfigSchema.safeParse(await readJson(join(dir, RUN_FILES.config)));
    if (!parsed.success) continue;
    const config = parsed.data;
    const meta = hasStarted(record) ? (record as RetrainMetadata) : null;
    const run = { title: config.name ?? entry.name, ref: dir, status: record.status ?? 'unknown', config, meta, epochs: (await history(dir)).epochs };
    found.push({ startedAt: record.startedAt ?? '', run });
  }
  return found.sort((a, b) => a.startedAt.localeCompare(b.startedAt)).map((f) => f.run);
}

/**
 * Reads a run directory (a search's or a retraining's, as `nas-studio search`/`retrain` write
 * them) into what the exporters take. A retraining's final checkpoint is loaded as the trained
 * model; the search it came from, when its folder is still there, becomes the parent. A search
 * gets the retrainings found beside its folder.
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
    const howToStart = `Start one with \`nas-studio retrain --from ${dir} --preset ${retrainPresets.map((p) => p.id).join('|')}\` (or --config FILE); retrainings are looked up in the folders beside this one.`;
    const retrainings = { runs: await siblingRetrainings(dir), howToStart };
    return { title, kind: 'search', ref: dir, config, genotype, epochs, alphas, primitives: record.primitives ?? [], diagnostics: [], retrainings };
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
  if (withModel && hasStarted(record) && (await isFile(join(checkpoint, 'checkpoint.json')))) {
    await initBackend(retrainConfig.backend);
    src.model = await loadTrainedModel(retrainConfig, record as RetrainMetadata, checkpoint);
  }
  return src;
}
