import type { ZodError } from 'zod';
import { issueSentence } from './issue-messages';

/**
 * Why a call failed, for the UI to act on: `invalid-input` carries the fields at fault (paths as in
 * the request's params, e.g. ['config', 'model', 'channels']) so a form can show each message next
 * to its field. `cancelled`: the caller (or its own newer request) stopped the work; not a failure.
 */
export type ApiErrorCode = 'invalid-input' | 'not-found' | 'conflict' | 'unauthorized' | 'too-large' | 'unavailable' | 'cancelled' | 'internal';

export interface FieldIssue {
  path: Array<string | number>;
  message: string;
}

export interface ApiErrorShape {
  code: ApiErrorCode;
  message: string;
  issues?: FieldIssue[];
}

export class ApiError extends Error implements ApiErrorShape {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly issues?: FieldIssue[],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toJSON(): ApiErrorShape {
    return { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) };
  }

  /** Rebuilds an error that crossed a transport as plain data. */
  static from(shape: ApiErrorShape): ApiError {
    return new ApiError(shape.code, shape.message, shape.issues);
  }
}

/** Each issue at its path, as a sentence for the form field it belongs to. */
export function fieldIssues(e: ZodError, prefix: Array<string | number> = []): FieldIssue[] {
  return e.issues.map((i) => ({ path: [...prefix, ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], message: issueSentence(i) }));
}

/** An invalid-input error listing each field at fault. */
export function invalidInput(e: ZodError, prefix: Array<string | number> = []): ApiError {
  const issues = fieldIssues(e, prefix);
  const summary = issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  return new ApiError('invalid-input', `invalid input: ${summary}`, issues);
}
