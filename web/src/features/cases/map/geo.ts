/**
 * Map maths without a map library: Web Mercator "world" coordinates in [0, 1]
 * (x east, y south), so optional XYZ tiles line up with our own drawing.
 */

import { cityApi } from '../../../api/city.js';

export type BBox = [minLon: number, minLat: number, maxLon: number, maxLat: number];

/** Until the server has said: the whole map, no city assumed. */
const WORLD: BBox = [-180, -85, 180, 85];
/** The last area the server gave, kept for a start without network (the inspector PWA offline). */
const LAST_AREA_KEY = 'dudao.map.cityBbox';
let serverBbox: BBox | null = null;

function parseBbox(raw: string | null | undefined): BBox | null {
  if (!raw) return null;
  const p = raw.split(',').map((x) => Number(x.trim()));
  if (p.length !== 4 || p.some((n) => !Number.isFinite(n))) return null;
  const [a, b, c, d] = p as [number, number, number, number];
  return a < c && b < d ? [a, b, c, d] : null;
}

function stored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

/**
 * Reads the city's area from the server (config DUDAO_CITY_BBOX; in demo mode the demo
 * city's) once, before the app renders; offline, the last one read. Never throws.
 */
export async function loadCityBbox(): Promise<void> {
  try {
    const { bbox } = await cityApi.area();
    serverBbox = bbox;
    try {
      localStorage.setItem(LAST_AREA_KEY, bbox.join(','));
    } catch {
      // Private mode: only this start knows it.
    }
  } catch {
    serverBbox = parseBbox(stored(LAST_AREA_KEY));
  }
}

/** The city's area: a localStorage override (`dudao.map.bbox`), else the server's ({@link loadCityBbox}). */
export function cityBbox(): BBox {
  return parseBbox(stored('dudao.map.bbox')) ?? serverBbox ?? WORLD;
}

/**
 * An XYZ tile URL template (`https://tiles.example/{z}/{x}/{y}.png`), or null for the
 * plain background. No tile server is assumed: set `dudao.map.tiles` in localStorage
 * or VITE_MAP_TILES at build time to use one.
 */
export function tileTemplate(): string | null {
  const v = stored('dudao.map.tiles') ?? (import.meta.env.VITE_MAP_TILES as string | undefined) ?? '';
  return /\{z\}/.test(v) && /\{x\}/.test(v) && /\{y\}/.test(v) ? v : null;
}

export function inBbox(lon: number, lat: number, b: BBox = cityBbox()): boolean {
  return lon >= b[0] && lon <= b[2] && lat >= b[1] && lat <= b[3];
}

export function toWorld(lon: number, lat: number): [number, number] {
  const s = Math.sin((Math.max(-85, Math.min(85, lat)) * Math.PI) / 180);
  return [(lon + 180) / 360, 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)];
}

export function fromWorld(x: number, y: number): [number, number] {
  const lon = x * 360 - 180;
  const lat = (Math.atan(Math.sinh(Math.PI * (1 - 2 * y))) * 180) / Math.PI;
  return [lon, lat];
}

/** Pixels per world unit at zoom `z` (256-pixel tiles, like every XYZ server). */
export const scaleAt = (z: number) => 256 * 2 ** z;

export interface View {
  /** World coordinates of the centre of the viewport. */
  cx: number;
  cy: number;
  /** Fractional zoom. */
  z: number;
}

/** The view that shows `b` whole in a `w`×`h` viewport with `pad` pixels to spare. */
export function fitView(b: BBox, w: number, h: number, pad = 16): View {
  const [x0, y1] = toWorld(b[0], b[1]);
  const [x1, y0] = toWorld(b[2], b[3]);
  const zx = Math.log2(Math.max(1, w - 2 * pad) / ((x1 - x0) * 256));
  const zy = Math.log2(Math.max(1, h - 2 * pad) / ((y1 - y0) * 256));
  return { cx: (x0 + x1) / 2, cy: (y0 + y1) / 2, z: Math.min(zx, zy) };
}

/** A projection for one view and viewport size. */
export interface Projection {
  view: View;
  width: number;
  height: number;
  /** lon/lat → screen pixels. */
  project: (lon: number, lat: number) => [number, number];
  /** screen pixels → lon/lat. */
  unproject: (px: number, py: number) => [number, number];
  /** Screen pixels of world (0, 0): pixel grids anchored here stay put while panning. */
  origin: [number, number];
}

export function projection(view: View, width: number, height: number): Projection {
  const s = scaleAt(view.z);
  const ox = width / 2 - view.cx * s;
  const oy = height / 2 - view.cy * s;
  return {
    view,
    width,
    height,
    origin: [ox, oy],
    project: (lon, lat) => {
      const [x, y] = toWorld(lon, lat);
      return [ox + x * s, oy + y * s];
    },
    unproject: (px, py) => fromWorld((px - ox) / s, (py - oy) / s),
  };
}

/** Graticule step (degrees) that gives lines roughly every 80–200 px. */
export function gridStep(z: number): number {
  const pxPerDeg = scaleAt(z) / 360;
  for (const step of [0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5]) if (step * pxPerDeg >= 80) return step;
  return 10;
}
