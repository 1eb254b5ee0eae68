import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SearchConfigInput } from '../src/shared/config';

const HERE = path.dirname(fileURLToPath(import.meta.url));

export interface SeededRun {
  name: string;
  config: SearchConfigInput;
  /** Added to every epoch's val accuracy, so runs differ in their final metric. */
  accuracy: number;
  /** Metrics carry the time they were recorded (from now, one step a second); false: a run stored before they did. */
  timed: boolean;
}

/**
 * Finished 3-epoch searches written straight into the host's database (the fixture's --db), as a
 * run's worker would: seconds instead of minutes of searching, and runs from before the store
 * kept metric times, which no search makes any more. Returns their ids, in order.
 */
export function seedRuns(dir: string, runs: SeededRun[]): string[] {
  const out = execFileSync(process.execPath, ['--import', 'tsx', path.join(HERE, 'seed-runs-script.ts'), dir, JSON.stringify(runs)], { cwd: path.join(HERE, '..'), encoding: 'utf8' });
  return JSON.parse(out) as string[];
}
