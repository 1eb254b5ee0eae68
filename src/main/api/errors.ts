import { ZodError } from 'zod';
import { ConfigFieldError } from '../../engine/search';
import { ApiError, invalidInput, type ApiErrorCode } from '../../shared/api';
import { RunStateError } from '../runs';
import { StoreError, type StoreErrorCode } from '../store';

const STORE_CODES: Record<StoreErrorCode, ApiErrorCode> = {
  'not-found': 'not-found',
  conflict: 'conflict',
  invalid: 'invalid-input',
  'bad-path': 'invalid-input',
  'bad-file': 'invalid-input',
  'newer-schema': 'unavailable',
  'not-a-store': 'unavailable',
};

/**
 * Any failure as an ApiError: the layers below throw their own error types, and this is the one
 * place that knows how each maps to what the UI shows. `configPath` prefixes config field paths.
 */
export function toApiError(e: unknown, configPath: Array<string | number> = ['config']): ApiError {
  if (e instanceof ApiError) return e;
  if (e instanceof ZodError) return invalidInput(e, configPath);
  if (e instanceof ConfigFieldError) return new ApiError('invalid-input', e.message, [{ path: [...configPath, ...e.path], message: e.cause instanceof Error ? e.cause.message : e.message }]);
  if (e instanceof StoreError) return new ApiError(STORE_CODES[e.code], e.message);
  if (e instanceof RunStateError) return new ApiError('conflict', e.message);
  return new ApiError('internal', e instanceof Error ? e.message : String(e));
}
