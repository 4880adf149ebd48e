import { createHash } from 'node:crypto';
import type { Database } from '../../src/db/database.js';
import { unitRepository } from '../../src/db/repositories/unit.repository.js';
import { userRepository } from '../../src/db/repositories/user.repository.js';
import type { UnitRow } from '../../src/db/schema.js';
import { loadActor } from '../../src/services/accounts/auth.service.js';
import { ManualClock } from '../../src/core/clock.js';
import type { RequestContext } from '../../src/core/context.js';
import type { PasswordHasher } from '../../src/services/accounts/crypto.js';
import { createServices, type Services } from '../../src/services/index.js';
import type { Role, UnitKind } from '../../src/shared/enums.js';
import type { FileStorage } from '../../src/storage/file-storage.js';

/**
 * A fast stand-in for argon2id so service tests spend their time on the logic
 * (one test checks the real hasher). Salted, so equal passwords differ.
 */
export const fastHasher: PasswordHasher = {
  async hash(password) {
    const salt = Math.random().toString(36).slice(2, 10);
    return `test$${salt}$${createHash('sha256')
      .update(salt + password)
      .digest('hex')}`;
  },
  async verify(hash, password) {
    const [, salt, digest] = hash.split('$');
    return (
      createHash('sha256')
        .update((salt ?? '') + password)
        .digest('hex') === digest
    );
  },
};

export const TEST_SECRET = 'test-secret-0123456789abcdef0123456789abcdef';

export interface TestEnv {
  database: Database;
  clock: ManualClock;
  services: Services;
}

/** Services over `database` with a manual clock and the fast hasher. */
export function makeEnv(
  database: Database,
  overrides: Partial<{
    mode: 'demo' | 'production';
    maxFailures: number;
    windowMinutes: number;
    auditKey: Buffer;
    auditAnchorFile: string;
    auditAnchorEvery: number;
    cityBbox: [number, number, number, number];
    photoLimitBytes: number;
    /** Notices also go out by e-mail (the outbox gets a row per address). */
    smtpUrl: string;
    /** Where files go; default a fresh temporary folder. */
    storage: FileStorage;
  }> = {},
): TestEnv {
  const clock = new ManualClock(new Date('2026-03-02T01:00:00.000Z'));
  const services = createServices(
    database,
    {
      mode: overrides.mode ?? 'demo',
      sessionSecret: TEST_SECRET,
      sessionIdleMinutes: 30,
      sessionAbsoluteHours: 12,
      lockoutMaxFailures: overrides.maxFailures ?? 5,
      lockoutWindowMinutes: overrides.windowMinutes ?? 15,
      auditKey: overrides.auditKey,
      auditAnchorFile: overrides.auditAnchorFile,
      auditAnchorEvery: overrides.auditAnchorEvery,
      cityBbox: overrides.cityBbox,
      photoLimitBytes: overrides.photoLimitBytes,
      smtpUrl: overrides.smtpUrl,
    },
    { clock, hasher: fastHasher, storage: overrides.storage },
  );
  return { database, clock, services };
}

let seq = 0;

/** Inserts a unit directly (no audit), for arranging a test. */
export async function makeUnit(
  database: Database,
  fields: { code?: string; name?: string; kind?: UnitKind; parent?: UnitRow | null } = {},
): Promise<UnitRow> {
  seq += 1;
  const now = new Date().toISOString();
  return unitRepository.insert(
    database.db,
    {
      code: fields.code ?? `U${seq}`,
      name: fields.name ?? `单位${seq}`,
      kind: fields.kind ?? (fields.parent ? 'district' : 'city'),
      parent_id: fields.parent?.id ?? null,
      leader_user_id: null,
      sort_order: 0,
      created_at: now,
      updated_at: now,
    },
    fields.parent?.path ?? null,
  );
}

