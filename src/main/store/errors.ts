/** What went wrong, for a caller that reacts (the UI shows `message`; the API maps `code`). */
export type StoreErrorCode = 'bad-path' | 'newer-schema' | 'not-a-store' | 'not-found' | 'conflict' | 'invalid' | 'bad-file';

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}
