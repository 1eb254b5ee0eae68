import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SearchEvent } from '../../../shared/search-events';
import { isFile } from '../files';
import { RUN_FILES } from '../run-dir';

/** Where a study's run directory stands: finished, resumable from its checkpoint, or to start. */
export type RunState = { kind: 'done' } | { kind: 'resume'; checkpointDir: string } | { kind: 'start' };

export async function runState(dir: string, epochs: number, resumable: boolean): Promise<RunState> {
  const runFile = join(dir, RUN_FILES.run);
  if (await isFile(runFile)) {
    const record = JSON.parse(await readFile(runFile, 'utf8')) as { status?: string; epochsCompleted?: number };
    if (record.status === 'done' && (record.epochsCompleted ?? 0) >= epochs) return { kind: 'done' };
  }
  const checkpointDir = join(dir, RUN_FILES.checkpoint);
  if (resumable && (await isFile(join(checkpointDir, 'checkpoint.json')))) return { kind: 'resume', checkpointDir };
  return { kind: 'start' };
}

/** The run's event log; a line cut short by a crash is skipped. */
export async function readEvents(dir: string): Promise<SearchEvent[]> {
  const path = join(dir, RUN_FILES.events);
  if (!(await isFile(path))) return [];
  const out: SearchEvent[] = [];
  for (const line of (await readFile(path, 'utf8')).split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as SearchEvent);
    } catch {
      // An unfinished last line: the run stopped while writing it.
    }
  }
  return out;
}
