import { basename, join, relative, sep } from 'node:path';
import { exportedFileName } from '../../shared/export-names';

/** Where a run's exports go: one timestamped folder per export inside the run's own folder. */
export const exportDir = (runDir: string, at = new Date()): string => join(runDir, 'exports', at.toISOString().replace(/[:.]/g, '-'));

/**
 * The name a run's artifact downloads or is saved under: the run's name and the file's path in its
 * export ('baseline-tfjs-model-card.md'); the file's own name after the run's for anything else.
 */
export function artifactFileName(run: { name: string; dir: string }, file: string): string {
  const parts = relative(join(run.dir, 'exports'), file).split(sep);
  return exportedFileName(run.name, parts[0] === '..' || parts.length < 2 ? basename(file) : parts.slice(1).join('/'));
}
