import { describe, expect, it } from 'vitest';
import { locationProblem, type CityBbox } from '../../src/domain/geo/city-area.js';
import { expectChinese } from '../helpers/import-said.js';

const BBOX: CityBbox = [114.0, 33.0, 115.5, 34.5];

describe('locationProblem (cases, check points, projects)', () => {
  it('accepts no position, and a position inside the box including its edges', () => {
    expect(locationProblem(null, null, BBOX)).toBeNull();
    expect(locationProblem(undefined, undefined, BBOX)).toBeNull();
    expect(locationProblem(114.0, 33.0, BBOX)).toBeNull();
    expect(locationProblem(115.5, 34.5, BBOX)).toBeNull();
  });

  it('asks for both coordinates, naming the missing one', () => {
    expect(locationProblem(114.6, null, BBOX)?.field).toBe('lat');
    expect(locationProblem(undefined, 33.6, BBOX)?.field).toBe('lon');
  });

  it('refuses a point just outside each side, naming the coordinate, in both languages', () => {
    for (const [lon, lat, field] of [
      [113.999, 33.6, 'lon'],
      [115.501, 33.6, 'lon'],
      [114.6, 32.999, 'lat'],
      [114.6, 34.501, 'lat'],
      [Number.NaN, 33.6, 'lon'],
    ] as const) {
      const p = locationProblem(lon, lat, BBOX);
      expect(p?.field, `${lon},${lat}`).toBe(field);
      expect(p!.text.en).toMatch(/within the city area/);
      expectChinese(p!.text.zh);
    }
  });
});
