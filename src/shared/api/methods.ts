import { z } from 'zod';
import { cellFigureSchema } from '../cell-figure';
import type { SearchConfig } from '../config';
import { EPOCH_SERIES, RUN_STATUSES, STEP_SERIES } from '../runs';
import type { AlphaSnapshot, LogEntry, RunDetail, RunEstimate, RunPage, RunProgress, RunSummary, Series } from '../runs';
import type { Catalog } from './catalog';
import type { FieldIssue } from './errors';
import type { HostInfo } from './host';
import { MAX_REQUEST_BYTES } from './wire';

// Every API method: its params schema (checked by the host, whatever the transport) and its result
// type. The renderer calls them through ApiClient; Electron's main process and the Node host both
// serve them with the same ApiService.

// Run ids are UUIDs (the store's own check repeats this).
const runId = z.uuid('not a run id');
const byId = z.strictObject({ id: runId });
const tag = z.string().trim().min(1).max(64);
const name = z.string().trim().min(1).max(200);

const seriesMetric = z.union([
  z.templateLiteral(['step.', z.enum(Object.keys(STEP_SERIES) as [keyof typeof STEP_SERIES])]),
  z.templateLiteral(['epoch.', z.enum(Object.keys(EPOCH_SERIES) as [keyof typeof EPOCH_SERIES])]),
]);

/** Genotype export formats the API serves as text. */
export const GENOTYPE_EXPORTS = ['json', 'python', 'fairdarts'] as const;

export const apiParams = {
  hostInfo: z.strictObject({}),
  catalog: z.strictObject({}),
  /** Checks a config without starting anything: defaults applied, plug-in ids and options resolved. */
  validateConfig: z.strictObject({ config: z.unknown() }),
  /**
   * Measures one calibration step in a worker: parameters, memory and time per step and epoch. A
   * client's new estimateRun cancels its previous one, which rejects with code 'cancelled'.
   */
  estimateRun: z.strictObject({ config: z.unknown() }),
  /** Cancels the caller's calibration in progress (its estimateRun rejects with code 'cancelled'). */
  cancelEstimate: z.strictObject({}),
  listRuns: z.strictObject({
    status: z.array(z.enum(RUN_STATUSES)).max(RUN_STATUSES.length).optional(),
    kind: z.enum(['search', 'retrain']).optional(),
    space: z.string().max(100).optional(),
    strategy: z.string().max(100).optional(),
    dataset: z.string().max(100).optional(),
    tag: tag.optional(),
    createdFrom: z.number().int().optional(),
    createdTo: z.number().int().optional(),
    text: z.string().max(200).optional(),
    sort: z.enum(['created', 'name', 'status', 'finalValAcc']).optional(),
    order: z.enum(['asc', 'desc']).optional(),
    offset: z.number().int().min(0).optional(),
    limit: z.number().int().min(1).max(1000).optional(),
  }),
  getRun: byId,
  updateRun: z.strictObject({ id: runId, name: name.optional(), tags: z.array(tag).max(32).optional(), notes: z.string().max(20_000).optional() }),
  metricSeries: z.strictObject({ runIds: z.array(runId).min(1).max(32), metric: seriesMetric, points: z.number().int().min(4).max(20_000).optional() }),
  alphaHistory: byId,
  runLog: z.strictObject({ id: runId, limit: z.number().int().min(1).max(10_000).optional() }),
  diagnostics: byId,
  /** Starts a search; `cloneOf` records the run it was cloned from. */
  startRun: z.strictObject({ config: z.unknown(), name: name.optional(), tags: z.array(tag).max(32).optional(), notes: z.string().max(20_000).optional(), cloneOf: runId.optional() }),
  pauseRun: byId,
  /** Continues a paused run, or an interrupted one from its last checkpoint. */
  resumeRun: byId,
  cancelRun: byId,
  deleteRun: byId,
  /** Retrains a genotype: the one in `config`, or a search run's (final, or at `epoch`) with `fromRun`. */
  startRetrain: z.strictObject({
    config: z.unknown(),
    fromRun: runId.optional(),
    epoch: z.number().int().min(0).optional(),
    name: name.optional(),
    tags: z.array(tag).max(32).optional(),
  }),
  /** Writes the run's exports (engine export format ids: tfjs, onnx, genotype, figures, report) and records them as artifacts. */
  exportRun: z.strictObject({ id: runId, formats: z.array(z.string().regex(/^[a-z0-9-]{1,32}$/)).min(1).max(16) }),
  /** Desktop app only: saves an artifact where the user picks in a save dialog (the browser downloads `downloadPath`). */
  saveArtifact: z.strictObject({ id: runId, artifactId: z.number().int().min(1) }),
  exportGenotype: z.strictObject({ id: runId, epoch: z.number().int().min(0).optional(), format: z.enum(GENOTYPE_EXPORTS) }),
  /**
   * Adds a run from a portable file's text (what GET /download/runs/ID/run.nasrun serves), checked as
   * `nas-studio import` checks it; `asCopy` imports a run already there under a new id. Files past
   * the request limit go through the CLI.
   */
  importRun: z.strictObject({ content: z.string().min(1).max(MAX_REQUEST_BYTES), asCopy: z.boolean().optional() }),
  /** Lays cells out and draws them as SVG on the host (Graphviz runs as wasm there, not under the page's CSP). */
  drawCells: z.strictObject({ cells: z.array(cellFigureSchema).min(1).max(64) }),
  listTemplates: z.strictObject({}),
  saveTemplate: z.strictObject({ name, config: z.unknown() }),
  deleteTemplate: z.strictObject({ name }),
} as const;

