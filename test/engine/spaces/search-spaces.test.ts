import { describe, expect, it } from 'vitest';
import { genotypeFromJson } from '../../../src/engine/genotype';
import { search } from '../../../src/engine/search';
import { parseSearchConfig } from '../../../src/shared/config';
import type { SearchEvent } from '../../../src/shared/search-events';
import { TINY_SEARCH } from '../../helpers/tiny-search';

type Done = Extract<SearchEvent, { type: 'done' }>;
type Start = Extract<SearchEvent, { type: 'start' }>;

async function run(model: Record<string, unknown>, derivation?: { id: string }) {
  const events: SearchEvent[] = [];
  const config = parseSearchConfig({ ...TINY_SEARCH, model: { ...TINY_SEARCH.model, ...model }, budget: { ...TINY_SEARCH.budget, epochs: 1, stepsPerEpoch: 1 }, derivation });
  for await (const e of search(config)) events.push(e);
  return { start: events[0] as Start, done: events.at(-1) as Done, genotypes: events.filter((e) => e.type === 'genotype') };
}

describe('searching the new spaces end to end (wasm)', () => {
  it('Amended-DARTS S2: α per cell, and a genotype with every cell (fixed-edge argmax)', async () => {
    const { start, done, genotypes } = await run({ space: 'amended-s2', layers: 4 }, { id: 'fixed-edge-argmax' });
    expect(start.meta.alphaGroups).toEqual({ cell0: [8, 2], cell1: [8, 2], cell2: [8, 2], cell3: [8, 2] });
    expect(start.meta.architectures).toBe(String(2n ** 32n));
    expect(genotypes).toHaveLength(1);
    const g = genotypeFromJson(done.genotype);
    expect(g.cells?.map((c) => c.reduce)).toEqual([false, true, true, false]);
    for (const c of g.cells ?? []) {
      expect(c.edges.map((e) => e.input)).toEqual([0, 1, 0, 2, 0, 3, 0, 4]);
      for (const e of c.edges) expect(['skip_connect', 'sep_conv_3x3']).toContain(e.op);
    }
  });

  it('Amended-DARTS S1: the fixed 8-edge cells, with the config default rule (darts-top2) keeping every edge', async () => {
    const { start, done } = await run({ space: 'amended-s1' });
    expect(start.meta.alphaGroups).toEqual({ normal: [8, 8], reduce: [8, 8] });
    expect(start.meta.architectures).toBe(String(7n ** 16n));
    expect(done.genotype.cells).toBeUndefined();
    for (const cell of [done.genotype.normal, done.genotype.reduce]) expect(cell.map((e) => e[1]).sort()).toEqual([0, 0, 0, 0, 1, 2, 3, 4]);
  });

  it('Allegro: its options reach the ops (parameter count), and bad options name their field', async () => {
    const wide = await run({ space: 'allegro', spaceOptions: { sepMidMultiplier: 3 } });
    const plain = await run({ space: 'allegro', spaceOptions: { sepMidMultiplier: 1, dilExtraDepth: 0 } });
    const darts = await run({ space: 'darts' });
    expect(plain.start.meta.params).toBe(darts.start.meta.params);
    expect(wide.start.meta.params).toBeGreaterThan(darts.start.meta.params);
    expect(wide.done.genotype.normal.every(([op]) => !op.startsWith('sep_') && !op.startsWith('dil_'))).toBe(true);
    await expect(run({ space: 'allegro', spaceOptions: { sepMidMultiplier: 0 } })).rejects.toThrow(/spaceOptions/);
  });
});
