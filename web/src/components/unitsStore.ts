import { useCallback, useEffect, useState } from 'react';
import { unitsApi, type Unit } from '../api/units.js';

// The unit list is small (a city's tree) and read by many widgets at once (the tree,
// parent and unit pickers); fetch it once, refetch after a write, and tell every
// mounted reader so no picker shows a stale tree.
let cache: Promise<Unit[]> | null = null;
const listeners = new Set<(units: Unit[]) => void>();

export function loadUnits(force = false): Promise<Unit[]> {
  if (!cache || force) {
    const p = unitsApi.list().then((r) => r.items);
    cache = p;
    p.then(
      (units) => {
        if (cache === p) for (const l of listeners) l(units);
      },
      () => {
        if (cache === p) cache = null;
      },
    );
  }
  return cache;
}

/** Drops the cached list; the next reader fetches it again. */
export function invalidateUnits(): void {
  cache = null;
}

export function useUnits(enabled = true): { units: Unit[]; loading: boolean; reload: () => Promise<void> } {
  const [units, setUnits] = useState<Unit[]>([]);
  const [loading, setLoading] = useState(enabled);

  useEffect(() => {
    if (!enabled) return;
    let live = true;
    const onUnits = (u: Unit[]) => live && setUnits(u);
    listeners.add(onUnits);
    loadUnits()
      .then(onUnits)
      .catch(() => undefined) // the client already told the user
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
      listeners.delete(onUnits);
    };
  }, [enabled]);

  const reload = useCallback(async () => {
    setLoading(true);
    try {
      await loadUnits(true);
    } catch {
      // Shown by the client; keep what we had.
    } finally {
      setLoading(false);
    }
  }, []);

  return { units, loading, reload };
}
