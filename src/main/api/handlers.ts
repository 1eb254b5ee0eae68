import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import type { z } from 'zod';
import { countArchitectures } from '../../engine/derive';
import { genotypeFromJson, getGenotypeFormat } from '../../engine/genotype';
import { cellSvg, exportFormats } from '../../engine/export';
import { resolveRetrainPlugins } from '../../engine/retrain';
import { resolvePlugins } from '../../engine/search';
import { ApiError, artifactDownloadPath, type apiParams, type ApiMethod, type ApiResults, type ExportedArtifact, type HostInfo } from '../../shared/api';
import { parseRetrainConfig, parseSearchConfig, type SearchConfig } from '../../shared/config';
import { searchGenotype } from '../../shared/runs';
import { artifactFileName, exportDir } from '../exports/artifact-name';
import { zipExport } from '../exports/zip';
import type { RunManager } from '../runs';
import type { RunStore } from '../store';
import type { Calibrations } from './calibrations';
import { catalog } from './catalog';
import { toApiError } from './errors';

/** What the API runs on: the host builds one of these (Electron main or `nas-studio serve`). */
export interface ApiContext {
  store: RunStore;
  manager: RunManager;
  /** Measures calibration steps of configs (in worker processes), bounded per client and overall. */
  calibrations: Calibrations;
  /** Writes a stored run's exports into `dir` (in a worker process). */
  exportFiles(job: { runId: string; formats: string[]; dir: string }): Promise<Array<{ format: string; kind: string; path: string }>>;
  hostInfo(): HostInfo;
  /** Asks the user where to save a copy of `file` (the desktop app's save dialog); absent where the browser downloads instead. */
  saveAs?(file: string, name: string): Promise<string | null>;
}

/** Who makes a call: one id per connection (a WebSocket, the desktop app's window). */
export interface Caller {
  client: string;
}

type Params<M extends ApiMethod> = z.output<(typeof apiParams)[M]>;
export type Handlers = { [M in ApiMethod]: (ctx: ApiContext, params: Params<M>, caller: Caller) => ApiResults[M] | Promise<ApiResults[M]> };

/** A config from the wire: defaults applied and every plug-in id and option checked. */
function checkedConfig(raw: unknown): SearchConfig {
  const config = parseSearchConfig(raw);
  resolvePlugins(config);
  return config;
}

const GENOTYPE_FILES = {
  json: { ext: 'json', mime: 'application/json' },
  python: { ext: 'py', mime: 'text/x-python' },
  fairdarts: { ext: 'py', mime: 'text/x-python' },
} as const;

