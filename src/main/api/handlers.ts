import type { z } from 'zod';
import { countArchitectures } from '../../engine/derive';
import { genotypeFromJson, getGenotypeFormat } from '../../engine/genotype';
import { resolvePlugins } from '../../engine/search';
import { ApiError, type apiParams, type ApiMethod, type ApiResults, type HostInfo } from '../../shared/api';
import { parseSearchConfig, type SearchConfig } from '../../shared/config';
import type { RunManager } from '../runs';
import type { RunStore } from '../store';
import { catalog } from './catalog';
import { toApiError } from './errors';

/** What the API runs on: the host builds one of these (Electron main or `nas-studio serve`). */
export interface ApiContext {
  store: RunStore;
  manager: RunManager;
  /** Measures a calibration step of the config (in a worker process). */
  estimate(config: SearchConfig): Promise<ApiResults['estimateRun']>;
  hostInfo(): HostInfo;
}

type Params<M extends ApiMethod> = z.output<(typeof apiParams)[M]>;
export type Handlers = { [M in ApiMethod]: (ctx: ApiContext, params: Params<M>) => ApiResults[M] | Promise<ApiResults[M]> };

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
  estimateRun: (ctx, { config }) => ctx.estimate(checkedConfig(config)),

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

  exportGenotype(ctx, { id, epoch, format }) {
    const run = ctx.store.runDetail(id);
    const json = epoch === undefined ? (run.finalGenotype ?? run.genotypes.at(-1)?.genotype) : run.genotypes.find((g) => g.epoch === epoch)?.genotype;
    if (!json) throw new ApiError('not-found', epoch === undefined ? `run ${id} has no genotype yet` : `run ${id} has no genotype for epoch ${epoch}`);
    const file = GENOTYPE_FILES[format];
    const which = epoch === undefined ? 'final' : `epoch${epoch}`;
    return { filename: `genotype-${id.slice(0, 8)}-${which}.${file.ext}`, mime: file.mime, content: getGenotypeFormat(format).print(genotypeFromJson(json)) };
  },

  listTemplates: (ctx) => ctx.store.listTemplates(),
  saveTemplate: (ctx, { name, config }) => ctx.store.saveTemplate(name, checkedConfig(config)),
  deleteTemplate(ctx, { name }) {
    ctx.store.deleteTemplate(name);
    return { name };
  },
};
