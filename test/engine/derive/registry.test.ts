import { describe, expect, it } from 'vitest';
import { deriveRules, getDeriveRule } from '../../../src/engine/derive';

describe('derive rule registry', () => {
  it('lists the rules, each with defaults for every option and a count of what it derives', () => {
    expect(deriveRules.map((r) => r.id)).toEqual(['darts-top2', 'sigmoid-threshold', 'fixed-edge-argmax', 'pdarts-skip-cap', 'att-darts']);
    expect(getDeriveRule('darts-top2').optionsSchema.parse({})).toEqual({ k: 2 });
    expect(getDeriveRule('sigmoid-threshold').optionsSchema.parse({})).toEqual({ threshold: 0.85, onePerEdge: false, edgesPerNode: null });
    expect(getDeriveRule('fixed-edge-argmax').optionsSchema.parse({})).toEqual({});
    expect(getDeriveRule('pdarts-skip-cap').optionsSchema.parse({})).toEqual({ k: 2, maxSkip: 2 });
    expect(getDeriveRule('att-darts').optionsSchema.parse({})).toEqual({ k: 2 });
    for (const r of deriveRules) expect(r.countCell, r.id).toBeTypeOf('function');
  });

  it('names the known rules for an unknown id', () => {
    expect(() => getDeriveRule('top2')).toThrow(/darts-top2, sigmoid-threshold, fixed-edge-argmax, pdarts-skip-cap, att-darts/);
  });
});
