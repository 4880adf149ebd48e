import { useCallback, useEffect, useState } from 'react';
import { inspectionsApi } from '../../api/inspections.js';
import type {
  MyPointItem as MyPoint,
  PointChecklist as Checklist,
  TodayRoute as Today,
} from '../../../../src/shared/contracts/inspections.contract.js';
import { cacheGet, cachePut } from './store.js';

export interface Cached<T> {
  data: T | null;
  /** Where the data came from: the server now, or the device cache (offline or failed). */
  from: 'network' | 'cache' | null;
  loading: boolean;
  reload: () => void;
}

// 'today' (not the older 'mine', which held a bare list): a cached copy of another shape is never read.
const POINTS_KEY = 'today';
const checklistKey = (id: number) => `checklist:${id}`;

/** Network first when online (and cache the answer), the device cache otherwise or on failure. */
function useCached<T>(key: string | null, load: () => Promise<T>): Cached<T> {
  const [state, setState] = useState<{ data: T | null; from: 'network' | 'cache' | null; loading: boolean }>({
    data: null,
    from: null,
    loading: true,
  });
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  useEffect(() => {
    if (key === null) return;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    const fromCache = async () => {
      const c = await cacheGet<T>(key).catch(() => undefined);
      if (live) setState({ data: c ?? null, from: c === undefined ? null : 'cache', loading: false });
    };
    if (!navigator.onLine) void fromCache();
    else
      load()
        .then(async (data) => {
          await cachePut(key, data).catch(() => undefined);
          if (live) setState({ data, from: 'network', loading: false });
        })
        .catch(fromCache);
    return () => {
      live = false;
    };
    // `load` follows `key`; re-run on key or manual reload only.
  }, [key, tick]);
  return { ...state, reload };
}

export interface Here {
  lon: number;
  lat: number;
  accuracy: number | null;
}

/** The current position, or null when denied / unavailable / slow. */
export function locate(timeoutMs = 8000): Promise<Here | null> {
  return new Promise((resolve) => {
    if (!('geolocation' in navigator)) return resolve(null);
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lon: p.coords.longitude, lat: p.coords.latitude, accuracy: p.coords.accuracy ?? null }),
      () => resolve(null),
      { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 60_000 },
    );
  });
}

/** Today's route, nearest first; also caches every point's checklist for offline use. */
export function useMyPoints(here: Here | null | undefined): Cached<Today> {
  const ready = here !== undefined;
  return useCached<Today>(ready ? `${POINTS_KEY}` : null, async () => {
    const r = await inspectionsApi.mine(here ? { lon: here.lon, lat: here.lat } : {}, { quiet: true });
    await Promise.all(
      r.items.map((p) =>
        inspectionsApi
          .checklist(p.point.id, { quiet: true })
          .then((c) => cachePut(checklistKey(p.point.id), c))
          .catch(() => undefined),
      ),
    );
    return r;
  });
}

export function useChecklist(pointId: number): Cached<Checklist> {
  return useCached<Checklist>(checklistKey(pointId), () => inspectionsApi.checklist(pointId, { quiet: true }));
}

/** The cached point (name, type) for the point page, also offline. */
export function useCachedPoint(pointId: number): MyPoint | null {
  const [p, setP] = useState<MyPoint | null>(null);
  useEffect(() => {
    void cacheGet<Today>(POINTS_KEY)
      .then((today) => setP(today?.items.find((x) => x.point.id === pointId) ?? null))
      .catch(() => undefined);
  }, [pointId]);
  return p;
}

/** Order for display: the server's distance order, or by distance computed here from the cached list (offline). */
export function orderPoints(list: MyPoint[], here: Here | null): MyPoint[] {
  if (!here) return list;
  const d = (p: MyPoint) =>
    p.point.lon === null || p.point.lat === null ? Infinity : haversine(here, { lon: p.point.lon, lat: p.point.lat });
  return [...list]
    .map((p) => ({ ...p, distanceM: Number.isFinite(d(p)) ? Math.round(d(p)) : p.distanceM }))
    .sort((a, b) => (a.distanceM ?? Infinity) - (b.distanceM ?? Infinity));
}

function haversine(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  const R = 6371008.8;
  const rad = (x: number) => (x * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(h));
}
