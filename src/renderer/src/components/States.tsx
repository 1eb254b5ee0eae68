import type { ReactNode } from 'react';
import { ApiError } from '../../../shared/api';
import { errorMessage } from '../lib/format';

// Designed states for every panel: never a blank area while loading, empty or failed.

export function Loading({ what }: { what: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> Loading {what}…
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <p className="state-title">{title}</p>
      {children}
    </div>
  );
}

export function ErrorState({ error, retry, what }: { error: unknown; retry?: () => void; what: string }) {
  const notFound = error instanceof ApiError && error.code === 'not-found';
  return (
    <div className="state state-error" role="alert">
      <p className="state-title">{notFound ? `No such ${what}.` : `Could not load ${what}.`}</p>
      <p className="state-detail">{errorMessage(error)}</p>
      {retry && (
        <button type="button" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}
