import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.js';
import type { Unit } from '../../api/types.js';

// The unit list is small (a city's tree) and read by many screens; fetch it once and
// refetch only after a write.
let cache: Promise<Unit[]> | null = null;

export function loadUnits(force = false): Promise<Unit[]> {
  if (!cache || force) {
    cache = api<{ items: Unit[] }>('/api/units').then((r) => r.items);
    cache.catch(() => {
      cache = null;
    });
  }
  return cache;
}

export function invalidateUnits(): void {
  cache = null;
}

export function useUnits(enabled = true): { units: Unit[]; loading: boolean; reload: () => Promise<void> } {
  const [units, setUnits] = useState<Unit[]>([]);
  const [loading, setLoading] = useState(enabled);

  const fetchUnits = useCallback(async (force: boolean) => {
    setLoading(true);
    try {
      setUnits(await loadUnits(force));
    } catch {
      // The client already told the user; keep whatever we had.
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    if (enabled) void fetchUnits(false);
  }, [enabled, fetchUnits]);

  const reload = useCallback(() => fetchUnits(true), [fetchUnits]);
  return { units, loading, reload };
}
