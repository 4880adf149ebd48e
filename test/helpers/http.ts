import { existsSync, readdirSync } from 'node:fs';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse, RouteOptions } from 'fastify';
import type { Dialect } from '../../src/db/database.js';
import type { UnitRow } from '../../src/db/schema.js';
import { buildApp, type AppOptions } from '../../src/http/app.js';
import type { Role } from '../../src/shared/enums.js';
import { createTestDatabase, type TestDatabase } from './db.js';
import { makeCity, makeEnv, makeUnit, makeUser, type TestEnv } from './factories.js';

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
    const app = await buildApp({ database, services: env.services, webDist: null, checkReplies: true, ...appOverrides });
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
  return { cookie, csrf: res.json<{ csrfToken: string }>().csrfToken };
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
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
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

/** One part of a hand-built multipart body: a field (string) or a file (`filename` given). */
export interface FormPart {
  name: string;
  value: string | Buffer;
  filename?: string;
  type?: string;
}

const FORM_BOUNDARY = '----dudaoCaseTestBoundary9f3k2';

/**
 * A multipart/form-data body built by hand, as a browser sends it: payload and the
 * content-type header, ready for {@link client} (`c.post(url, f.payload, f.headers)`).
 * `close: false` leaves out the closing boundary (a malformed body).
 */
export function multipartForm(parts: FormPart[], opts: { close?: boolean } = {}): { payload: Buffer; headers: Record<string, string> } {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ''}`;
    const type = p.type ?? (p.filename !== undefined ? 'application/octet-stream' : undefined);
    chunks.push(Buffer.from(`--${FORM_BOUNDARY}\r\nContent-Disposition: ${disposition}\r\n${type ? `Content-Type: ${type}\r\n` : ''}\r\n`));
    chunks.push(Buffer.isBuffer(p.value) ? p.value : Buffer.from(p.value));
    chunks.push(Buffer.from('\r\n'));
  }
  if (opts.close !== false) chunks.push(Buffer.from(`--${FORM_BOUNDARY}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${FORM_BOUNDARY}` } };
}

/** A multipart body of a `command` JSON field plus image files (`photos` unless the part says otherwise). */
export function commandForm(command: unknown, files: (Buffer | FormPart)[] = []): { payload: Buffer; headers: Record<string, string> } {
  return multipartForm([
    { name: 'command', value: JSON.stringify(command), type: 'application/json' },
    ...files.map((f, i) => (Buffer.isBuffer(f) ? { name: 'photos', filename: `photo${i}.jpg`, type: 'image/jpeg', value: f } : f)),
  ]);
}

/** Row counts of the case tables, to prove a refused case request wrote nothing. */
export async function caseCounts(database: TestDatabase): Promise<Record<string, number>> {
  const db = database.db;
  const n = async (table: 'cases' | 'case_events' | 'files' | 'notifications' | 'case_aggregates' | 'audit_log') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    cases: await n('cases'),
    case_events: await n('case_events'),
    files: await n('files'),
    notifications: await n('notifications'),
    case_aggregates: await n('case_aggregates'),
    audit_log: await n('audit_log'),
  };
}

/**
 * The folder the services' FileService stores into (a LocalFileStorage: makeEnv
 * gives each test app a fresh temporary one). Reads private fields: tests only.
 */
export function storageRoot(services: TestEnv['services']): string {
  const storage = (services.files as unknown as { storage?: { root?: unknown } }).storage;
  if (typeof storage?.root !== 'string') throw new Error('the file service does not use a LocalFileStorage');
  return storage.root;
}

/** How many files (temporary ones included) lie under `root`; 0 when it does not exist yet. */
export function storedFileCount(root: string): number {
  if (!existsSync(root)) return 0;
  return readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
}

/**
 * People and units for case-workflow HTTP tests, on top of `createTestApp`'s city:
 * seeds the default categories and calendar, adds the unit the default rules name
 * for 市容环境 cases (411600-CGJ) with a handler, a second department (411600-JTJ)
 * with a handler, and logs in an HQ dispatcher, two inspectors, both handlers,
 * the city's own handler (unrelated to either department) and a citizen.
 */
export async function caseWorld(t: TestApp) {
  await t.env.services.casePolicy.ensureDefaults();
  const { city } = t.city;
  const cgj = await makeUnit(t.database, { code: '411600-CGJ', name: '城管局（案卷测试）', kind: 'department', parent: city });
  const jtj = await makeUnit(t.database, { code: '411600-JTJ', name: '交通局（案卷测试）', kind: 'department', parent: city });
  const user = (unit: UnitRow, role: Role) => makeUser(t.database, { unit, roles: [{ role, unit }] });
  const users = {
    hq: await user(city, 'hq_dispatcher'),
    insp: await user(city, 'inspector'),
    insp2: await user(city, 'inspector'),
    handler: await user(cgj, 'unit_handler'),
    jtjHandler: await user(jtj, 'unit_handler'),
    citizen: await user(city, 'citizen'),
  };
  return {
    units: { city, cgj, jtj },
    users,
    hq: await loginClient(t, users.hq),
    insp: await loginClient(t, users.insp),
    insp2: await loginClient(t, users.insp2),
    handler: await loginClient(t, users.handler),
    jtjHandler: await loginClient(t, users.jtjHandler),
    /** The city's handler of 市城市管理局 (D-CGJ): a unit handler with no part in these cases. */
    outsider: await loginClient(t, t.city.handler),
    citizen: await loginClient(t, users.citizen),
  };
}

export type CaseWorld = Awaited<ReturnType<typeof caseWorld>>;
