import { describe, expect, it } from 'vitest';
import { deriveRules, getDeriveRule } from '../../../src/engine/derive';

describe('derive rule registry', () => {
  it('lists the rules, each with defaults for every option', () => {
    expect(deriveRules.map((r) => r.id)).toEqual(['darts-top2', 'sigmoid-threshold', 'fixed-edge-argmax']);
    expect(getDeriveRule('darts-top2').optionsSchema.parse({})).toEqual({ k: 2 });
    expect(getDeriveRule('sigmoid-threshold').optionsSchema.parse({})).toEqual({ threshold: 0.85, onePerEdge: false, edgesPerNode: null });
    expect(getDeriveRule('fixed-edge-argmax').optionsSchema.parse({})).toEqual({});
  });

  it('names the known rules for an unknown id', () => {
    expect(() => getDeriveRule('top2')).toThrow(/darts-top2, sigmoid-threshold, fixed-edge-argmax/);
  });
});
