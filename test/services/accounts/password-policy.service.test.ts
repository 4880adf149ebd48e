import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/db.js';
import { contextFor, makeCity, makeEnv, type TestEnv, done } from '../../helpers/factories.js';
import { failure } from '../../helpers/errors.js';
import { userRepository } from '../../../src/db/repositories/user.repository.js';

// Issue 11, point 7: the five passwords that were accepted, through the services that set passwords.
const FIVE: [string, (username: string) => string][] = [
  ['ten a', () => 'aaaaaaaaaa'],
  ['ten spaces', () => '          '],
  ['the username plus 1', (u) => `${u}1`],
  ['text with NUL', () => 'Good-Pass\u0000word'],
  ['the demo password (production)', () => 'Dudao-Demo-2026'],
];

for (const dialect of DIALECTS) {
  describe(`password policy through the services on ${dialect}`, () => {
    let database: TestDatabase;
    let demo: TestEnv;
    let production: TestEnv;
    let city: Awaited<ReturnType<typeof makeCity>>;

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      demo = makeEnv(database);
      production = makeEnv(database, { mode: 'production' });
      city = await makeCity(database);
    });
    afterAll(async () => database.drop());

    for (const [label, pw] of FIVE) {
      it(`production refuses ${label} for a new account and for a reset (422 naming password, nothing written)`, async () => {
        const sys = await contextFor(database, city.sysadmin.id);
        const username = `pw-${label.replace(/[^a-z]/g, '')}`.slice(0, 30);
        const err = await failure(
          production.services.users.create(sys, { username, displayName: '口令', password: pw(username), unitId: city.dept.id }),
        );
        expect(err.status).toBe(422);
        expect(err.details).toMatchObject({ field: 'password' });
        expect(await userRepository.byUsername(database.db, username)).toBeUndefined();
        const sec = await contextFor(database, city.secadmin.id);
        const before = (await userRepository.byId(database.db, city.handler.id))!.password_hash;
        const reset = await failure(production.services.users.resetPassword(sec, city.handler.id, pw('handler')));
        expect(reset.status).toBe(422);
        expect((await userRepository.byId(database.db, city.handler.id))!.password_hash).toBe(before);
      });
    }

    it('demo mode still accepts the demo password (the demo accounts use it), and logs in with it', async () => {
      const sys = await contextFor(database, city.sysadmin.id);
      const u = done(
        await demo.services.users.create(sys, {
          username: 'demo-like',
          displayName: '演示',
          password: 'Dudao-Demo-2026',
          unitId: city.dept.id,
        }),
      );
      const { session } = await demo.services.auth.login(
        { actor: null, requestId: 't', clientIp: '10.9.0.1' },
        'demo-like',
        'Dudao-Demo-2026',
        null,
      );
      expect(session.actor.userId).toBe(u.id);
      // Demo mode refuses the other four.
      for (const [label, pw] of FIVE.slice(0, 4)) {
        expect(
          (
            await failure(
              demo.services.users.create(sys, { username: 'demo-weak', displayName: 'x', password: pw('demo-weak'), unitId: city.dept.id }),
            )
          ).status,
          label,
        ).toBe(422);
      }
    });
  });
}
