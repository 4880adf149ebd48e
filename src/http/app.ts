import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type RouteOptions,
} from 'fastify';
import type { Database } from '../db/database.js';
import type { Services } from '../services/index.js';
import { lazySwaggerUi, registerLazySwagger } from './api-docs.js';
import { registerMultipart } from './multipart.js';
import { registerAuth } from './plugins/auth.plugin.js';
import { cityRoutes } from './routes/city.routes.js';
import { caseRoutes, fileRoutes } from './routes/case.routes.js';
import { ownSatisfactionRoutes, publicSatisfactionRoutes, satisfactionRoutes } from './routes/satisfaction.routes.js';
import { registerErrorHandler } from './plugins/errors.plugin.js';
import { registerReplyCheck } from './plugins/reply-check.plugin.js';
import { publicPage, registerSecurityHeaders } from './plugins/security-headers.plugin.js';
import { auditRoutes } from './routes/audit.routes.js';
import { authRoutes } from './routes/auth.routes.js';
import { healthRoutes } from './routes/health.routes.js';
import { apiKeyRoutes } from './routes/api-key.routes.js';
import { open311Routes } from './routes/open311.routes.js';
import { notificationRoutes } from './routes/notification.routes.js';
import { unitRoutes } from './routes/unit.routes.js';
import { userRoutes } from './routes/user.routes.js';
import { adminRequestRoutes } from './routes/admin-request.routes.js';
import { AdminRequest } from '../shared/contracts/admin-requests.contract.js';
import { checkpointRoutes } from './routes/checkpoint.routes.js';
import { frameworkRoutes } from './routes/framework.routes.js';
import { assessmentModelRoutes } from './routes/assessment.routes.js';
import { assessmentResultsRoutes } from './routes/assessment-results.routes.js';
import { ladderRoutes, letterRoutes } from './routes/letter.routes.js';
import { briefingRoutes } from './routes/briefing.routes.js';
import { actionItemRoutes } from './routes/action-item.routes.js';
import { sanctionRoutes } from './routes/sanction.routes.js';
import { projectBatchRoutes, projectRoutes } from './routes/project.routes.js';
import { projectObstacleListRoutes, projectObstacleRoutes } from './routes/project-obstacles.routes.js';
import { projectIoRoutes } from './routes/project-io.routes.js';
import { projectInvestmentRoutes, projectReportRoutes } from './routes/project-investment.routes.js';
import { projectMeetingRoutes, projectVisitComplianceRoutes, projectVisitRoutes } from './routes/project-visits.routes.js';
import { projectRollupRoutes } from './routes/project-rollups.routes.js';
import { campaignRoutes } from './routes/campaign.routes.js';
import { inspectionRoutes } from './routes/inspection.routes.js';
import { resultsRoutes } from './routes/results.routes.js';
import { dashboardRoutes } from './routes/dashboard.routes.js';
import { publicRoutes } from './routes/public.routes.js';
import { publicSettingsRoutes } from './routes/public-settings.routes.js';
import { lazySchemaCompilers } from './validation.js';
import { dateKeywordPlugin, idKeywordPlugin, registerFiniteGuard, registerNulGuard } from './input-guards.js';
import { XLSX_TYPE } from './routes/xlsx.js';
import { ErrorReply } from '../shared/contracts/common.contract.js';
import { Unit } from '../shared/contracts/units.contract.js';
import { User } from '../shared/contracts/users.contract.js';

export interface AppOptions {
  database: Database;
  services: Services;
  /** A pino logger; without one the app logs nothing (tests). */
  logger?: FastifyBaseLogger;
  /** Log every request's completion at info; otherwise at debug (config `logRequests`). */
  logRequests?: boolean;
  bodyLimitBytes?: number;
  importLimitBytes?: number;
  /** Largest photo, bytes (multipart uploads); the file service's limit (config photoLimitBytes) when absent. */
  photoLimitBytes?: number;
  /** Folder for the temporary files of uploads (serve: `<data dir>/tmp/uploads`); default a folder in the OS temp dir. */
  uploadTmpDir?: string;
  sessionAbsoluteHours?: number;
  trustProxy?: boolean;
  /** Origins the web app may load images from besides itself (a map tile server); added to its CSP img-src. */
  cspImgSrc?: readonly string[];
  /** Folder of the built web app; served with SPA fallback when present. */
  webDist?: string | null;
  /** Sees every route as it is registered (added as the first onRoute hook; tests list routes with it). */
  onRoute?: (route: RouteOptions) => void;
  /**
   * Compile every route's validation and serialization schema when the app gets ready,
   * so a schema that does not compile fails the start. Off by default: each schema is
   * compiled on its first use, which keeps the start short (validation.ts).
   */
  compileSchemasAtStart?: boolean;
  /** Check every reply against its route's response schema (plugins/reply-check.plugin.ts); tests turn it on. */
  checkReplies?: boolean;
}

