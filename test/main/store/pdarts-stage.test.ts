import { describe, expect, it } from 'vitest';
import { config, tempStore } from './fixtures';

describe('store: a P-DARTS stage event', () => {
  it('goes to the run log with its op sets', () => {
    const store = tempStore();
    const run = store.createRun({ config: config() });
    const writer = store.writer(run.id);
    const candidates = { normal: [['skip_connect', 'sep_conv_3x3']], reduce: [['max_pool_3x3', 'sep_conv_5x5']] };
    writer.write({ type: 'stage', stage: 1, stages: 3, cells: 11, channels: 16, firstEpoch: 25, epochs: 25, opsPerEdge: 5, skipDropout: 0.3, candidates });
    writer.close();
    const entry = store.runLog(run.id).find((l) => l.message.startsWith('stage'));
    expect(entry).toMatchObject({ level: 'info', message: 'stage 2/3: 11 cells, 5 ops per edge, skip dropout 0.3' });
    expect(entry?.data).toMatchObject({ stage: 1, cells: 11, firstEpoch: 25, candidates });
  });
});
