import { useCallback, useEffect, useRef, useState } from 'react';
import { api, type ApiError, type Query } from '../api/client.js';

export interface Loaded<T> {
  data: T | undefined;
  loading: boolean;
  error: ApiError | undefined;
  reload: () => void;
}

/**
 * Loads data and re-fetches when its key changes. Two forms:
 * - `useApi(() => casesApi.get(id), id)`: a call of the typed client (web/src/api/) and the
 *   value it depends on (compared by its JSON, so a new object with the same content does not refetch);
 * - `useApi<T>(path, query)`: a GET of `path` (pages not yet on the typed client).
 * `null` skips the request, for data the user has no permission to read. Errors are toasted by the client.
 */
export function useApi<T>(load: (() => Promise<T>) | null, key?: unknown): Loaded<T>;
export function useApi<T>(path: string | null, query?: Query): Loaded<T>;
export function useApi<T>(source: string | (() => Promise<T>) | null, arg?: unknown): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(source !== null);
  const [tick, setTick] = useState(0);
  const key = source === null ? null : JSON.stringify([typeof source === 'string' ? source : '', arg ?? null]);
  // The loader is a new closure every render; the latest one runs when the key changes.
  const latest = useRef(source);
  latest.current = source;

  useEffect(() => {
    const s = latest.current;
    if (key === null || s === null) {
      setLoading(false);
      return;
    }
    let live = true;
    setLoading(true);
    (typeof s === 'string' ? api<T>(s, { query: arg as Query | undefined }) : s())
      .then((d) => {
        if (!live) return;
        setData(d);
        setError(undefined);
      })
      .catch((e: ApiError) => live && setError(e))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
    // `key` captures the source and its argument by value (the objects are new every render),
    // so they are deliberately not dependencies.
  }, [key, tick]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, loading, error, reload };
}
