import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PUBLIC_SETTINGS } from '../../../src/domain/public/public-settings.js';
import { publicRepository } from '../../../src/db/repositories/public.repository.js';
import { intakeActor } from '../../../src/services/public/intake-actor.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/db.js';
import { contextFor, makeCity, makeEnv, makeUser, type TestEnv } from '../../helpers/factories.js';

for (const dialect of DIALECTS) {
  describe(`public settings and intake plumbing on ${dialect}`, () => {
    let database: TestDatabase;
    let env: TestEnv;
    let city: Awaited<ReturnType<typeof makeCity>>;

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      env = makeEnv(database);
      city = await makeCity(database);
    });
    afterAll(async () => database.drop());

    it('defaults until HQ changes them; a change is checked whole, audited, and refused for non-HQ', async () => {
      const hq = await contextFor(
        database,
        (await makeUser(database, { unit: city.city, roles: [{ role: 'hq_dispatcher', unit: city.city }] })).id,
      );
      expect(await env.services.publicSettings.get(hq)).toEqual(DEFAULT_PUBLIC_SETTINGS);
      const code = (await env.services.casePolicy.policy()).categories[0]!.code;
      const s = await env.services.publicSettings.update(hq, { categoryCodes: [code, code], trackByNumber: true });
      expect(s).toMatchObject({ categoryCodes: [code], trackByNumber: true, intakeOpen: true });
      await expect(env.services.publicSettings.update(hq, { categoryCodes: ['NOPE'] })).rejects.toMatchObject({ status: 422 });
      await expect(env.services.publicSettings.update(hq, { intakeOpen: false, pausedMessage: ' ' })).rejects.toMatchObject({
        status: 422,
      });
      await expect(env.services.publicSettings.update(hq, { powBits: 40 })).rejects.toMatchObject({ status: 422 });
      expect((await env.services.publicSettings.current()).categoryCodes).toEqual([code]);
      const audit = await database.db.selectFrom('audit_log').select('action').where('action', '=', 'public.configure').execute();
      expect(audit).toHaveLength(1);
      const citizen = await contextFor(
        database,
        (await makeUser(database, { unit: city.city, roles: [{ role: 'citizen', unit: city.city }] })).id,
      );
      await expect(env.services.publicSettings.update(citizen, { trackByNumber: false })).rejects.toMatchObject({ status: 403 });
    });

    it('rate-limit hits count per bucket and window, concurrently', async () => {
      const counts = await Promise.all(Array.from({ length: 8 }, () => publicRepository.hit(database.db, 'ip:1.2.3.4', 1000)));
      expect(counts.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(await publicRepository.hit(database.db, 'ip:1.2.3.4', 2000)).toBe(1);
      expect(await publicRepository.pruneHits(database.db, 2000)).toBe(1);
    });

    it('an intake actor is a citizen at the root, on an account nobody can log in to', async () => {
      const a = await intakeActor(database, env.clock, { kind: 'public' });
      const b = await intakeActor(database, env.clock, { kind: 'public' });
      expect(a.userId).toBe(b.userId);
      expect(a.grants).toEqual([{ role: 'citizen', unitId: city.city.id, unitPath: expect.any(String) }]);
      const k = await intakeActor(database, env.clock, { kind: 'api_key', keyId: 7, keyName: '12345热线' });
      expect(k.displayName).toBe('接口：12345热线');
      const row = await database.db.selectFrom('users').selectAll().where('id', '=', a.userId).executeTakeFirstOrThrow();
      expect(row.is_active).toBe(0);
    });
  });
}
