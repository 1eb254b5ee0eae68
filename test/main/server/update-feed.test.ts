import { afterEach, describe, expect, it, vi } from 'vitest';
import { UpdateFeed } from '../../../src/main/api';
import type { RunUpdate, UpdatesFrame } from '../../../src/shared/api';

const step = (runId: string, s: number): RunUpdate => ({
  runId,
  progress: null,
  event: { type: 'step', epoch: 0, step: s, stepsPerEpoch: 100, trainLoss: 1, trainAcc: 0, valLoss: 1, lr: 0.1, archLr: 0.001, gradNorm: 1, archTime: 0, weightTime: 0 },
});
const status = (runId: string): RunUpdate => ({ runId, status: 'paused' });

afterEach(() => vi.useRealTimers());

describe('UpdateFeed', () => {
  it('batches updates into one frame per interval, in order', () => {
    vi.useFakeTimers();
    const frames: UpdatesFrame[] = [];
    const feed = new UpdateFeed({ send: (f) => frames.push(f), intervalMs: 100 });
    for (let i = 0; i < 50; i++) feed.push(step('a', i));
    expect(frames).toHaveLength(0);
    vi.advanceTimersByTime(99);
    expect(frames).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(frames).toHaveLength(1);
    expect(frames[0].skipped).toBe(0);
    expect(frames[0].updates.map((u) => 'event' in u && u.event.type === 'step' && u.event.step)).toEqual([...Array(50).keys()]);
    // Nothing pending: no empty frames.
    vi.advanceTimersByTime(1000);
    expect(frames).toHaveLength(1);
  });

  it('gives a congested client only the newest step per run, and every other update', () => {
    vi.useFakeTimers();
    const frames: UpdatesFrame[] = [];
    let congested = true;
    const feed = new UpdateFeed({ send: (f) => frames.push(f), congested: () => congested });
    feed.push(step('a', 0));
    feed.push(step('b', 0));
    feed.push(status('a'));
    feed.push(step('a', 1));
    feed.push(step('a', 2));
    feed.push(step('b', 1));
    vi.advanceTimersByTime(100);
    expect(frames[0].skipped).toBe(3);
    expect(frames[0].updates).toEqual([status('a'), step('a', 2), step('b', 1)]);
    congested = false;
    feed.push(step('a', 3));
    feed.push(step('a', 4));
    vi.advanceTimersByTime(100);
    expect(frames[1]).toEqual({ type: 'updates', updates: [step('a', 3), step('a', 4)], skipped: 0 });
  });

  it('sends nothing after close', () => {
    vi.useFakeTimers();
    const send = vi.fn();
    const feed = new UpdateFeed({ send });
    feed.push(step('a', 0));
    feed.close();
    feed.push(step('a', 1));
    vi.advanceTimersByTime(1000);
    expect(send).not.toHaveBeenCalled();
  });
});
