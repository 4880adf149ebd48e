import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionRepository } from '../../../src/db/repositories/session.repository.js';
import { loadActor } from '../../../src/services/accounts/auth.service.js';
import { keyedHash } from '../../../src/services/accounts/crypto.js';
import type { RequestContext } from '../../../src/core/context.js';
import { userRepository } from '../../../src/db/repositories/user.repository.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/db.js';
import { makeCity, makeEnv, makeUser, TEST_SECRET, type TestEnv } from '../../helpers/factories.js';

const anon: RequestContext = { actor: null, requestId: 'auth-statements', clientIp: '10.0.0.9' };

/** Counts the statements Kysely sends through the handle it is plugged into. */
function statementCounter(): KyselyPlugin & { count: number } {
  return {
    count: 0,
    transformQuery(args) {
      this.count++;
      return args.node;
    },
    async transformResult(args) {
      return args.result;
    },
  };
}

// Every authenticated request starts with the credential check; on PostgreSQL each statement is
// a round trip (issue 16's profile), so it reads the credential, its user and grants at once.
for (const dialect of DIALECTS) {
  describe(`authenticating a request on ${dialect}`, () => {
    let database: TestDatabase;
    let env: TestEnv;
    let counted: TestEnv;
    let counter: ReturnType<typeof statementCounter>;
    let city: Awaited<ReturnType<typeof makeCity>>;

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      env = makeEnv(database);
      counter = statementCounter();
      counted = makeEnv({ ...database, db: database.db.withPlugin(counter) });
      counted.clock.set(env.clock.now());
      city = await makeCity(database);
    });
    afterAll(async () => database.drop());

    async function mintToken(userId: number, token: string): Promise<void> {
      const now = env.clock.now();
      await sessionRepository.insertToken(database.db, {
        user_id: userId,
        name: 'statements',
        token_hash: keyedHash(TEST_SECRET, token),
        prefix: token.slice(4, 12),
        created_at: now.toISOString(),
        last_used_at: now.toISOString(),
        revoked_at: null,
        expires_at: new Date(now.getTime() + 86_400_000).toISOString(),
        scopes: JSON.stringify(['unit.read']),
      });
    }

    it('a session costs one statement and carries every grant in order', async () => {
      const u = await makeUser(database, {
        unit: city.dept,
        roles: [
          { role: 'unit_handler', unit: city.dept },
          { role: 'inspector', unit: city.city },
        ],
      });
      const { token } = await env.services.auth.login(anon, u.username, u.password, null);
      counter.count = 0;
      const s = await counted.services.auth.authenticateSession(token);
      expect(counter.count).toBe(1);
      const row = await userRepository.byId(database.db, u.id);
      expect(s!.actor).toEqual(await loadActor(database, row!));
      expect(s!.actor.grants.map((g) => g.role)).toEqual(['unit_handler', 'inspector']);
    });

    it('an API token costs one statement; its owner without grants is still themselves', async () => {
      const u = await makeUser(database, { unit: city.dept, roles: [] });
      const token = 'ddt_stmtsone_token-for-the-statement-count';
      await mintToken(u.id, token);
      counter.count = 0;
      const actor = await counted.services.auth.authenticateToken(token);
      expect(counter.count).toBe(1);
      expect(actor).toMatchObject({ userId: u.id, username: u.username, grants: [], scopes: ['unit.read'] });
    });

    it('a locked or deactivated owner is refused, with a session or a token', async () => {
      const u = await makeUser(database, { unit: city.dept, roles: [{ role: 'unit_handler', unit: city.dept }] });
      const { token } = await env.services.auth.login(anon, u.username, u.password, null);
      const apiToken = 'ddt_stmtstwo_token-for-the-lock-check';
      await mintToken(u.id, apiToken);
      expect(await env.services.auth.authenticateSession(token)).not.toBeNull();
      await userRepository.update(database.db, u.id, { locked_at: env.clock.now().toISOString() });
      expect(await env.services.auth.authenticateSession(token)).toBeNull();
      expect(await env.services.auth.authenticateToken(apiToken)).toBeNull();
      await userRepository.update(database.db, u.id, { locked_at: null, is_active: 0 });
      expect(await env.services.auth.authenticateSession(token)).toBeNull();
      expect(await env.services.auth.authenticateToken(apiToken)).toBeNull();
    });
  });
}
