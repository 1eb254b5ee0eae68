/**
 * Collects items pushed at any rate and hands them over at most once per animation frame, so a
 * search emitting an event per step re-renders the dashboard once a frame, not once an event.
 */
export interface FrameBatcher<T> {
  push(item: T): void;
  /** Drops anything queued and stops scheduling. */
  dispose(): void;
}

export type FrameScheduler = (callback: () => void) => () => void;

/** requestAnimationFrame where there is one (the page), else a macrotask. */
export const animationFrame: FrameScheduler = (callback) => {
  if (typeof requestAnimationFrame === 'function') {
    const handle = requestAnimationFrame(() => callback());
    return () => cancelAnimationFrame(handle);
  }
  const handle = setTimeout(callback, 16);
  return () => clearTimeout(handle);
};

export function frameBatcher<T>(flush: (items: T[]) => void, schedule: FrameScheduler = animationFrame): FrameBatcher<T> {
  let queue: T[] = [];
  let cancel: (() => void) | null = null;
  return {
    push(item) {
      queue.push(item);
      if (cancel) return;
      cancel = schedule(() => {
        cancel = null;
        const items = queue;
        queue = [];
        flush(items);
      });
    },
    dispose() {
      cancel?.();
      cancel = null;
      queue = [];
    },
  };
}
