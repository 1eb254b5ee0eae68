import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { RunStore } from '../../../src/main/store';
import { prng } from '../server/prng';
import { manager, sleep, tempStore, tinyConfig, untilStatus, waitFor } from './fixtures';

const KILLS = 10;
// Long enough that 10 kills land before the run can finish (the tiny search's steps are fast).
const EPOCHS = 12;
const STEPS = 3;

const integrity = (store: RunStore) => {
  const db = new Database(store.path, { readonly: true });
  try {
    return db.pragma('integrity_check', { simple: true });
  } finally {
    db.close();
  }
};

/** Each epoch's figures as recorded: what a resumed run must reproduce exactly. */
const epochs = (store: RunStore, id: string) => store.runDetail(id).epochMetrics.map((e) => [e.epoch, e.trainLoss, e.valLoss, e.valAcc]);

describe('crash loop', () => {
  it(`a search whose worker is SIGKILLed ${KILLS} times (some as its checkpoint is written) ends with the uninterrupted run's epochs`, async () => {
    const straightStore = tempStore();
    const straight = manager(straightStore);
    const reference = straight.m.start(tinyConfig(EPOCHS, STEPS));
    await untilStatus(straightStore, reference, 'done');

    const store = tempStore();
    const { m, workers, updates } = manager(store);
    const rnd = prng(99);
    const id = m.start(tinyConfig(EPOCHS, STEPS));
    let kills = 0;
    let atEpochEnd = 0;
    let lost = 0;
    const manifest = join(store.runDir(id), 'checkpoint', 'checkpoint.json');
    const checkpointEpoch = () => (existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')) as { epoch: number }).epoch : 0);
    while (kills < KILLS) {
      const worker = workers.at(-1)!;
      const seen = updates.length;
      const checkpointed = checkpointEpoch();
      // Half the kills come at an epoch's last event, right as the worker writes its checkpoint; the rest at a random moment.
      const inCheckpoint = rnd() < 0.5;
      if (inCheckpoint) await waitFor(() => updates.slice(seen).some((u) => ('event' in u && u.event.type === 'diagnostics') || ('status' in u && u.status === 'done')), 120_000);
      else await sleep(rnd() * 3000);
      if (store.runDetail(id).status === 'done') break;
      worker.kill('SIGKILL');
      kills++;
      if (inCheckpoint) atEpochEnd++;
      await untilStatus(store, id, 'interrupted');
      // Epochs this attempt finished that its checkpoint does not hold: work the kill cost.
      const finished = updates.slice(seen).filter((u) => 'event' in u && u.event.type === 'epoch').length;
      lost += finished - (checkpointEpoch() - checkpointed);
      expect(integrity(store)).toBe('ok');
      expect(store.runDetail(id).error).toMatch(/SIGKILL/);
      m.resumeInterrupted(id);
    }
    await untilStatus(store, id, 'done');
    expect(integrity(store)).toBe('ok');
    expect(kills).toBe(KILLS);
    expect(atEpochEnd).toBeGreaterThan(0);
    // Only a kill as a checkpoint is written can cost a finished epoch, and at most that one.
    expect(lost).toBeLessThanOrEqual(atEpochEnd);
    expect(epochs(store, id)).toEqual(epochs(straightStore, reference));
    expect(store.runDetail(id).finalGenotype).toEqual(straightStore.runDetail(reference).finalGenotype);
  }, 300_000);
});
