import { constant } from './constant';
import { cosine } from './cosine';
import type { Schedule } from './types';

export type { Schedule } from './types';

/** Every scalar schedule by id. A new schedule is one module plus one line here. */
export const schedules: ReadonlyMap<string, Schedule> = new Map([cosine, constant].map((s) => [s.id, s]));

export function getSchedule(id: string): Schedule {
  const s = schedules.get(id);
  if (!s) throw new Error(`unknown schedule '${id}' (known: ${[...schedules.keys()].join(', ')})`);
  return s;
}
