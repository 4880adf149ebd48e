import { scaleAt, toWorld } from './geo.js';

export interface Located {
  id: number;
  lon: number;
  lat: number;
}

export interface Cluster<T extends Located> {
  /** Stable for a zoom level: the grid cell. */
  key: string;
  items: T[];
  /** Mean position of the members. */
  lon: number;
  lat: number;
}

/**
 * Groups points that fall in the same `cellPx`-sized square of a pixel grid anchored
 * to the world at zoom `z` (so clusters do not reshuffle while panning, only when
 * zooming). Pure; O(n).
 */
export function gridCluster<T extends Located>(points: readonly T[], z: number, cellPx: number): Cluster<T>[] {
  const s = scaleAt(z);
  const cells = new Map<string, Cluster<T>>();
  for (const p of points) {
    const [x, y] = toWorld(p.lon, p.lat);
    const key = `${Math.floor((x * s) / cellPx)}:${Math.floor((y * s) / cellPx)}`;
    const c = cells.get(key);
    if (c) c.items.push(p);
    else cells.set(key, { key, items: [p], lon: 0, lat: 0 });
  }
  for (const c of cells.values()) {
    c.lon = c.items.reduce((a, p) => a + p.lon, 0) / c.items.length;
    c.lat = c.items.reduce((a, p) => a + p.lat, 0) / c.items.length;
  }
  return [...cells.values()];
}

/** The most frequent value of `key` among `items` (a cluster's colour: its commonest state). */
export function mode<T, K>(items: readonly T[], key: (t: T) => K): K | undefined {
  const counts = new Map<K, number>();
  let best: K | undefined;
  let bestN = 0;
  for (const it of items) {
    const k = key(it);
    const n = (counts.get(k) ?? 0) + 1;
    counts.set(k, n);
    if (n > bestN) {
      best = k;
      bestN = n;
    }
  }
  return best;
}
