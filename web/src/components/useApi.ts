import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError } from '../api/client.js';

export interface Loaded<T> {
  data: T | undefined;
  loading: boolean;
  error: ApiError | undefined;
  reload: () => void;
}

/**
 * Runs `load` (a typed client call, e.g. `() => usersApi.list(filters)`) and runs it
 * again when `key` changes (compared by value: pass what the call depends on, e.g. the
 * filters). `null` skips the request, for data the user has no permission to read.
 * Errors are toasted by the client.
 */
export function useApi<T>(source: (() => Promise<T>) | null, arg?: unknown): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(source !== null);
  const [tick, setTick] = useState(0);
  const key = source === null ? null : `call:${JSON.stringify(arg ?? null)}`;
  // The latest loader: a new closure every render, so it is read through a ref, not a dependency.
  const load = useRef<(() => Promise<T>) | null>(null);
  load.current = source;

  useEffect(() => {
    const run = load.current;
    if (key === null || run === null) {
      setLoading(false);
      return;
    }
    let live = true;
    setLoading(true);
    run()
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
    // `key` captures the request by value (the objects are new every render), so the
    // loader and its arguments are deliberately not dependencies.
  }, [key, tick]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, loading, error, reload };
}
