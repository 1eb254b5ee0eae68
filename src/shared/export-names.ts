// What exported files are called once they leave the run folder: every download and save dialog
// names a file by its run and its place in the export, so that two files of one export (the TF.js
// and the ONNX model card) or of two runs never arrive under the same name.

/** A run's name made safe for a file name. */
export const runFileStem = (runName: string): string =>
  runName
    .trim()
    .replace(/[^\w.-]+/g, '_')
    .replace(/^[_.]+|_+$/g, '')
    .slice(0, 80) || 'run';

/** The name an exported file is saved under: 'tfjs/model-card.md' of run "baseline, seed 2" → 'baseline_seed_2-tfjs-model-card.md'. */
export const exportedFileName = (runName: string, pathInExport: string): string => `${runFileStem(runName)}-${pathInExport.split(/[\\/]+/).filter(Boolean).join('-')}`;

/** The export's files in one zip, inside a folder named by the run. */
export const EXPORT_ZIP = 'export.zip';
