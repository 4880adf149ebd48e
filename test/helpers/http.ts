import type { FastifyInstance, InjectOptions, LightMyRequestResponse, RouteOptions } from 'fastify';
import type { Dialect } from '../../src/db/database.js';
import { buildApp, type AppOptions } from '../../src/http/app.js';
import { createTestDatabase, type TestDatabase } from './db.js';
import { makeCity, makeEnv, type TestEnv } from './factories.js';

/** What a login hands back: the session cookie header value and the CSRF token. */
export interface Session {
  cookie: string;
  csrf: string;
}

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  env: TestEnv;
  city: Awaited<ReturnType<typeof makeCity>>;
  /** Logs in over HTTP; fails the test when the login does not answer 200. */
  login(username: string, password: string): Promise<Session>;
  close(): Promise<void>;
}

export type AppOverrides = Partial<Omit<AppOptions, 'database' | 'services'>> & {
  env?: Parameters<typeof makeEnv>[1];
};

/** A fresh migrated database with the small city of `makeCity`, services and the HTTP app over it. */
export async function createTestApp(dialect: Dialect, overrides: AppOverrides = {}): Promise<TestApp> {
  const { env: envOverrides, ...appOverrides } = overrides;
  const database = await createTestDatabase(dialect);
  try {
    const env = makeEnv(database, envOverrides);
    const city = await makeCity(database);
    const app = await buildApp({ database, services: env.services, webDist: null, ...appOverrides });
    await app.ready();
    return {
      app,
      database,
      env,
      city,
      login: (username, password) => login(app, username, password),
      close: async () => {
        await app.close();
        await database.drop();
      },
    };
  } catch (e) {
    await database.drop();
    throw e;
  }
}

/** The `dudao_sid=…` pair from a reply's Set-Cookie header, or null. */
export function sessionCookieOf(res: LightMyRequestResponse): string | null {
  const raw = res.headers['set-cookie'];
  const list = Array.isArray(raw) ? raw : raw ? [raw] : [];
  const c = list.find((x) => x.startsWith('dudao_sid='));
  return c ? c.split(';')[0]! : null;
}

export async function login(app: FastifyInstance, username: string, password: string): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} answered ${res.statusCode}: ${res.body}`);
  const cookie = sessionCookieOf(res);
  if (!cookie) throw new Error(`login ${username} set no session cookie`);
  return { cookie, csrf: (res.json() as { csrfToken: string }).csrfToken };
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';

/** Sends a request as a logged-in user: the session cookie plus, always, the CSRF header. */
export function as(
  app: FastifyInstance,
  session: Session,
  method: Method,
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  const opts: InjectOptions = {
    method,
    url,
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, ...headers },
  };
  if (payload !== undefined) opts.payload = payload as InjectOptions['payload'];
  return app.inject(opts);
}

/** A bound form of {@link as} for one session. */
export function client(app: FastifyInstance, session: Session) {
  return {
    get: (url: string, headers?: Record<string, string>) => as(app, session, 'GET', url, undefined, headers),
    post: (url: string, payload?: unknown, headers?: Record<string, string>) => as(app, session, 'POST', url, payload, headers),
    put: (url: string, payload?: unknown, headers?: Record<string, string>) => as(app, session, 'PUT', url, payload, headers),
    patch: (url: string, payload?: unknown, headers?: Record<string, string>) => as(app, session, 'PATCH', url, payload, headers),
    delete: (url: string, headers?: Record<string, string>) => as(app, session, 'DELETE', url, undefined, headers),
  };
}

export type Client = ReturnType<typeof client>;

/** Logs in and returns a client for that user. */
export async function loginClient(t: TestApp, user: { username: string; password: string }): Promise<Client> {
  return client(t.app, await t.login(user.username, user.password));
}

/** Collects every route the app registers (final config included once the app is ready). */
export function routeCollector(): { routes: RouteOptions[]; onRoute: (route: RouteOptions) => void } {
  const routes: RouteOptions[] = [];
  return { routes, onRoute: (route) => void routes.push(route) };
}

/** Row counts of the tables a write could touch, to prove a refused request wrote nothing. */
export async function counts(database: TestDatabase): Promise<Record<string, number>> {
  const db = database.db;
  const n = async (table: 'units' | 'users' | 'role_grants' | 'audit_log' | 'sessions' | 'api_tokens') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return {
    units: await n('units'),
    users: await n('users'),
    role_grants: await n('role_grants'),
    audit_log: await n('audit_log'),
    sessions: await n('sessions'),
    api_tokens: await n('api_tokens'),
  };
}

/** Table contents that matter for "nothing was written" (counts miss in-place updates). */
export async function snapshot(database: TestDatabase): Promise<string> {
  const db = database.db;
  const units = await db.selectFrom('units').selectAll().orderBy('id').execute();
  const users = await db.selectFrom('users').selectAll().orderBy('id').execute();
  const grants = await db.selectFrom('role_grants').select(['user_id', 'role', 'unit_id']).orderBy('id').execute();
  const audit = await db.selectFrom('audit_log').select(['seq']).orderBy('seq').execute();
  return JSON.stringify({ units, users, grants, audit });
}
