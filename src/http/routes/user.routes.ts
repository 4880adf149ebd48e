import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../../services/index.js';
import type { Outcome } from '../../services/accounts/user.service.js';
import { AdminRequestRef } from '../../shared/contracts/admin-requests.contract.js';
import { Binary, IdParams, NoContent, withErrors } from '../../shared/contracts/common.contract.js';
import { ImportResult } from '../../shared/contracts/imports.contract.js';
import {
  PasswordChange,
  PasswordSet,
  RolesPut,
  UserCreate,
  UserList,
  UserPatch,
  UserQuery,
  UserRef as User,
} from '../../shared/contracts/users.contract.js';
import { exportLang, exportName, LangQuery, sendExport, sendXlsx, XLSX_TYPE, xlsxBody } from './xlsx.js';

export function userRoutes(services: Services, opts: { importLimitBytes: number }): FastifyPluginAsyncTypebox {
  return async (app) => {
    // 202: the change waits for a second administrator (三员分立); the reply is the request.
    const Pending = AdminRequestRef;
    type Reply = { status(code: number): { send(body: unknown): unknown } };
    const present = <T>(reply: Reply, outcome: Outcome<T>, ok = 200) =>
      'pending' in outcome ? reply.status(202).send(outcome.pending) : reply.status(ok).send(outcome.done);
    app.get(
      '/',
      {
        config: { permission: 'user.read' },
        schema: { tags: ['users'], summary: 'Search users', querystring: UserQuery, response: withErrors({ 200: UserList }) },
      },
      async (request) => {
        const q = request.query;
        return services.users.list(request.ctx, { q: q.q, unitId: q.unitId, role: q.role, page: q.page ?? 1, pageSize: q.pageSize ?? 20 });
      },
    );

    app.get(
      '/export',
      {
        config: { permission: 'user.read' },
        schema: {
          tags: ['users'],
          summary: 'Export users as .xlsx (no passwords; importable), in Chinese or English (lang / Accept-Language)',
          querystring: LangQuery,
          response: withErrors({ 200: Binary(XLSX_TYPE, 'the users, importable') }),
        },
      },
      async (request, reply) => {
        const lang = exportLang(request);
        return sendExport(
          reply,
          services.audit,
          await services.directory.exportUsers(request.ctx, lang),
          exportName(lang, { zh: '用户', en: 'users' }),
          'users',
        );
      },
    );

    app.get(
      '/template',
      {
        config: { permission: 'user.read' },
        schema: {
          tags: ['users'],
          summary: 'Empty .xlsx template for user import, in Chinese or English (lang / Accept-Language)',
          querystring: LangQuery,
          response: withErrors({ 200: Binary(XLSX_TYPE, 'an empty user import template') }),
        },
      },
      async (request, reply) => {
        const lang = exportLang(request);
        return sendXlsx(
          reply,
          await services.directory.template('users', lang),
          exportName(lang, { zh: '用户导入模板', en: 'users-template' }),
        );
      },
    );

    app.post(
      '/import',
      {
        config: { permission: 'user.write' },
        bodyLimit: opts.importLimitBytes,
        schema: {
          tags: ['users'],
          summary: 'Import users from .xlsx (all or nothing)',
          consumes: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
          response: withErrors({ 200: ImportResult }),
        },
      },
      async (request) => services.directory.importUsers(request.ctx, xlsxBody(request.body)),
    );

    app.post(
      '/me/password',
      {
        config: { permission: 'authenticated' },
        schema: { tags: ['users'], summary: 'Change my own password', body: PasswordChange, response: withErrors({ 204: NoContent }) },
      },
      async (request, reply) => {
        await services.users.changeOwnPassword(request.ctx, request.body.currentPassword, request.body.newPassword);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/:id',
      {
        config: { permission: 'authenticated' },
        schema: { tags: ['users'], summary: 'One user', params: IdParams, response: withErrors({ 200: User }) },
      },
      async (request) => services.users.get(request.ctx, request.params.id),
    );

    app.post(
      '/',
      {
        config: { permission: 'user.write' },
        schema: {
          tags: ['users'],
          summary: 'Create a user (202 for an administrator account)',
          body: UserCreate,
          response: withErrors({ 201: User, 202: Pending }),
        },
      },
      async (request, reply) => present(reply, await services.users.create(request.ctx, request.body), 201),
    );

    app.patch(
      '/:id',
      {
        config: { permission: 'user.write' },
        schema: {
          tags: ['users'],
          summary: 'Edit a user (202 for an administrator account)',
          params: IdParams,
          body: UserPatch,
          response: withErrors({ 200: User, 202: Pending }),
        },
      },
      async (request, reply) => present(reply, await services.users.update(request.ctx, request.params.id, request.body)),
    );

    app.put(
      '/:id/roles',
      {
        config: { permission: 'authenticated' },
        schema: {
          tags: ['users'],
          summary: 'Replace role grants (202 when an administrator role is involved)',
          params: IdParams,
          body: RolesPut,
          response: withErrors({ 200: User, 202: Pending }),
        },
      },
      async (request, reply) => present(reply, await services.users.setRoles(request.ctx, request.params.id, request.body.roles)),
    );

    app.post(
      '/:id/password',
      {
        config: { permission: 'user.security' },
        schema: {
          tags: ['users'],
          summary: "Set a new password (ends their sessions; 202 for an administrator's account)",
          params: IdParams,
          body: PasswordSet,
          response: withErrors({ 202: Pending, 204: NoContent }),
        },
      },
      async (request, reply) =>
        present(reply, await services.users.resetPassword(request.ctx, request.params.id, request.body.password), 204),
    );

    app.post(
      '/:id/lock',
      {
        config: { permission: 'user.security' },
        schema: {
          tags: ['users'],
          summary: 'Lock an account (202 for an administrator account)',
          params: IdParams,
          response: withErrors({ 200: User, 202: Pending }),
        },
      },
      async (request, reply) => present(reply, await services.users.setLocked(request.ctx, request.params.id, true)),
    );

    app.post(
      '/:id/unlock',
      {
        config: { permission: 'user.security' },
        schema: {
          tags: ['users'],
          summary: 'Unlock an account (202 for an administrator account)',
          params: IdParams,
          response: withErrors({ 200: User, 202: Pending }),
        },
      },
      async (request, reply) => present(reply, await services.users.setLocked(request.ctx, request.params.id, false)),
    );
  };
}