/** The default location of the built web app, relative to this file in src/ or dist/. */
export const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

/**
 * Fastify's request lines (incoming, completed) at debug rather than info: a demo run
 * keeps its start banner in view instead of scrolling it away with a line per request.
 * Errors keep their levels.
 */
class DebugRequestLogController extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    if (!this.isLogDisabled(request)) request.log.debug({ req: request }, 'incoming request');
  }
  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error || this.isLogDisabled(request)) return super.requestCompleted(error, request, reply);
    reply.log.debug({ res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}

/** Marks every route a third-party plugin registers inside this scope as public. */
function publicScope(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    route.config = { ...(route.config ?? {}), permission: 'public' };
  });
}

/** Builds the HTTP application. It does not listen; the caller does. */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const importLimitBytes = opts.importLimitBytes ?? 10 * 1024 * 1024;
  const compilers = lazySchemaCompilers();
  const app = Fastify({
    ...(opts.logger ? { loggerInstance: opts.logger } : { logger: false }),
    ...(opts.logRequests ? {} : { logController: new DebugRequestLogController() }),
    bodyLimit: opts.bodyLimitBytes ?? 1024 * 1024,
    trustProxy: opts.trustProxy ?? false,
    requestIdHeader: 'x-request-id',
    genReqId: () => crypto.randomUUID(),
    ajv: {
      customOptions: { removeAdditional: false, coerceTypes: true, useDefaults: true, allErrors: false },
      plugins: [idKeywordPlugin, dateKeywordPlugin],
    },
    // …but only for query strings and params: JSON bodies are validated as sent.
    // Both compile each route's schema on first use rather than all of them at start (validation.ts).
    schemaController: { compilersFactory: { buildValidator: compilers.buildValidator, buildSerializer: compilers.buildSerializer } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  if (opts.compileSchemasAtStart) {
    app.addHook('onReady', async () => compilers.compilePending());
  }
  if (opts.onRoute) app.addHook('onRoute', opts.onRoute);

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // Before every plugin and route, so each scope, the 404 handler and error replies get them.
  registerSecurityHeaders(app, { imgSrc: opts.cspImgSrc ?? [] });
  app.addContentTypeParser(XLSX_TYPE, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  registerErrorHandler(app);
  if (opts.checkReplies) registerReplyCheck(app);
  registerNulGuard(app);
  registerFiniteGuard(app);
  await app.register(fastifyCookie);
  registerAuth(app, opts.services);
  // The file service's limits (config photoLimitBytes), unless a test narrows them here.
  const fileLimits = opts.services.files.limits;
  await registerMultipart(
    app,
    { maxBytes: opts.photoLimitBytes ?? fileLimits.maxBytes, maxFiles: fileLimits.maxFiles },
    opts.uploadTmpDir ? { tmpDir: opts.uploadTmpDir } : {},
  );

  // @fastify/swagger and swagger-ui, loaded on first use of the document or the UI (api-docs.ts).
  registerLazySwagger(app, {
    // Prefixed `/` routes are registered as `/api/units/`; document them as the contract spells them.
    transform: ({ schema, url }) => ({ schema, url: url.length > 1 ? url.replace(/\/$/, '') : url }),
    openapi: {
      info: {
        title: 'Dudao 督导 API',
        version: '0.1.0',
        description: 'Supervision platform API. Log in with POST /api/auth/login; send x-csrf-token on cookie-authenticated writes.',
      },
      components: {
        securitySchemes: { cookie: { type: 'apiKey', in: 'cookie', name: 'dudao_sid' }, bearer: { type: 'http', scheme: 'bearer' } },
      },
    },
  });
  app.addSchema(ErrorReply);
  app.addSchema(Unit);
  app.addSchema(User);
  app.addSchema(AdminRequest);
  await app.register(async (scope) => {
    publicScope(scope);
    await scope.register(lazySwaggerUi(app, { routePrefix: '/api/docs' }), { prefix: '/api/docs' });
  });

  await app.register(healthRoutes(opts.database));
  app.get('/api/openapi.json', { config: { permission: 'public' }, schema: { hide: true } }, async () => app.swagger());
  await app.register(authRoutes(opts.services, { sessionAbsoluteHours: opts.sessionAbsoluteHours ?? 12 }), { prefix: '/api/auth' });
  await app.register(unitRoutes(opts.services, { importLimitBytes }), { prefix: '/api/units' });
  await app.register(userRoutes(opts.services, { importLimitBytes }), { prefix: '/api/users' });
  await app.register(adminRequestRoutes(opts.services), { prefix: '/api/admin-requests' });
  await app.register(auditRoutes(opts.services), { prefix: '/api/audit' });
  await app.register(notificationRoutes(opts.services), { prefix: '/api/notifications' });
  await app.register(caseRoutes(opts.services), { prefix: '/api/cases' });
  await app.register(ownSatisfactionRoutes(opts.services), { prefix: '/api/cases' });
  await app.register(publicSatisfactionRoutes(opts.services), { prefix: '/api/public' });
  await app.register(satisfactionRoutes(opts.services), { prefix: '/api/satisfaction' });
  await app.register(fileRoutes(opts.services), { prefix: '/api/files' });
  await app.register(frameworkRoutes(opts.services, { importLimitBytes }), { prefix: '/api/frameworks' });
  await app.register(checkpointRoutes(opts.services, { importLimitBytes }), { prefix: '/api/checkpoints' });
  await app.register(inspectionRoutes(opts.services), { prefix: '/api/inspections' });
  await app.register(resultsRoutes(opts.services), { prefix: '/api/results' });
  await app.register(campaignRoutes(opts.services), { prefix: '/api/campaigns' });
  await app.register(ladderRoutes(opts.services), { prefix: '/api/campaigns' });
  await app.register(letterRoutes(opts.services), { prefix: '/api/letters' });
  await app.register(briefingRoutes(opts.services), { prefix: '/api/briefings' });
  await app.register(actionItemRoutes(opts.services), { prefix: '/api/action-items' });
  await app.register(sanctionRoutes(opts.services), { prefix: '/api/sanctions' });
  await app.register(dashboardRoutes(opts.services), { prefix: '/api/dashboard' });
  await app.register(cityRoutes(opts.services), { prefix: '/api/city' });
  await app.register(assessmentModelRoutes(opts.services), { prefix: '/api/assessment/models' });
  await app.register(assessmentResultsRoutes(opts.services), { prefix: '/api/assessment' });
  await app.register(projectRoutes(opts.services), { prefix: '/api/projects' });
  await app.register(projectIoRoutes(opts.services), { prefix: '/api/projects' });
  await app.register(projectBatchRoutes(opts.services), { prefix: '/api/project-batches' });
  await app.register(projectInvestmentRoutes(opts.services), { prefix: '/api/projects' });
  await app.register(projectReportRoutes(opts.services), { prefix: '/api/project-reports' });
  await app.register(projectVisitRoutes(opts.services), { prefix: '/api/projects' });
  await app.register(projectVisitComplianceRoutes(opts.services), { prefix: '/api/project-visits' });
  await app.register(projectMeetingRoutes(opts.services), { prefix: '/api/project-meetings' });
  await app.register(projectObstacleRoutes(opts.services), { prefix: '/api/projects' });
  await app.register(projectObstacleListRoutes(opts.services), { prefix: '/api/project-obstacles' });
  await app.register(projectRollupRoutes(opts.services), { prefix: '/api/project-rollups' });
  await app.register(publicRoutes(opts.services), { prefix: '/api/public' });
  await app.register(publicSettingsRoutes(opts.services), { prefix: '/api/public-settings' });
  await app.register(apiKeyRoutes(opts.services), { prefix: '/api/api-keys' });
  // Open311 GeoReport v2 answers in the spec's format, with its own error and not-found handlers.
  await app.register(open311Routes(opts.services), { prefix: '/open311/v2' });

  const webDist = opts.webDist === undefined ? DEFAULT_WEB_DIST : opts.webDist;
  const serveWeb = Boolean(webDist && existsSync(webDist));
  if (serveWeb) {
    await app.register(async (scope) => {
      publicScope(scope);
      // Wildcard: files built after start are served too; a missing file falls through to the SPA shell.
      await scope.register(fastifyStatic, { root: webDist!, wildcard: true, index: ['index.html'] });
    });
  }
  // Client-side routes (/admin/units, …) get the app shell, the citizens' pages their own
  // small one (publicPage); unknown API paths stay 404 JSON.
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (serveWeb && request.method === 'GET' && !path.startsWith('/api/') && !/\.[a-z0-9]+$/i.test(path)) {
      return reply
        .header('cache-control', 'no-cache')
        .type('text/html; charset=utf-8')
        .send(readFileSync(join(webDist!, publicPage(path) ? 'public.html' : 'index.html')));
    }
    return reply.status(404).send({ statusCode: 404, error: 'not_found', message: `no route ${request.method} ${path}` });
  });
  return app;
}
