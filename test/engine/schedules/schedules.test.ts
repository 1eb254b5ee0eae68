import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { createSchedule, getSchedule } from '../../../src/engine/schedules';

const spec = (id: string, options: Record<string, unknown> = {}, more: Partial<{ from: number; to: number; epochs: number; warmupEpochs: number }> = {}) => ({
  id,
  from: 0.025,
  to: 0,
  warmupEpochs: 0,
  options,
  ...more,
});

/** The schedule read at τ/E = 0, .25, .5, .75, 1 with E = 100. */
const quarters = (s: (e: number) => number) => [0, 25, 50, 75, 100].map(s);

describe('schedules', () => {
  it('cosine gives the AllegroNAS Eq. 7 values (ℓ_max 0.025, ℓ_min 0)', () => {
    const got = quarters(createSchedule(spec('cosine'), 100));
    [0.025, 0.02134, 0.0125, 0.00366, 0].forEach((v, i) => expect(got[i]).toBeCloseTo(v, 5));
  });

  it('NECA, normalised form: 0.025, 0.01961, 0.00944, 0.00230, 0', () => {
    const got = quarters(createSchedule(spec('neca'), 100));
    // The notes' values, rounded (0.00230 is 0.0022946 to five significant digits).
    [0.025, 0.01961, 0.00944, 0.0023, 0].forEach((v, i) => expect(got[i]).toBeCloseTo(v, 4));
    // (e^c − 1)/(e − 1) by hand: c = ½(1 + cos π/4) = 0.853553, e^c = 2.347975 → 0.784490; c = 0.146447, e^c = 1.157713 → 0.091785.
    expect(got[1] / 0.025).toBeCloseTo(0.78449, 5);
    expect(got[3] / 0.025).toBeCloseTo(0.091785, 5);
  });

  it('NECA, literal Eq. 8: starts at (e^0.025 − 1)/(e − 1)·0.025 ≈ 3.68e-4 and ends at ℓ_min', () => {
    const s = createSchedule(spec('neca', { form: 'literal' }), 100);
    expect(s(0)).toBeCloseTo((0.025 * (Math.exp(0.025) - 1)) / (Math.E - 1), 10);
    expect(s(0)).toBeCloseTo(3.684e-4, 6);
    expect(s(100)).toBe(0);
  });

  it('linear: the AllegroNAS χ ramp 0.004·τ reaches 0.1 at τ = 25 and holds, unless extrapolating', () => {
    const chi = createSchedule(spec('linear', {}, { from: 0, to: 0.1, epochs: 25 }), 50);
    expect([0, 1, 10, 25, 30, 49].map(chi)).toEqual([0, 0.004, 0.04, 0.1, 0.1, 0.1].map((v, i) => (i < 3 ? expect.closeTo(v, 12) : v)));
    const free = createSchedule(spec('linear', { extrapolate: true }, { from: 0, to: 0.1, epochs: 25 }), 50);
    expect(free(50)).toBeCloseTo(0.2, 12);
  });

  it('step and exponential decay, floored at `to`', () => {
    const st = createSchedule(spec('step', { every: 10, gamma: 0.5 }, { from: 1, to: 0.2 }), 100);
    expect([0, 9, 10, 20, 30, 99].map(st)).toEqual([1, 1, 0.5, 0.25, 0.2, 0.2]);
    const ex = createSchedule(spec('exponential', { rate: 0.2 }, { from: 0.3, to: 0 }), 25);
    expect(ex(5)).toBeCloseTo(0.3 * Math.exp(-1), 12);
  });

  it('a warm-up rises linearly, then the schedule runs over the rest of the horizon', () => {
    const s = createSchedule(spec('cosine', {}, { from: 1, to: 0, warmupEpochs: 3 }), 13);
    expect([0, 1, 2].map(s)).toEqual([0.25, 0.5, 0.75]);
    expect(s(3)).toBe(1);
    expect(s(8)).toBeCloseTo(0.5, 12);
    expect(s(13)).toBeCloseTo(0, 12);
  });

  it('unknown ids and bad options are refused', () => {
    expect(() => getSchedule('nope')).toThrow(/unknown schedule 'nope'.*cosine/);
    expect(() => createSchedule(spec('neca', { form: 'printed' }), 10)).toThrow(ZodError);
    expect(() => createSchedule(spec('cosine', { extra: 1 }), 10)).toThrow(ZodError);
  });
});
