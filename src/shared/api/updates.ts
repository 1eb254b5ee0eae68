import type { RunProgress, RunStatus } from '../runs';
import type { SearchEvent } from '../search-events';

/** What subscribers get: every event of every live run, and every status change. */
export type RunUpdate = { runId: string; event: SearchEvent; progress: RunProgress | null } | { runId: string; status: RunStatus; error?: string };

export type RunUpdateListener = (update: RunUpdate) => void;
