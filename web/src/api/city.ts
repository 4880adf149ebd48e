import type { CityArea } from '../../../src/shared/contracts/city.contract.js';
import { api } from './client.js';

export type { CityArea };

/** The city settings the server is configured with (GET /api/city/…). */
export const cityApi = {
  /** The city's area, as the server checks reports against it; public, so it is read before login too. */
  area: () => api<CityArea>('/api/city/area', { quiet: true, noAuthRedirect: true }),
};
