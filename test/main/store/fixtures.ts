import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { parseRetrainConfig, parseSearchConfig, type RetrainConfig, type SearchConfig, type SearchConfigInput } from '../../../src/shared/config';
import { openStore, type RunStore } from '../../../src/main/store';
import { GENOTYPE } from '../../helpers/run-events';

export { alphaMatrix, GENOTYPE, META, searchEvents } from '../../helpers/run-events';

const dirs: string[] = [];
const stores: RunStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A temporary folder, removed after the test. */
export function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'nas-store-'));
  dirs.push(d);
  return d;
}

/** A store on a fresh file in a temporary folder, closed after the test (closing twice is harmless). */
export function tempStore(file = join(tempDir(), 'nas-studio.db')): RunStore {
  const s = openStore({ path: file });
  stores.push(s);
  return s;
}

export function config(input: SearchConfigInput = {}): SearchConfig {
  return parseSearchConfig({ budget: { epochs: 3 }, ...input });
}

/** A retraining of GENOTYPE (reference train.py defaults, 3 epochs). */
export function retrainConfig(): RetrainConfig {
  return parseRetrainConfig({ genotype: GENOTYPE, budget: { epochs: 3 } });
}
