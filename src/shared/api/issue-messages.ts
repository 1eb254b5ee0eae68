import type { ZodError } from 'zod';

type Issue = ZodError['issues'][number];

const list = (values: readonly unknown[]) => values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');

/** What a size bound is counted in, by the kind of value zod reports. */
const UNITS: Record<string, (n: number | bigint) => string> = {
  string: (n) => `${n} character${n === 1 ? '' : 's'}`,
  array: (n) => `${n} entr${n === 1 ? 'y' : 'ies'}`,
  set: (n) => `${n} entr${n === 1 ? 'y' : 'ies'}`,
};

const TYPES: Record<string, string> = { number: 'a number', int: 'a whole number', string: 'text', boolean: 'true or false', object: 'a group of settings', array: 'a list' };

/**
 * A validation issue as a sentence for a form, beside its field (which names itself): "Must be at
 * least 2", not zod's "Too small: expected number to be >=2". Messages written by the schemas'
 * own refinements are already sentences and pass through.
 */
export function issueSentence(i: Issue): string {
  switch (i.code) {
    case 'invalid_type':
      // zod leaves the input out of an issue unless asked; its default message names what it got.
      if (/received undefined$/.test(i.message)) return 'Required';
      return `Must be ${TYPES[i.expected] ?? i.expected}`;
    case 'too_small': {
      const unit = UNITS[i.origin];
      if (unit) return i.minimum === 1 && i.origin === 'string' ? 'Must not be empty' : `Needs at least ${unit(i.minimum)}`;
      return `Must be ${i.inclusive === false ? 'greater than' : 'at least'} ${i.minimum}`;
    }
    case 'too_big': {
      const unit = UNITS[i.origin];
      if (unit) return `Takes at most ${unit(i.maximum)}`;
      return `Must be ${i.inclusive === false ? 'less than' : 'at most'} ${i.maximum}`;
    }
    case 'not_multiple_of':
      return `Must be a multiple of ${i.divisor}`;
    case 'invalid_value':
      return i.values.length === 1 ? `Must be ${list(i.values)}` : `Must be one of: ${list(i.values)}`;
    case 'unrecognized_keys':
      return `Unknown setting${i.keys.length === 1 ? '' : 's'}: ${i.keys.join(', ')}`;
    case 'invalid_format':
      return `Must be a valid ${i.format}`;
    case 'invalid_union':
      return 'Does not match any accepted form';
    default:
      return i.message;
  }
}
