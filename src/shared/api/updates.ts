import type { RunEvent, RunProgress, RunStatus } from '../runs';

/** What subscribers get: every event of every live run (search or retraining), and every status change. */
export type RunUpdate = { runId: string; event: RunEvent; progress: RunProgress | null } | { runId: string; status: RunStatus; error?: string };

export type RunUpdateListener = (update: RunUpdate) => void;
