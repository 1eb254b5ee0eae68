import { describe, expect, it } from 'vitest';
import { resolvePlugins, stageEpoch } from '../../../src/engine/search';
import { getPreset, parseSearchConfig } from '../../../src/shared/config';

const config = (id: string) => {
  const c = parseSearchConfig(getPreset(id).config);
  c.data.options = { root: '/data/cifar' };
  return c;
};

/** [archStep, skip dropout] of the given epochs of each stage of a 25-epoch stage. */
function plan(id: string, epochs: number[]) {
  const c = config(id);
  const p = c.progressive!;
  return p.cells.map((_, s) => epochs.map((e) => stageEpoch(p, s, e, c.budget.epochs)));
}

function expectPlan(actual: ReturnType<typeof plan>, expected: [boolean, number][][]) {
  expected.forEach((stage, s) =>
    stage.forEach(([archStep, rate], i) => {
      expect(actual[s][i].archStep, `stage ${s}, row ${i}`).toBe(archStep);
      expect(actual[s][i].skipDropout, `stage ${s}, row ${i}`).toBeCloseTo(rate, 9);
    }),
  );
}

describe('P-DARTS presets: per-stage schedules', () => {
  it('pdarts (reference code): 10 weight-only epochs per stage, dropout 0.1/0.4/0.7 decaying after them', () => {
    // Hand-computed: during warm-up p·(25 − e − 1)/25, then p·exp(−0.2·(e − 10)).
    expectPlan(plan('pdarts', [0, 9, 10, 15, 24]), [
      [[false, 0.096], [false, 0.06], [true, 0.1], [true, 0.036787944], [true, 0.006081006]],
      [[false, 0.384], [false, 0.24], [true, 0.4], [true, 0.147151776], [true, 0.024324025]],
      [[false, 0.672], [false, 0.42], [true, 0.7], [true, 0.257515609], [true, 0.042567044]],
    ]);
  });

  it('pdarts: cosine lr from 0.025 to 0 over each 25-epoch stage', () => {
    const lr = resolvePlugins(config('pdarts')).schedule;
    expect(lr(0)).toBeCloseTo(0.025, 12);
    expect(lr(10)).toBeCloseTo(0.016362712, 9);
    expect(lr(24)).toBeCloseTo(9.8566234e-5, 12);
    expect(lr(25)).toBeCloseTo(0, 12);
  });

  it("the paper's dropouts: CIFAR-10 0/0.4/0.7, CIFAR-100 0.1/0.2/0.3 (on CIFAR-100)", () => {
    expect(config('pdarts-paper-cifar10').progressive).toMatchObject({ skipDropout: [0, 0.4, 0.7], warmupEpochs: 10 });
    const c100 = config('pdarts-paper-cifar100');
    expect(c100.progressive).toMatchObject({ skipDropout: [0.1, 0.2, 0.3], warmupEpochs: 10 });
    expect(c100.data.dataset).toBe('cifar100');
    expectPlan(plan('pdarts-paper-cifar100', [0, 10, 15]), [
      [[false, 0.096], [true, 0.1], [true, 0.036787944]],
      [[false, 0.192], [true, 0.2], [true, 0.073575888]],
      [[false, 0.288], [true, 0.3], [true, 0.110363832]],
    ]);
  });

  it("pdarts-seed003 (D3's account): 2 warm-up epochs, dropout 0/0.3/0.6", () => {
    expectPlan(plan('pdarts-seed003', [0, 1, 2, 7]), [
      [[false, 0], [false, 0], [true, 0], [true, 0]],
      [[false, 0.288], [false, 0.276], [true, 0.3], [true, 0.110363832]],
      [[false, 0.576], [false, 0.552], [true, 0.6], [true, 0.220727665]],
    ]);
  });
});
