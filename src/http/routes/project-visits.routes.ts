import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { commandWithFiles } from '../command-body.js';
import type { Services } from '../../services/index.js';
import { Binary, IdParams, withErrors } from '../../shared/contracts/common.contract.js';
import {
  CreateProjectMeetingBody,
  MeetingActionBody,
  MeetingActionParams,
  ProjectMeeting,
  ProjectMeetingList,
  ProjectMeetingQuery,
} from '../../shared/contracts/project-meetings.contract.js';
import {
  LogVisitBody,
  ProjectVisit,
  ProjectVisitList,
  VisitCompliance,
  VisitComplianceQuery,
  VisitFileParams,
} from '../../shared/contracts/project-visits.contract.js';
import { sendFile } from './xlsx.js';

/** The multipart file field of a visit's photos. */
const PHOTO_FIELD = 'photos';

const extOf = (mime: string) => (mime === 'image/png' ? 'png' : mime === 'image/webp' ? 'webp' : 'jpg');

/**
 * "4个1" site visits under /api/projects/:id/visits. The routes ask only for a session
 * (`authenticated`): the leader in charge of a project may hold no project role at all, so
 * the service decides (the leader, or whoever reads the project; logging: the leader or the
 * projects office / work team on his behalf).
 */
export function projectVisitRoutes(services: Services): FastifyPluginAsyncTypebox {
  return async (app) => {
    const s = services.projectVisits;
    const tags = ['projects'];
    app.get(
      '/:id/visits',
      {
        config: { permission: 'authenticated' },
        schema: {
          tags,
          summary: "现场办公: a project's site visits (newest first) and its last four weeks against the target",
          params: IdParams,
          response: withErrors({ 200: ProjectVisitList }),
        },
      },
      async (request) => s.list(request.ctx, request.params.id),
    );
    app.post(
      '/:id/visits',
      {
        config: { permission: 'authenticated' },
        schema: {
          tags,
          summary:
            'Log a site visit of the leader in charge (JSON, or multipart: field "command" with this JSON + files "photos"); the position is checked against the project\'s',
          consumes: ['application/json', 'multipart/form-data'],
          params: IdParams,
          response: withErrors({ 200: ProjectVisit }),
        },
      },
      async (request) => {
        const { cmd, uploads } = await commandWithFiles<LogVisitBody>(request, LogVisitBody, [PHOTO_FIELD]);
        return s.log(request.ctx, request.params.id, cmd, uploads);
      },
    );
    app.get(
      '/:id/visits/:visitId/files/:fileId',
      {
        config: { permission: 'authenticated' },
        schema: {
          tags,
          summary: 'A photo of a site visit (without metadata)',
          params: VisitFileParams,
          response: withErrors({ 200: Binary('application/octet-stream', 'the photo (JPEG, PNG or WebP)') }),
        },
      },
      async (request, reply) => {
        const { id, visitId, fileId } = request.params;
        const { body, size, mime, name } = await s.photo(request.ctx, id, visitId, fileId);
        reply.header('cache-control', 'private, max-age=86400');
        return sendFile(reply, { body, size }, name ?? `项目${id}-现场办公${visitId}-照片${fileId}.${extOf(mime)}`, mime, 'inline');
      },
    );
  };
}

/** /api/project-visits: the compliance table. */
export function projectVisitComplianceRoutes(services: Services): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/compliance',
      {
        config: { permission: 'authenticated' },
        schema: {
          tags: ['projects'],
          summary: '"4个1" compliance per leader and per project, week by week (ISO weeks, China time) up to `week`',
          querystring: VisitComplianceQuery,
          response: withErrors({ 200: VisitCompliance }),
        },
      },
      async (request) => services.projectVisits.compliance(request.ctx, request.query),
    );
  };
}

/** /api/project-meetings: the weekly progress meetings (推进例会) and their action items. */
export function projectMeetingRoutes(services: Services): FastifyPluginAsyncTypebox {
  return async (app) => {
    const s = services.projectMeetings;
    const tags = ['projects'];
    app.get(
      '/',
      {
        config: { permission: 'project.read' },
        schema: {
          tags,
          summary: 'Progress meetings the caller may see, newest first',
          querystring: ProjectMeetingQuery,
          response: withErrors({ 200: ProjectMeetingList }),
        },
      },
      async (request) => s.list(request.ctx, request.query),
    );
    app.post(
      '/',
      {
        config: { permission: 'project.confirm' },
        schema: {
          tags,
          summary:
            'The projects office of a county or a work team records its progress meeting with attendees, decisions, projects and action items',
          body: CreateProjectMeetingBody,
          response: withErrors({ 200: ProjectMeeting }),
        },
      },
      async (request) => s.create(request.ctx, request.body),
    );
    app.get(
      '/:id',
      {
        config: { permission: 'authenticated' },
        schema: {
          tags,
          summary: 'One progress meeting with its action items',
          params: IdParams,
          response: withErrors({ 200: ProjectMeeting }),
        },
      },
      async (request) => s.get(request.ctx, request.params.id),
    );
    app.post(
      '/:id/actions/:actionId',
      {
        config: { permission: 'authenticated' },
        schema: {
          tags,
          summary: 'An action item: report done (owner unit or holder), confirm or send back (holder)',
          params: MeetingActionParams,
          body: MeetingActionBody,
          response: withErrors({ 200: ProjectMeeting }),
        },
      },
      async (request) => s.act(request.ctx, request.params.id, request.params.actionId, request.body),
    );
  };
}
