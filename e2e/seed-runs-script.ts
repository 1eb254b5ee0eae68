import path from 'node:path';
import { openStore } from '../src/main/store';
import { parseSearchConfig } from '../src/shared/config';
import type { SearchEvent } from '../src/shared/search-events';
import { searchEvents } from '../test/helpers/run-events';
import type { SeededRun } from './seed-runs';

// Run by e2e/seed-runs.ts under tsx (Playwright's loader cannot load the store: it imports
// package.json): `seed-runs-script.ts <dir> <runs as JSON>` prints the new runs' ids as JSON.

function seedRuns(dir: string, runs: SeededRun[]): string[] {
  const store = openStore({ path: path.join(dir, 'runs.db') });
  try {
    return runs.map((r) => {
      const config = parseSearchConfig({ budget: { epochs: 3 }, ...r.config, name: r.name });
      const run = store.createRun({ config });
      const events = searchEvents(config, r.timed ? { startTime: Date.now() } : {}).map((e): SearchEvent => (e.type === 'epoch' ? { ...e, valAcc: e.valAcc + r.accuracy } : e));
      store.appendEvents(run.id, events);
      return run.id;
    });
  } finally {
    store.close();
  }
}

const [dir, json] = process.argv.slice(2);
process.stdout.write(JSON.stringify(seedRuns(dir, JSON.parse(json) as SeededRun[])));
