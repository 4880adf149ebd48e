import { useCallback, useEffect, useState } from 'react';
import { api, type ApiError, type Query } from '../api/client.js';

export interface Loaded<T> {
  data: T | undefined;
  loading: boolean;
  error: ApiError | undefined;
  reload: () => void;
}

/**
 * GETs `path` (with `query`) and re-fetches when either changes. `null` skips the
 * request, for data the user has no permission to read. Errors are toasted by the client.
 */
export function useApi<T>(path: string | null, query?: Query): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(path !== null);
  const [tick, setTick] = useState(0);
  const key = path === null ? null : `${path}?${JSON.stringify(query ?? {})}`;

  useEffect(() => {
    if (key === null || path === null) {
      setLoading(false);
      return;
    }
    let live = true;
    setLoading(true);
    api<T>(path, { query })
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
    // `key` captures path and query by value (the objects are new every render), so they
    // are deliberately not dependencies.
  }, [key, tick]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, loading, error, reload };
}
