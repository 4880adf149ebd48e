import type { Bilingual } from '../../shared/export-lang.js';

/** The city's bounding box: [min lon, min lat, max lon, max lat] (WGS-84). */
export type CityBbox = readonly [number, number, number, number];

/**
 * Why a position is refused, or null: longitude and latitude are given both or neither,
 * and lie inside the city's area. Said in both languages (cases, check points, projects).
 */
export function locationProblem(
  lon: number | null | undefined,
  lat: number | null | undefined,
  bbox: CityBbox,
): { field: 'lon' | 'lat'; text: Bilingual } | null {
  if ((lon == null) !== (lat == null)) {
    return { field: lon == null ? 'lon' : 'lat', text: { zh: '经度和纬度须同时填写或同时留空', en: 'give both lon and lat, or neither' } };
  }
  if (lon == null || lat == null) return null;
  const [minLon, minLat, maxLon, maxLat] = bbox;
  if (!Number.isFinite(lon) || lon < minLon || lon > maxLon) {
    return {
      field: 'lon',
      text: { zh: `经度须在市域范围内（${minLon}–${maxLon}）`, en: `must lie within the city area (${minLon}–${maxLon})` },
    };
  }
  if (!Number.isFinite(lat) || lat < minLat || lat > maxLat) {
    return {
      field: 'lat',
      text: { zh: `纬度须在市域范围内（${minLat}–${maxLat}）`, en: `must lie within the city area (${minLat}–${maxLat})` },
    };
  }
  return null;
}
