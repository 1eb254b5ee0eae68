import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { genotypeFromJson, getNamedGenotype, namedGenotypes, parseGenotypeAuto, type Genotype } from '../../../engine/genotype';
import { searchGenotype } from '../../../shared/runs';
import type { RunStore } from '../../store';
import { UsageError, errorMessage, lookup } from '../errors';
import { isFile, readJson, readText, requireDir } from '../files';
import { RUN_FILES } from '../run-dir';

export interface GenotypeChoice {
  genotype: Genotype;
  /** What RetrainConfig.source records. */
  source: { run?: string; epoch?: number; named?: string };
  label: string;
}

/** `--genotype NAME|FILE|STRING`: a built-in name, else a file (JSON, Python or FairDARTS text), else the text itself. */
export async function genotypeFromFlag(value: string): Promise<GenotypeChoice> {
  if (Object.hasOwn(namedGenotypes, value)) return { genotype: getNamedGenotype(value), source: { named: value }, label: value };
  const fromFile = await isFile(value);
  const text = fromFile ? await readText(value) : value;
  try {
    return { genotype: parseGenotypeAuto(text), source: {}, label: fromFile ? 'genotype-file' : 'genotype' };
  } catch (e) {
    const what = fromFile ? `${value}` : `--genotype: '${value.slice(0, 40)}' is not a built-in name (${Object.keys(namedGenotypes).join(', ')}), not a file, and`;
    throw new UsageError(`${what} not a genotype: ${errorMessage(e)}`);
  }
}

/**
 * `--from RUN_DIR [--epoch N]`: the search run's final (or latest) genotype, or the one derived
 * after epoch N (counted from 1, as the search prints them).
 */
export async function genotypeFromRun(dir: string, epoch: number | undefined): Promise<GenotypeChoice> {
  const run = resolve(await requireDir(dir, '--from'));
  if (!(await isFile(join(run, RUN_FILES.run)))) throw new UsageError(`--from ${dir}: not a run directory (no ${RUN_FILES.run})`);
  const record = (await readJson(join(run, RUN_FILES.run))) as { kind?: string };
  if (record.kind === 'retrain') throw new UsageError(`--from ${dir}: a retraining run; give the search run it came from`);
  const source = { run, ...(epoch !== undefined && { epoch: epoch - 1 }) };
  if (epoch === undefined) {
    if (!(await isFile(join(run, RUN_FILES.genotype)))) throw new UsageError(`--from ${dir}: the search has derived no genotype yet`);
    return { genotype: genotypeFromJson(await readJson(join(run, RUN_FILES.genotype))), source, label: 'from-search' };
  }
  const lines = (await readFile(join(run, RUN_FILES.events), 'utf8')).split('\n').filter(Boolean);
  for (const line of lines.reverse()) {
    const e = JSON.parse(line) as { type: string; epoch?: number; genotype?: unknown };
    if (e.type === 'genotype' && e.epoch === epoch - 1) return { genotype: genotypeFromJson(e.genotype), source, label: `from-search-epoch${epoch}` };
  }
  throw new UsageError(`--from ${dir}: no genotype recorded for epoch ${epoch}`);
}

/**
 * `--db PATH --run ID [--epoch N]`: a stored search's final (or latest) genotype, or the one
 * derived after epoch N (counted from 1). The source names the run by its id, as the app does.
 */
export function genotypeFromStoredRun(store: RunStore, id: string, epoch: number | undefined): GenotypeChoice {
  const run = lookup('--run', () => store.runDetail(id));
  if (run.kind === 'retrain') throw new UsageError(`--run ${id}: a retraining run; give the search run it came from`);
  const stored = searchGenotype(run, epoch === undefined ? undefined : epoch - 1);
  if (!stored) throw new UsageError(epoch === undefined ? `--run ${id}: the search has derived no genotype yet` : `--run ${id}: no genotype recorded for epoch ${epoch}`);
  const source = { run: id, ...(epoch !== undefined && { epoch: epoch - 1 }) };
  return { genotype: genotypeFromJson(stored), source, label: epoch === undefined ? 'from-search' : `from-search-epoch${epoch}` };
}
