import { Type, type Static } from '@sinclair/typebox';

/** The city's area as the server refuses reports outside it (config DUDAO_CITY_BBOX; in demo mode the demo city's). */
export const CityArea = Type.Object({
  bbox: Type.Tuple([Type.Number(), Type.Number(), Type.Number(), Type.Number()], {
    description: '[minLon, minLat, maxLon, maxLat] in degrees',
  }),
});
export type CityArea = Static<typeof CityArea>;