export const handlers: Handlers = {
  hostInfo: (ctx) => ctx.hostInfo(),
  catalog: () => catalog(),

  validateConfig(_ctx, { config: raw }) {
    try {
      const config = parseSearchConfig(raw);
      const { space, derivation } = resolvePlugins(config);
      const size = countArchitectures(space, derivation, { layers: config.model.layers, options: config.derivation.options });
      return { ok: true, config, spaceSize: size === null ? null : Number(size) };
    } catch (e) {
      const err = toApiError(e, []);
      if (err.code !== 'invalid-input') throw err;
      return { ok: false, issues: err.issues ?? [{ path: [], message: err.message }] };
    }
  },
  estimateRun: (ctx, { config }, caller) => ctx.calibrations.run(caller.client, checkedConfig(config)),
  cancelEstimate: (ctx, _params, caller) => ({ cancelled: ctx.calibrations.cancel(caller.client) }),

  listRuns: (ctx, query) => ctx.store.listRuns(query),
  getRun: (ctx, { id }) => ({ ...ctx.store.runDetail(id), progress: ctx.manager.progress(id) }),
  updateRun(ctx, { id, name, tags, notes }) {
    if (name !== undefined) ctx.store.rename(id, name);
    if (tags !== undefined) ctx.store.setTags(id, tags);
    if (notes !== undefined) ctx.store.setNotes(id, notes);
    return ctx.store.runSummary(id);
  },
  metricSeries: (ctx, query) => ctx.store.metricSeries(query),
  alphaHistory: (ctx, { id }) => ctx.store.alphaHistory(id),
  runLog: (ctx, { id, limit }) => ctx.store.runLog(id, limit),
  diagnostics: (ctx, { id }) => ctx.store.diagnostics(id),

  startRun(ctx, { config, name, tags, notes, cloneOf }) {
    if (cloneOf !== undefined) ctx.store.runDetail(cloneOf); // not-found before anything is created
    return { id: ctx.manager.start(checkedConfig(config), { name, tags, notes, parentRunId: cloneOf }) };
  },
  pauseRun(ctx, { id }) {
    ctx.manager.pause(id);
    return ctx.store.runSummary(id);
  },
  resumeRun(ctx, { id }) {
    if (ctx.store.runDetail(id).status === 'interrupted') ctx.manager.resumeInterrupted(id);
    else ctx.manager.resume(id);
    return ctx.store.runSummary(id);
  },
  cancelRun(ctx, { id }) {
    ctx.manager.cancel(id);
    return ctx.store.runSummary(id);
  },
  deleteRun(ctx, { id }) {
    if (ctx.manager.isLive(id)) throw new ApiError('conflict', `run ${id} is queued or running: cancel it before deleting it`);
    ctx.store.deleteRun(id);
    return { id };
  },

  startRetrain(ctx, { config: raw, fromRun, epoch, name, tags }) {
    let input = raw;
    if (fromRun !== undefined) {
      const run = ctx.store.runDetail(fromRun);
      const genotype = searchGenotype(run, epoch);
      if (!genotype) throw new ApiError('not-found', epoch === undefined ? `run ${fromRun} has no genotype yet` : `run ${fromRun} has no genotype for epoch ${epoch}`);
      input = { ...(typeof raw === 'object' && raw !== null ? raw : {}), genotype, source: { run: fromRun, ...(epoch === undefined ? {} : { epoch }) } };
    }
    const config = parseRetrainConfig(input);
    resolveRetrainPlugins(config);
    return { id: ctx.manager.start(config, { name, tags, parentRunId: fromRun }) };
  },
  async exportRun(ctx, { id, formats }) {
    const run = ctx.store.runDetail(id);
    for (const f of formats) {
      const format = exportFormats.get(f);
      if (!format) throw new ApiError('invalid-input', `unknown export format '${f}'`, [{ path: ['formats'], message: `known: ${[...exportFormats.keys()].join(', ')}` }]);
      if (format.needs === 'model' && (run.kind !== 'retrain' || run.status !== 'done')) throw new ApiError('conflict', `${f} needs trained weights: retrain the genotype and let it finish`);
      if (format.needs === 'genotype' && !run.finalGenotype && run.genotypes.length === 0 && run.kind !== 'retrain') throw new ApiError('conflict', `${f} needs a genotype; run ${id} has none yet`);
    }
    // Inside the run's own folder: deleting the run removes its exports too.
    const dir = exportDir(run.dir);
    const written = await ctx.exportFiles({ runId: id, formats, dir });
    const artifact = (f: { format: string; kind: string; path: string }): ExportedArtifact => {
      const a = ctx.store.addArtifact(id, { kind: f.kind, path: f.path, meta: { format: f.format } });
      const name = relative(dir, f.path).split(sep).join('/');
      return { artifactId: a.id, format: f.format, kind: f.kind, name, fileName: artifactFileName(run, f.path), bytes: statSync(f.path).size, downloadPath: artifactDownloadPath(id, a.id) };
    };
    const files = written.map(artifact);
    const zip = artifact({ format: 'zip', kind: 'zip', path: zipExport(dir, run.name, written.map((f) => f.path)) });
    return { dir, files, zip };
  },
  async saveArtifact(ctx, { id, artifactId }) {
    if (!ctx.saveAs) throw new ApiError('unavailable', 'this host has no save dialog: download the artifact from its downloadPath');
    const artifact = ctx.store.runDetail(id).artifacts.find((a) => a.id === artifactId);
    if (!artifact) throw new ApiError('not-found', `run ${id} has no artifact ${artifactId}`);
    return { savedTo: await ctx.saveAs(artifact.path, artifactFileName(ctx.store.runDetail(id), artifact.path)) };
  },
  exportGenotype(ctx, { id, epoch, format }) {
    const run = ctx.store.runDetail(id);
    const json = epoch === undefined ? (run.finalGenotype ?? run.genotypes.at(-1)?.genotype) : run.genotypes.find((g) => g.epoch === epoch)?.genotype;
    if (!json) throw new ApiError('not-found', epoch === undefined ? `run ${id} has no genotype yet` : `run ${id} has no genotype for epoch ${epoch}`);
    const file = GENOTYPE_FILES[format];
    const which = epoch === undefined ? 'final' : `epoch${epoch}`;
    return { filename: `genotype-${id.slice(0, 8)}-${which}.${file.ext}`, mime: file.mime, content: getGenotypeFormat(format).print(genotypeFromJson(json)) };
  },
  importRun(ctx, { content, asCopy }) {
    const dir = mkdtempSync(join(tmpdir(), 'nas-studio-import-'));
    try {
      const file = join(dir, 'run.nasrun');
      writeFileSync(file, content);
      return { id: ctx.store.importRun(file, { onConflict: asCopy ? 'new-id' : 'error' }) };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
  drawCells: (_ctx, { cells }) => Promise.all(cells.map(cellSvg)),

  listTemplates: (ctx) => ctx.store.listTemplates(),
  saveTemplate: (ctx, { name, config }) => ctx.store.saveTemplate(name, checkedConfig(config)),
  deleteTemplate(ctx, { name }) {
    ctx.store.deleteTemplate(name);
    return { name };
  },
};
