/**
 * The Open311 service and API keys below HTTP (issue 15 points 6 and 7): the case service takes
 * a key's source only when a service vouches for it; the spec's date window on both sides of
 * its 90-day limit; the key's rate on both sides of its limit; the presenter's times.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intakeActor } from '../../../src/services/public/intake-actor.js';
import { Open311Error } from '../../../src/services/public/open311.service.js';
import { parseW3, w3Time } from '../../../src/services/public/open311.presenter.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/db.js';
import { cityWithStaff, type CityWithStaff } from '../../helpers/factories.js';

describe('Open311 times', () => {
  it('writes w3 datetimes with the Beijing offset and reads dates, Z and offsets', () => {
    expect(w3Time('2026-03-02T01:00:00.000Z')).toBe('2026-03-02T09:00:00+08:00');
    expect(w3Time('2026-03-01T16:30:05.123Z')).toBe('2026-03-02T00:30:05+08:00');
    expect(parseW3('2026-03-02')?.toISOString()).toBe('2026-03-01T16:00:00.000Z');
    expect(parseW3('2026-03-02T09:00:00+08:00')?.toISOString()).toBe('2026-03-02T01:00:00.000Z');
    expect(parseW3('2026-03-02T01:00Z')?.toISOString()).toBe('2026-03-02T01:00:00.000Z');
    expect(parseW3('2026-03-02T01:00:00.5-05:00')?.toISOString()).toBe('2026-03-02T06:00:00.500Z');
    for (const bad of ['yesterday', '2026-13-01', '2026-03-02T01:00:00', '2026-03-02 01:00:00Z', '']) expect(parseW3(bad)).toBeNull();
  });
});

for (const dialect of DIALECTS) {
  describe(`Open311 service on ${dialect}`, () => {
    let database: TestDatabase;
    let w: CityWithStaff;
    let secret: string;

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      w = await cityWithStaff(database);
      await w.env.services.publicSettings.update(w.hq, { categoryCodes: ['E01-01'] });
      secret = (await w.env.services.apiKeys.issue(w.hq, { name: '热线', source: 'hotline', ratePerMinute: 3 })).secret;
    });
    afterAll(async () => database.drop());

    it('a citizen-role account reports with a non-citizen source only when a service vouches for that source', async () => {
      const { env } = w;
      const key = (await env.services.apiKeys.authenticate(secret))!;
      const actor = await intakeActor(database, env.clock, { kind: 'api_key', keyId: key.id, keyName: key.name });
      expect(actor.username).toBe('key:热线');
      const ctx = { actor, requestId: 't', clientIp: null };
      const input = { source: 'hotline' as const, categoryCode: 'E01-01', description: '接口上报', address: '八一路' };
      await expect(env.services.cases.report(ctx, input, [])).rejects.toMatchObject({ status: 422 });
      await expect(env.services.cases.report(ctx, input, [], undefined, { vouchedSource: 'video' })).rejects.toMatchObject({ status: 422 });
      const ok = await env.services.cases.report(ctx, input, [], undefined, { vouchedSource: 'hotline' });
      const row = await database.db.selectFrom('cases').select('source').where('id', '=', ok.id).executeTakeFirstOrThrow();
      expect(row.source).toBe('hotline');
      // Still the intake account, on which nobody logs in.
      const user = await database.db
        .selectFrom('users')
        .select(['username', 'is_active'])
        .where('id', '=', actor.userId)
        .executeTakeFirstOrThrow();
      expect(user).toEqual({ username: `api-key-${key.id}`, is_active: 0 });
    });

    it('GET requests window: exactly 90 days is accepted, a second more is refused; a start after the end is refused', async () => {
      const o = w.env.services.open311;
      await expect(o.list({ start_date: '2026-01-01T00:00:00Z', end_date: '2026-04-01T00:00:00Z' })).resolves.toBeInstanceOf(Array);
      await expect(o.list({ start_date: '2026-01-01T00:00:00Z', end_date: '2026-04-01T00:00:01Z' })).rejects.toMatchObject({ status: 400 });
      await expect(o.list({ start_date: '2026-02-01', end_date: '2026-01-01' })).rejects.toBeInstanceOf(Open311Error);
      // Only a start: the 90 days after it; only an end: the 90 days before it.
      await expect(o.list({ start_date: '2025-01-01' })).resolves.toEqual([]);
      await expect(o.list({ end_date: '2025-01-01' })).resolves.toEqual([]);
    });

    it('a key’s rate: the limit-th call in a minute passes, the next is 429 until the next window', async () => {
      const o = w.env.services.open311;
      w.env.clock.advance(60_000 - (w.env.clock.now().getTime() % 60_000));
      for (let i = 0; i < 3; i++) await expect(o.useKey(secret, true)).resolves.toMatchObject({ name: '热线' });
      const err = await o.useKey(secret, true).catch((e: unknown) => e);
      expect(err).toMatchObject({ status: 429, retryAfter: 60 });
      w.env.clock.advance(59_999);
      await expect(o.useKey(secret, true)).rejects.toMatchObject({ status: 429, retryAfter: 1 });
      w.env.clock.advance(1);
      await expect(o.useKey(secret, true)).resolves.toMatchObject({ name: '热线' });
      await expect(o.useKey(undefined, false)).resolves.toBeNull();
      await expect(o.useKey(undefined, true)).rejects.toMatchObject({ status: 403 });
    });
  });
}
