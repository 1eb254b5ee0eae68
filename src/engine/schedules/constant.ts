import { z } from 'zod';
import type { ScheduleEntry } from './types';

export const constant: ScheduleEntry = {
  id: 'constant',
  title: 'Constant',
  paper: '',
  optionsSchema: z.object({}).strict(),
  value: (_epoch, _epochs, from) => from,
};