export type ApiMethod = keyof typeof apiParams;
export type { RunEstimate };
export type ApiParams = { [M in ApiMethod]: z.input<(typeof apiParams)[M]> };

export type ConfigCheck = { ok: true; config: SearchConfig; spaceSize: number | null } | { ok: false; issues: FieldIssue[] };

export interface Template {
  name: string;
  config: SearchConfig;
  updatedAt: number;
}

/** One file an export wrote, recorded as an artifact of the run. */
export interface ExportedArtifact {
  artifactId: number;
  format: string;
  kind: string;
  /** Path inside the export folder, e.g. 'tfjs/model.json'. */
  name: string;
  /** What it downloads or saves as: by run and path, e.g. 'baseline-tfjs-model.json' (shared/export-names). */
  fileName: string;
  bytes: number;
  /** Where the browser host serves it (GET, same origin). */
  downloadPath: string;
}

/** A text file for the user to save (the renderer offers it as a download). */
export interface TextFile {
  filename: string;
  mime: string;
  content: string;
}

export interface ApiResults {
  hostInfo: HostInfo;
  catalog: Catalog;
  validateConfig: ConfigCheck;
  estimateRun: RunEstimate;
  /** Whether the caller had a calibration to cancel. */
  cancelEstimate: { cancelled: boolean };
  listRuns: RunPage;
  getRun: RunDetail & { progress: RunProgress | null };
  updateRun: RunSummary;
  metricSeries: Series[];
  alphaHistory: AlphaSnapshot[];
  runLog: LogEntry[];
  diagnostics: Array<{ epoch: number; key: string; value: number | null }>;
  startRun: { id: string };
  pauseRun: RunSummary;
  resumeRun: RunSummary;
  cancelRun: RunSummary;
  deleteRun: { id: string };
  startRetrain: { id: string };
  /** The files written, and all of them in one zip (also an artifact of the run). */
  exportRun: { dir: string; files: ExportedArtifact[]; zip: ExportedArtifact };
  /** Where the file went; null when the user cancelled the dialog. */
  saveArtifact: { savedTo: string | null };
  exportGenotype: TextFile;
  importRun: { id: string };
  /** One SVG document per cell asked, in order. */
  drawCells: string[];
  listTemplates: Template[];
  saveTemplate: Template;
  deleteTemplate: { name: string };
}
