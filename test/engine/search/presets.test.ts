import { describe, expect, it } from 'vitest';
import { resolvePlugins } from '../../../src/engine/search';
import { getPreset, parseSearchConfig, presets } from '../../../src/shared/config';
import type { SearchEvent } from '../../../src/shared/search-events';
import { TINY_SEARCH } from '../../helpers/tiny-search';
import { runCollecting } from './fixtures';

const PAPER_IDS = ['darts-1st', 'darts-2nd', 'pdarts', 'fair-darts', 'att-darts', 'amended-darts', 'amended-s2', 'allegronas'];

describe('presets', () => {
  it('one per paper setting, each with a quick variant; old ids still resolve', () => {
    const ids = presets.map((p) => p.id);
    for (const id of PAPER_IDS) expect(ids).toEqual(expect.arrayContaining([id, `${id}-quick`]));
    expect(new Set(ids).size).toBe(ids.length);
    expect(getPreset('darts-first-order').id).toBe('darts-1st');
    expect(getPreset('darts-second-order').id).toBe('darts-2nd');
    expect(() => getPreset('darts-3rd')).toThrow(/unknown preset/);
  });

  it('every preset parses and resolves its plug-ins (full-size ones given a data root)', () => {
    for (const p of presets) {
      const config = parseSearchConfig(p.config);
      if (config.data.dataset === 'cifar10' || config.data.dataset === 'cifar100') config.data.options = { ...config.data.options, root: '/data/cifar' };
      expect(() => resolvePlugins(config), p.id).not.toThrow();
    }
  });

  it('the paper settings are what their descriptions say', () => {
    const c = (id: string) => parseSearchConfig(getPreset(id).config);
    expect(c('amended-darts').strategy).toEqual({ id: 'amended', options: { eta: 0.1 } });
    expect(c('amended-s2').model).toMatchObject({ space: 'amended-s2', layers: 20 });
    expect(c('allegronas').strategy.options).toMatchObject({ chiMax: 0.1, chiMin: 0, rampEpochs: 25 });
    expect(c('allegronas').budget.epochs).toBe(90);
    expect(c('allegronas').model.groups).toBe(1);
    expect(c('allegronas-groups').model).toMatchObject({ space: 'allegro', groups: 2 });
    // Amended-DARTS: the original setting has no search-time cutout, dropout or tower; the consistency one all three, at C = 36.
    expect([c('amended-darts').data.augment.cutout, c('amended-darts').regularizers, c('amended-darts').model.channels]).toEqual([false, [], 16]);
    expect(c('amended-darts-consistency').data.augment.cutout).toBe(true);
    expect(c('amended-darts-consistency').regularizers.map((r) => r.id)).toEqual(['drop-path', 'auxiliary-tower']);
    expect(c('amended-darts-consistency').model.channels).toBe(36);
    expect(c('fair-darts').regularizers).toEqual([{ id: 'zero-one', options: { weight: 10, norm: 'l2' } }]);
    expect(c('fair-darts').model.relaxation).toBe('sigmoid');
    expect(c('pdarts').progressive).toMatchObject({ cells: [5, 11, 17], keep: [5, 3, 1], skipDropout: [0.1, 0.4, 0.7], warmupEpochs: 10 });
    expect(c('pdarts-seed003').progressive).toMatchObject({ skipDropout: [0, 0.3, 0.6], warmupEpochs: 2 });
    // Quick variants keep the method and change only the size.
    expect(c('fair-darts-quick').regularizers).toEqual(c('fair-darts').regularizers);
    expect(c('allegronas-quick').model).toMatchObject({ space: 'allegro', channels: 4, layers: 5 });
    // MNIST digits are neither cropped nor flipped (the CIFAR settings do both).
    for (const id of ['darts-1st', 'pdarts', 'fair-darts', 'amended-darts']) expect(c(`${id}-quick`).data.augment, id).toMatchObject({ crop: false, flip: false });
    expect(c('amended-darts-consistency-quick').data.augment.cutout).toBe(true);
  });

  for (const p of presets.filter((x) => x.id.endsWith('-quick'))) {
    // On the tiny synthetic images of the shared test search (MNIST costs minutes here); the
    // preset's network, strategy, regularizers and derivation are its own.
    it(`${p.id} runs on wasm with a flat tensor count`, { timeout: 300_000 }, async () => {
      const base = parseSearchConfig(p.config);
      const config = parseSearchConfig({
        ...base,
        backend: 'wasm',
        data: { ...TINY_SEARCH.data, augment: base.data.augment },
        budget: { epochs: 1, stepsPerEpoch: 3, evalBatches: 1 },
      });
      const { events, stepTensorCounts: counts } = await runCollecting(config);
      expect(events.at(-1)?.type).toBe('done');
      const diagnostics = events.filter((e): e is Extract<SearchEvent, { type: 'diagnostics' }> => e.type === 'diagnostics');
      expect(diagnostics.length).toBeGreaterThan(0);
      // Collapse indicators come from op α only, never from an attention space's β groups.
      for (const d of diagnostics) expect(Object.keys(d.values).filter((k) => k.includes('_attention'))).toEqual([]);
      // Three steps (per stage of a progressive search); within one, nothing accumulates.
      expect(counts.length % 3).toBe(0);
      expect(counts[2]).toBe(counts[1]);
    });
  }
});
