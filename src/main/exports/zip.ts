import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { zipSync } from 'fflate';
import { EXPORT_ZIP, runFileStem } from '../../shared/export-names';

/**
 * Zips the files an export wrote into `dir`/export.zip, each under a folder named by the run with
 * its path in the export ('baseline/tfjs/model-card.md'), and returns the zip's path.
 */
export function zipExport(dir: string, runName: string, files: readonly string[]): string {
  const folder = runFileStem(runName);
  const entries = Object.fromEntries(files.map((f) => [`${folder}/${relative(dir, f).split(sep).join('/')}`, readFileSync(f)]));
  const path = join(dir, EXPORT_ZIP);
  writeFileSync(path, zipSync(entries, { level: 6 }));
  return path;
}