/** Inserts a user with role grants directly, for arranging a test. */
export async function makeUser(
  database: Database,
  fields: { username?: string; password?: string; unit?: UnitRow | null; roles?: { role: Role; unit: UnitRow }[] } = {},
): Promise<{ id: number; username: string; password: string }> {
  seq += 1;
  const username = fields.username ?? `user${seq}`;
  const password = fields.password ?? `Correct-Horse-${seq}`;
  const now = new Date().toISOString();
  const id = await userRepository.insert(database.db, {
    username,
    display_name: `用户${seq}`,
    password_hash: await fastHasher.hash(password),
    unit_id: fields.unit?.id ?? null,
    phone: null,
    email: null,
    is_active: 1,
    locked_at: null,
    password_changed_at: now,
    created_at: now,
    updated_at: now,
  });
  await userRepository.replaceGrants(
    database.db,
    id,
    (fields.roles ?? []).map((r) => ({ role: r.role, unitId: r.unit.id })),
    now,
  );
  return { id, username, password };
}

/** A request context acting as the given user. */
export async function contextFor(database: Database, userId: number): Promise<RequestContext> {
  const row = await userRepository.byId(database.db, userId);
  if (!row) throw new Error(`no user ${userId}`);
  return { actor: await loadActor(database, row), requestId: `test-${userId}`, clientIp: '127.0.0.1' };
}

/** A small city: root, one district with a street, a department, and one user per admin role. */
export async function makeCity(database: Database) {
  const city = await makeUnit(database, { code: '411600', name: '周口市', kind: 'city' });
  const district = await makeUnit(database, { code: '411602', name: '川汇区', kind: 'district', parent: city });
  const street = await makeUnit(database, { code: '411602001', name: '陈州街街道', kind: 'street', parent: district });
  const otherDistrict = await makeUnit(database, { code: '411603', name: '淮阳区', kind: 'district', parent: city });
  const dept = await makeUnit(database, { code: 'D-CGJ', name: '市城市管理局', kind: 'department', parent: city });
  const sysadmin = await makeUser(database, { username: 'sys', unit: city, roles: [{ role: 'sysadmin', unit: city }] });
  const secadmin = await makeUser(database, { username: 'sec', unit: city, roles: [{ role: 'security_admin', unit: city }] });
  const auditor = await makeUser(database, { username: 'aud', unit: city, roles: [{ role: 'auditor', unit: city }] });
  const districtAdmin = await makeUser(database, { username: 'dadmin', unit: district, roles: [{ role: 'sysadmin', unit: district }] });
  const handler = await makeUser(database, { username: 'handler', unit: dept, roles: [{ role: 'unit_handler', unit: dept }] });
  return { city, district, street, otherDistrict, dept, sysadmin, secadmin, auditor, districtAdmin, handler };
}

/** The result of a user-service change made at once; fails the test when it was filed for approval instead. */
export function done<T>(outcome: { done: T } | { pending: unknown }): T {
  if (!('done' in outcome))
    throw new Error(`expected the change to apply at once, but it waits for approval: ${JSON.stringify(outcome.pending)}`);
  return outcome.done;
}

export interface CityWithStaff {
  env: TestEnv;
  city: Awaited<ReturnType<typeof makeCity>>;
  hq: RequestContext;
  insp: RequestContext;
  inspId: number;
}

/**
 * The services over `database` with the case policy's defaults, the test city
 * ({@link makeCity}), an HQ dispatcher and an inspector, both at the city.
 */
export async function cityWithStaff(database: Database, envOverrides: Parameters<typeof makeEnv>[1] = {}): Promise<CityWithStaff> {
  const env = makeEnv(database, envOverrides);
  await env.services.casePolicy.ensureDefaults();
  const city = await makeCity(database);
  const hq = await contextFor(
    database,
    (await makeUser(database, { unit: city.city, roles: [{ role: 'hq_dispatcher', unit: city.city }] })).id,
  );
  const inspId = (await makeUser(database, { unit: city.city, roles: [{ role: 'inspector', unit: city.city }] })).id;
  return { env, city, hq, insp: await contextFor(database, inspId), inspId };
}
