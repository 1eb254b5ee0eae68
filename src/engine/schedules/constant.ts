import type { Schedule } from './types';

export const constant: Schedule = {
  id: 'constant',
  title: 'Constant',
  value: (_epoch, _epochs, max) => max,
};
