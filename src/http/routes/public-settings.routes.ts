import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../../services/index.js';
import { withErrors } from '../../shared/contracts/common.contract.js';
import { PublicSettingsPatch, PublicSettingsView } from '../../shared/contracts/public.contract.js';

/** HQ's settings of the public side (issue 15): public categories, pause, tracking, map, limits. */
export function publicSettingsRoutes(services: Services): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/',
      {
        config: { permission: 'case.configure' },
        schema: { tags: ['public'], summary: "HQ's settings of public reporting", response: withErrors({ 200: PublicSettingsView }) },
      },
      async (request) => services.publicSettings.get(request.ctx),
    );

    app.patch(
      '/',
      {
        config: { permission: 'case.configure' },
        schema: {
          tags: ['public'],
          summary: 'Change settings of public reporting (checked whole, audited)',
          body: PublicSettingsPatch,
          response: withErrors({ 200: PublicSettingsView }),
        },
      },
      async (request) => services.publicSettings.update(request.ctx, request.body),
    );
  };
}
