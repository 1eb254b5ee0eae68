import { figuresFormat } from './figures';
import { genotypeFormat } from './genotype';
import { onnxFormat } from './onnx';
import { reportFormat } from './report';
import { tfjsFormat } from './tfjs';
import type { ExportFormat } from './types';

export type { ExportFormat } from './types';

/** Every export format by id. A new format is one module plus one line here. */
export const exportFormats: ReadonlyMap<string, ExportFormat> = new Map([tfjsFormat, onnxFormat, genotypeFormat, figuresFormat, reportFormat].map((f) => [f.id, f]));

export function getExportFormat(id: string): ExportFormat {
  const f = exportFormats.get(id);
  if (!f) throw new Error(`unknown export format '${id}' (known: ${[...exportFormats.keys()].join(', ')})`);
  return f;
}
