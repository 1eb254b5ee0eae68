import { useEffect, useState } from 'react';

/** Reads a stored JSON value, or undefined when absent, unreadable or rejected by `parse`. */
export function readStored<T>(key: string, parse: (v: unknown) => T | undefined): T | undefined {
  try {
    const text = localStorage.getItem(key);
    return text === null ? undefined : parse(JSON.parse(text));
  } catch {
    return undefined;
  }
}

/**
 * State kept in localStorage under `key` (the app's own origin in the browser and in Electron). A
 * stored value `parse` rejects (hand-edited, from an older version) falls back to `initial`.
 */
export function usePersistentState<T>(key: string, parse: (v: unknown) => T | undefined, initial: T): [T, (v: T) => void] {
  const [value, setValue] = useState<T>(() => readStored(key, parse) ?? initial);
  useEffect(() => {
    try {
      localStorage.setItem(key, JSON.stringify(value));
    } catch {
      // Storage full or denied: the setting still holds for this session.
    }
  }, [key, value]);
  return [value, setValue];
}
