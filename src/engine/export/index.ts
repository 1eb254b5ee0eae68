import { exportFormats, getExportFormat } from './formats';
import type { ExportedFile, ExportSource } from './source';

export { exportFormats, getExportFormat, type ExportFormat } from './formats';
export type { ExportSource, ExportedFile, RetrainingSource } from './source';
export { buildLayersModel, saveLayersModel, type TensorSource } from './tfjs';
export { onnxModel, OPSET } from './onnx/onnx';
export { modelCard, preprocessingOf, readPreprocessing, type Preprocessing } from './model-card';
export { reportHtml } from './report';
export { cellSvg, svgToPng } from './figures';

/** The run lacks what a format needs (weights, a genotype): the request is at fault, not the export. */
export class ExportInputError extends Error {
  override name = 'ExportInputError';
}

/** Every format the run can give: model formats only with trained weights, genotype files only with a genotype. */
export function availableFormats(src: ExportSource): string[] {
  return [...exportFormats.values()].filter((f) => (f.needs !== 'model' || src.model) && (f.needs !== 'genotype' || src.genotype)).map((f) => f.id);
}

/**
 * Writes the asked formats under `dir`, checking first that the run has what each needs (so a
 * search run asked for a TF.js model fails before anything is written).
 */
export async function exportRun(src: ExportSource, formats: readonly string[], dir: string): Promise<ExportedFile[]> {
  const entries = formats.map(getExportFormat);
  for (const f of entries) {
    if (f.needs === 'model' && !src.model) throw new ExportInputError(`format ${f.id} needs trained weights; run ${src.ref} is a ${src.kind} without them (retrain its genotype first)`);
    if (f.needs === 'genotype' && !src.genotype) throw new ExportInputError(`format ${f.id} needs a genotype; run ${src.ref} has none yet`);
  }
  const files: ExportedFile[] = [];
  for (const f of entries) files.push(...(await f.write(src, dir)));
  return files;
}

