import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../../services/index.js';
import { AdminRequestList, AdminRequestQuery, AdminRequestRef } from '../../shared/contracts/admin-requests.contract.js';
import { IdParams, withErrors } from '../../shared/contracts/common.contract.js';

/** Admin requests: changes to administrator accounts that wait for a second administrator. */
export function adminRequestRoutes(services: Services): FastifyPluginAsyncTypebox {
  return async (app) => {
    const AdminRequest = AdminRequestRef;
    const tags = ['admin-requests'];
    app.get(
      '/',
      {
        config: { permission: 'admin.requests' },
        schema: {
          tags,
          summary: 'List admin requests, newest first',
          querystring: AdminRequestQuery,
          response: withErrors({ 200: AdminRequestList }),
        },
      },
      async (request) =>
        services.adminRequests.list(request.ctx, {
          status: request.query.status,
          page: request.query.page ?? 1,
          pageSize: request.query.pageSize ?? 20,
        }),
    );
    app.post(
      '/:id/approve',
      {
        config: { permission: 'admin.requests' },
        schema: {
          tags,
          summary: 'Approve (another administrator): the change is applied',
          params: IdParams,
          response: withErrors({ 200: AdminRequest }),
        },
      },
      async (request) => services.adminRequests.approve(request.ctx, request.params.id),
    );
    app.post(
      '/:id/reject',
      {
        config: { permission: 'admin.requests' },
        schema: { tags, summary: 'Reject (another administrator)', params: IdParams, response: withErrors({ 200: AdminRequest }) },
      },
      async (request) => services.adminRequests.reject(request.ctx, request.params.id),
    );
    app.post(
      '/:id/cancel',
      {
        config: { permission: 'admin.requests' },
        schema: { tags, summary: 'Cancel your own pending request', params: IdParams, response: withErrors({ 200: AdminRequest }) },
      },
      async (request) => services.adminRequests.cancel(request.ctx, request.params.id),
    );
  };
}
