import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestContext } from '../../../src/core/context.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/db.js';
import { failure } from '../../helpers/errors.js';
import { cityWithStaff, contextFor, makeUser, type CityWithStaff } from '../../helpers/factories.js';
import { makeCampaign } from '../../helpers/assessment.js';
import { issuedLetter, publishedRun } from '../../helpers/sanctions.js';
import { expectBilingual } from '../../helpers/import-said.js';

/** The call fails with `status` and, when given, names `field` and says `zh` in Chinese (and in English). */
async function expectAppError(p: Promise<unknown>, status: number, field?: string, zh?: RegExp): Promise<void> {
  const e = await failure(p);
  expect(e.status).toBe(status);
  if (field !== undefined) expect((e.details as { field?: string } | undefined)?.field).toBe(field);
  if (zh !== undefined) {
    const text = (e.details as { text?: unknown } | undefined)?.text;
    expectBilingual(text, e.message);
    expect(text.zh).toMatch(zh);
  }
}

for (const dialect of DIALECTS) {
  describe(`奖惩 records on ${dialect}`, () => {
    let database: TestDatabase;
    let s: CityWithStaff;
    let handler: RequestContext;
    let otherHandler: RequestContext;
    let leader: RequestContext;
    let campaignId: number;
    let letterToDept: number;
    let letterToDistrict: number;
    let draftLetter: number;
    let runId: number;

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      s = await cityWithStaff(database);
      handler = await contextFor(database, s.city.handler.id);
      otherHandler = await contextFor(
        database,
        (await makeUser(database, { username: 'dh', unit: s.city.district, roles: [{ role: 'unit_handler', unit: s.city.district }] })).id,
      );
      leader = await contextFor(
        database,
        (await makeUser(database, { username: 'leader', unit: s.city.city, roles: [{ role: 'leader', unit: s.city.city }] })).id,
      );
      campaignId = await makeCampaign(database);
      letterToDept = await issuedLetter(database, s.city.dept.id, 1);
      letterToDistrict = await issuedLetter(database, s.city.district.id, 2);
      draftLetter = await issuedLetter(database, s.city.dept.id, 3, 'draft');
      runId = await publishedRun(database, campaignId, '2026-02', s.city.district.id, s.city.dept.id);
      s.env.clock.set(new Date('2026-03-12T02:00:00.000Z'));
    });
    afterAll(async () => database.drop());

    const body = (over: Record<string, unknown> = {}) => ({
      campaignId,
      unitId: s.city.dept.id,
      periodKey: '2026-02',
      kind: 'criticism' as const,
      summary: '2月考核位列黑榜，超期案件较多',
      decidedOn: '2026-03-12',
      ...over,
    });

    it('HQ records a 通报批评 linked to a letter and the black list; audited, the unit notified', async () => {
      const r = await s.env.services.sanctions.record(
        s.hq,
        body({ letterIds: [letterToDept], list: 'black', documentNumber: '周创指〔2026〕5号' }),
      );
      expect(r).toMatchObject({
        unitName: '市城市管理局',
        period: { kind: 'month', key: '2026-02', label: '2026年2月' },
        kind: 'criticism',
        decidedOn: '2026-03-12',
        documentNumber: '周创指〔2026〕5号',
        list: 'black',
        listRunId: runId,
        letters: [{ id: letterToDept, number: '周创指督〔2026〕1号', type: '督办函' }],
      });
      const audit = await database.db.selectFrom('audit_log').selectAll().where('action', '=', 'sanction.record').execute();
      expect(audit).toHaveLength(1);
      expect(JSON.parse(audit[0]!.summary)).toMatchObject({
        unitId: s.city.dept.id,
        kind: 'criticism',
        letterIds: [letterToDept],
      });
      const notes = await s.env.services.notifications.list(handler, {});
      expect(notes.items.find((n) => n.kind === 'sanction.recorded')?.title).toBe('通报批评：市城市管理局');
    });

    it('refuses bad links with 422 naming the field, and writes nothing', async () => {
      const before = await database.db
        .selectFrom('sanctions')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      await expectAppError(
        s.env.services.sanctions.record(s.hq, body({ letterIds: [letterToDistrict] })),
        422,
        'letterIds[0]',
        /^函件.+不是发给.+的$/,
      );
      await expectAppError(
        s.env.services.sanctions.record(s.hq, body({ letterIds: [letterToDept, 999_999] })),
        422,
        'letterIds[1]',
        /所选函件（999999）不存在/,
      );
      await expectAppError(s.env.services.sanctions.record(s.hq, body({ letterIds: [draftLetter] })), 422, 'letterIds[0]', /尚未印发/);
      // The dept is on the black list of 2026-02, not the red; there are no published results of 2026-01.
      await expectAppError(s.env.services.sanctions.record(s.hq, body({ list: 'red' })), 422, 'list', /不在2026年2月的红榜上（在黑榜上）/);
      await expectAppError(
        s.env.services.sanctions.record(s.hq, body({ periodKey: '2026-01', list: 'black' })),
        422,
        'list',
        /考核结果尚未发布/,
      );
      await expectAppError(
        s.env.services.sanctions.record(s.hq, body({ periodKey: '2026-13' })),
        422,
        'periodKey',
        /^“2026-13”不是有效的期间/,
      );
      await expectAppError(s.env.services.sanctions.record(s.hq, body({ campaignId: 999_999 })), 422, 'campaignId', /专项活动不存在/);
      await expectAppError(s.env.services.sanctions.record(s.hq, body({ unitId: 999_999 })), 422, 'unitId', /所选单位不存在/);
      await expectAppError(s.env.services.sanctions.record(s.hq, body({ summary: '   ' })), 422, 'summary', /请填写事由/);
      const after = await database.db
        .selectFrom('sanctions')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(before.n));
    });

    it('the decision day may be today (China time) but not tomorrow', async () => {
      // 2026-03-12T17:00Z is already 03-13 in China.
      s.env.clock.set(new Date('2026-03-12T17:00:00.000Z'));
      await expect(s.env.services.sanctions.record(s.hq, body({ kind: 'interview', decidedOn: '2026-03-13' }))).resolves.toMatchObject({
        kind: 'interview',
      });
      await expectAppError(s.env.services.sanctions.record(s.hq, body({ decidedOn: '2026-03-14' })), 422, 'decidedOn', /不能晚于今天/);
      s.env.clock.set(new Date('2026-03-12T02:00:00.000Z'));
    });

    it('a red-list commendation of the district; lists per unit and per period; a unit reads its own only', async () => {
      await s.env.services.sanctions.record(
        s.hq,
        body({ unitId: s.city.district.id, kind: 'commendation', list: 'red', summary: '2月考核位列红榜' }),
      );
      const all = await s.env.services.sanctions.list(leader, {});
      expect(all.items.map((x) => x.kind)).toEqual(['interview', 'commendation', 'criticism']);
      const perPeriod = await s.env.services.sanctions.list(leader, { periodKey: '2026-02', kind: 'commendation' });
      expect(perPeriod.items.map((x) => x.unitName)).toEqual(['川汇区']);
      const perUnit = await s.env.services.sanctions.list(s.hq, { unitId: s.city.dept.id });
      expect(perUnit.items.every((x) => x.unitId === s.city.dept.id)).toBe(true);
      expect(perUnit.items).toHaveLength(2);
      // The department's handler sees its two records, the district's handler only the commendation.
      expect((await s.env.services.sanctions.list(handler, {})).items.map((x) => x.unitName)).toEqual(['市城市管理局', '市城市管理局']);
      const mine = (await s.env.services.sanctions.list(otherHandler, {})).items;
      expect(mine.map((x) => x.kind)).toEqual(['commendation']);
      await expectAppError(s.env.services.sanctions.get(otherHandler, perUnit.items[0]!.id), 404);
      await expect(s.env.services.sanctions.get(handler, perUnit.items[0]!.id)).resolves.toMatchObject({ unitName: '市城市管理局' });
    });

    it('only HQ records; a unit and a leader may not', async () => {
      await expectAppError(s.env.services.sanctions.record(handler, body()), 403);
      await expectAppError(s.env.services.sanctions.record(leader, body()), 403);
      await expectAppError(s.env.services.sanctions.list(s.insp, {}), 403);
    });
  });
}
