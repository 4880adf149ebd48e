import { basename } from 'node:path';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../../services/index.js';
import { AuditList, AuditQuery, AuditVerify } from '../../shared/contracts/audit.contract.js';
import { withErrors } from '../../shared/contracts/common.contract.js';

export function auditRoutes(services: Services): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/',
      {
        config: { permission: 'audit.read' },
        schema: { tags: ['audit'], summary: 'Search the audit log', querystring: AuditQuery, response: withErrors({ 200: AuditList }) },
      },
      async (request) => {
        const q = request.query;
        const page = q.page ?? 1;
        const pageSize = q.pageSize ?? 20;
        return services.audit.search(request.ctx, {
          actorName: q.actor?.trim().toLowerCase() || undefined,
          actorId: q.actorId,
          action: q.action || undefined,
          targetType: q.targetType || undefined,
          targetId: q.targetId || undefined,
          from: q.from ? new Date(q.from).toISOString() : undefined,
          to: q.to ? new Date(q.to).toISOString() : undefined,
          offset: (page - 1) * pageSize,
          limit: pageSize,
        });
      },
    );

    app.get(
      '/verify',
      {
        config: { permission: 'audit.read' },
        schema: { tags: ['audit'], summary: 'Verify the keyed chain and its anchors', response: withErrors({ 200: AuditVerify }) },
      },
      async (request) => {
        const r = await services.audit.verify(request.ctx);
        // The server's file layout is no business of the browser: the anchor file by name only.
        return { ...r, anchors: { ...r.anchors, file: r.anchors.file ? basename(r.anchors.file) : null } };
      },
    );
  };
}
