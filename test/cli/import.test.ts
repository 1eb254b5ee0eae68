import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/main/store';
import { client, rejection, serve } from '../main/server/fixtures';
import { config, searchEvents, tempDir, tempStore } from '../main/store/fixtures';
import { runCli } from './run-cli';

/** A run with epochs and a genotype, exported to a portable file. */
function exportedRun(): { id: string; file: string } {
  const store = tempStore();
  const cfg = config({ name: 'travels' });
  const { id } = store.createRun({ config: cfg });
  store.appendEvents(id, searchEvents(cfg));
  const file = join(tempDir(), 'run.nasrun');
  store.exportRun(id, file);
  return { id, file };
}

describe('importing a portable run file', () => {
  it('nas-studio import FILE --db PATH adds it; twice is refused unless --copy; a bad file is one line and exit 2', async () => {
    const { id, file } = exportedRun();
    const db = join(tempDir(), 'other.db');
    const first = await runCli(['import', file, '--db', db]);
    expect(first).toMatchObject({ code: 0, stdout: `imported run ${id} into ${db}\n` });
    const again = await runCli(['import', file, '--db', db]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(new RegExp(`^nas-studio: ${file}: run ${id} is already in this store; import it as a copy with a new id instead\\n$`));
    expect((await runCli(['import', file, '--db', db, '--copy'])).code).toBe(0);
    const bad = join(tempDir(), 'bad.nasrun');
    const original = readFileSync(file, 'utf8');
    writeFileSync(bad, original.replace(/(\["epoch_metrics",\d+,)[^,]+/, '$11e999'));
    expect(readFileSync(bad, 'utf8')).not.toBe(original);
    const refused = await runCli(['import', bad, '--db', join(tempDir(), 'fresh.db')]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^nas-studio: .*bad\.nasrun:\d+: number Infinity out of range[^\n]*\n$/);
    expect((await runCli(['import', join(tempDir(), 'missing.nasrun'), '--db', db])).stderr).toMatch(/ENOENT/);
    const store = openStore({ path: db });
    try {
      expect(store.listRuns().runs.map((r) => r.name)).toEqual(['travels', 'travels']);
    } finally {
      store.close();
    }
  }, 120_000);

  it('the importRun API call adds it, says conflict twice, and imports a copy when asked', async () => {
    const { id, file } = exportedRun();
    const s = await serve();
    const { api } = await client(s.wsUrl);
    const content = readFileSync(file, 'utf8');
    expect(await api.call('importRun', { content })).toEqual({ id });
    expect((await api.call('getRun', { id })).name).toBe('travels');
    expect(await rejection(api.call('importRun', { content }))).toMatchObject({ code: 'conflict' });
    const copy = await api.call('importRun', { content, asCopy: true });
    expect(copy.id).not.toBe(id);
    expect(await rejection(api.call('importRun', { content: content.replace('"nas-studio-run"', '"other"') }))).toMatchObject({ code: 'invalid-input' });
  });
});
