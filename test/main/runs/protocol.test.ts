import { describe, expect, it } from 'vitest';
import { parseFromWorker } from '../../../src/main/runs/protocol';

const searchStep = { type: 'step', epoch: 0, step: 1, stepsPerEpoch: 4, trainLoss: 2.3, trainAcc: 0.1, valLoss: 2.2, lr: 0.025, archLr: 3e-4, gradNorm: 1, archTime: 0.2, weightTime: 0.3 };
const retrainStep = { type: 'step', epoch: 0, step: 1, stepsPerEpoch: 4, trainLoss: 2.3, trainAcc: 0.1, auxLoss: null, lr: 0.025, dropPathProb: 0, gradNorm: 1, weightTime: 0.3 };

describe('messages from a worker', () => {
  it("accepts a search's and a retraining's step, diverged (NaN, Infinity) ones included", () => {
    expect(parseFromWorker({ type: 'event', event: searchStep })).toEqual({ type: 'event', event: searchStep });
    const diverged = { ...retrainStep, trainLoss: NaN, gradNorm: Infinity };
    const parsed = parseFromWorker({ type: 'event', event: diverged });
    expect(parsed.type === 'event' && parsed.event.type === 'step' && parsed.event.trainLoss).toBeNaN();
    expect(parseFromWorker({ type: 'event', event: { ...searchStep, valLoss: NaN } }).type).toBe('event');
  });

  it('refuses an event missing a field, of an unknown type, or a number given as text', () => {
    const noLr = Object.fromEntries(Object.entries(retrainStep).filter(([k]) => k !== 'lr'));
    expect(() => parseFromWorker({ type: 'event', event: noLr })).toThrow();
    expect(() => parseFromWorker({ type: 'event', event: { ...searchStep, type: 'teleport' } })).toThrow();
    expect(() => parseFromWorker({ type: 'event', event: { ...searchStep, trainLoss: '2.3' } })).toThrow();
    expect(() => parseFromWorker({ type: 'gossip' })).toThrow();
  });
});
