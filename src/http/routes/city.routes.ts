import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../../services/index.js';
import { CityArea } from '../../shared/contracts/city.contract.js';
import { withErrors } from '../../shared/contracts/common.contract.js';

/** The city settings the web app needs: its area (maps, the location check before a report is sent). */
export function cityRoutes(services: Services): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/area',
      {
        // Public: the web app reads it before login (and the city's extent is no secret).
        config: { permission: 'public' },
        schema: {
          tags: ['city'],
          summary: "The city's area: reports and check points outside it are refused",
          response: withErrors({ 200: CityArea }),
        },
      },
      async (): Promise<CityArea> => ({ bbox: services.cityBbox }),
    );
  };
}
