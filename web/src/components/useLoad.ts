import { useCallback, useEffect, useState } from 'react';
import type { ApiError } from '../api/client.js';
import type { Loaded } from './useApi.js';

/**
 * Runs `load` (a typed client call from web/src/api/) and re-runs it when `deps` change
 * by value. `null` skips the request, for data the user has no permission to read or
 * that is not chosen yet. Errors are toasted by the client.
 */
export function useLoad<T>(load: (() => Promise<T>) | null, deps: readonly unknown[]): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(load !== null);
  const [tick, setTick] = useState(0);
  const key = load === null ? null : JSON.stringify(deps);

  useEffect(() => {
    if (key === null || load === null) {
      setLoading(false);
      return;
    }
    let live = true;
    setLoading(true);
    load()
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
    // `key` captures the dependencies by value (the loader is a new closure every render),
    // so `load` is deliberately not a dependency.
  }, [key, tick]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, loading, error, reload };
}
