import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestContext } from '../../../src/core/context.js';
import { briefingDocument } from '../../../src/domain/briefings/briefing-document.js';
import { chinaDay } from '../../../src/domain/calendar/work-calendar.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/db.js';
import { cityWithStaff, contextFor, makeUser, type CityWithStaff } from '../../helpers/factories.js';
import { photos } from '../../helpers/images.js';

const HOUR = 3_600_000;

for (const dialect of DIALECTS) {
  describe(`action items (交办事项) on ${dialect}`, () => {
    let database: TestDatabase;
    let s: CityWithStaff;
    let handler: RequestContext;
    let head: RequestContext;
    let otherHandler: RequestContext;
    let leader: RequestContext;
    let meetingId: number;
    const ids: Record<'A' | 'B' | 'C', number> = { A: 0, B: 0, C: 0 };

    const svc = () => s.env.services.actionItems;
    const audits = async (action: string) =>
      (await database.db.selectFrom('audit_log').select('target_id').where('action', '=', action).execute()).map((r) => r.target_id);
    const notices = async (kind: string) =>
      (await database.db.selectFrom('notifications').select('user_id').where('kind', '=', kind).execute()).map((r) => r.user_id);

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      s = await cityWithStaff(database);
      handler = await contextFor(database, s.city.handler.id);
      head = await contextFor(
        database,
        (await makeUser(database, { unit: s.city.dept, roles: [{ role: 'unit_head', unit: s.city.dept }] })).id,
      );
      otherHandler = await contextFor(
        database,
        (await makeUser(database, { unit: s.city.otherDistrict, roles: [{ role: 'unit_handler', unit: s.city.otherDistrict }] })).id,
      );
      leader = await contextFor(
        database,
        (await makeUser(database, { unit: s.city.city, roles: [{ role: 'leader', unit: s.city.city }] })).id,
      );
      // The meeting of Tuesday 2026-03-10 uses the briefing of the week 03-02 – 03-08, published.
      s.env.clock.set(new Date('2026-03-10T01:00:00.000Z'));
      const draft = await s.env.services.briefings.generate(s.hq, {});
      meetingId = (await s.env.services.briefings.publish(s.hq, draft.id, draft.version)).id;
    });
    afterAll(async () => database.drop());

    it('HQ assigns items from the meeting; bad input names the field; units are told', async () => {
      const base = { briefingId: meetingId, title: '清理七一路暴露垃圾', unitId: s.city.dept.id, dueDate: '2026-03-13', dueTime: '18:00' };
      const a = await svc().create(s.hq, { ...base, detail: '本周内清理完毕并建立长效机制' });
      expect(a).toMatchObject({
        briefingId: meetingId,
        briefingNumber: '2026年第1期',
        unitName: '市城市管理局',
        dueAt: '2026-03-13T10:00:00.000Z',
        status: 'open',
        progress: 'in_progress',
        canDecide: false,
        canEscalate: false,
        letters: [],
      });
      ids.A = a.id;
      ids.B = (await svc().create(s.hq, { ...base, title: '整治占道经营', dueDate: '2026-03-12', dueTime: undefined })).id;
      ids.C = (
        await svc().create(s.hq, { ...base, title: '淮阳区背街小巷整治', unitId: s.city.otherDistrict.id, dueDate: '2026-03-20' })
      ).id;

      await expect(svc().create(handler, base)).rejects.toMatchObject({ status: 403 });
      await expect(svc().create(s.hq, { ...base, title: '   ' })).rejects.toMatchObject({ status: 422, details: { field: 'title' } });
      await expect(svc().create(s.hq, { ...base, dueDate: '2026-03-09' })).rejects.toMatchObject({
        status: 422,
        details: { field: 'dueDate', text: { zh: '期限已过，请选择今后的日期或时间' } },
      });
      await expect(svc().create(s.hq, { ...base, briefingId: 999_999 })).rejects.toMatchObject({ details: { field: 'briefingId' } });
      await expect(svc().create(s.hq, { ...base, unitId: 999_999 })).rejects.toMatchObject({ details: { field: 'unitId' } });

      expect(await notices('action_item.assigned')).toEqual(expect.arrayContaining([s.city.handler.id, head.actor!.userId]));
      expect(await notices('action_item.assigned')).not.toContain(leader.actor!.userId);
      expect((await audits('action_item.create')).length).toBe(3);
    });

    it('units see only their own items, leaders and HQ all', async () => {
      expect((await svc().list(handler)).items.map((i) => i.id)).toEqual([ids.B, ids.A]);
      expect((await svc().list(otherHandler)).items.map((i) => i.id)).toEqual([ids.C]);
      expect((await svc().list(leader)).items.map((i) => i.id).sort()).toEqual([ids.A, ids.B, ids.C].sort());
      expect((await svc().list(s.hq, { briefingId: meetingId })).items).toHaveLength(3);
      expect((await svc().list(s.hq, { unitId: s.city.otherDistrict.id })).items.map((i) => i.id)).toEqual([ids.C]);
      await expect(svc().get(handler, ids.C)).rejects.toMatchObject({ status: 404 });
      await expect(svc().list(handler, { unitId: s.city.otherDistrict.id })).rejects.toMatchObject({ status: 403 });
      // Leaders read, they do not act.
      const seen = await svc().get(leader, ids.A);
      expect([seen.canReport, seen.canDecide, seen.canEscalate]).toEqual([false, false, false]);
      expect((await svc().get(handler, ids.A)).canReport).toBe(true);
    });

    it('is in progress 1 h before its deadline and overdue 1 h after it', async () => {
      const due = Date.parse('2026-03-13T10:00:00.000Z');
      s.env.clock.set(new Date(due - HOUR));
      expect((await svc().get(s.hq, ids.A)).progress).toBe('in_progress');
      expect((await svc().list(s.hq, { progress: 'overdue' })).items.map((i) => i.id)).toEqual([ids.B]);
      s.env.clock.set(new Date(due + HOUR));
      expect((await svc().get(s.hq, ids.A)).progress).toBe('overdue');
      expect((await svc().list(s.hq, { progress: 'overdue' })).items.map((i) => i.id)).toEqual([ids.B, ids.A]);
    });

    it('the unit reports done with evidence, HQ sends it back with a reason, then confirms it', async () => {
      s.env.clock.set(new Date('2026-03-13T06:00:00.000Z'));
      const a = await svc().get(handler, ids.A);
      await expect(svc().report(s.hq, ids.A, { version: a.version, note: '已清理' })).rejects.toMatchObject({ status: 403 });
      await expect(svc().report(otherHandler, ids.A, { version: a.version, note: '已清理' })).rejects.toMatchObject({ status: 404 });
      await expect(svc().report(handler, ids.A, { version: a.version + 5, note: '已清理' })).rejects.toMatchObject({ status: 409 });
      await expect(svc().report(handler, ids.A, { version: a.version, note: '  ' })).rejects.toMatchObject({
        details: { field: 'note', text: { zh: '请填写办理情况' } },
      });
      const reported = await svc().report(handler, ids.A, { version: a.version, note: '已清理，见照片' }, await photos(2, 'evidence'));
      expect(reported).toMatchObject({ status: 'reported', reportNote: '已清理，见照片', canReport: false });
      expect(reported.files).toHaveLength(2);
      expect(reported.reportedBy?.id).toBe(s.city.handler.id);
      expect(await notices('action_item.reported')).toContain(s.hq.actor!.userId);
      const photo = await svc().evidence(leader, ids.A, reported.files[0]!.id);
      expect(photo.mime).toMatch(/^image\//);
      await expect(svc().evidence(otherHandler, ids.A, reported.files[0]!.id)).rejects.toMatchObject({ status: 404 });
      await expect(svc().evidence(s.hq, ids.B, reported.files[0]!.id)).rejects.toMatchObject({ status: 404 });

      // A unit cannot decide on its own report; HQ sends it back with a reason.
      await expect(svc().confirm(handler, ids.A, reported.version)).rejects.toMatchObject({ status: 403 });
      await expect(svc().sendBack(s.hq, ids.A, reported.version, ' ')).rejects.toMatchObject({
        details: { field: 'reason', text: { zh: '请填写退回理由' } },
      });
      const back = await svc().sendBack(s.hq, ids.A, reported.version, '照片未体现长效机制');
      expect(back).toMatchObject({ status: 'open', returnReason: '照片未体现长效机制' });
      expect(await notices('action_item.returned')).toContain(s.city.handler.id);
      await expect(svc().confirm(s.hq, ids.A, back.version)).rejects.toMatchObject({ status: 409, code: 'invalid_transition' });

      s.env.clock.set(new Date('2026-03-13T08:00:00.000Z'));
      const again = await svc().report(head, ids.A, { version: back.version, note: '已建立门前三包长效机制' });
      s.env.clock.set(new Date('2026-03-14T02:00:00.000Z'));
      const done = await svc().confirm(s.hq, ids.A, again.version);
      // Done as of the accepted report, before the deadline, although confirmed after it.
      expect(done).toMatchObject({ status: 'done', progress: 'done', doneAt: '2026-03-13T08:00:00.000Z' });
      expect(done.files).toHaveLength(2);
      await expect(svc().report(handler, ids.A, { version: done.version, note: 'x' })).rejects.toMatchObject({ status: 409 });
      for (const action of ['action_item.report', 'action_item.return', 'action_item.confirm'])
        expect(await audits(action)).toContain(String(ids.A));
    });

    it('an overdue item is escalated through the ladder: 提醒函, 督办函, then a 问责函 awaiting approval', async () => {
      const esc = s.env.services.escalateActionItem;
      // B is due at the end of 2026-03-12 (China): 1 h before, no letter.
      s.env.clock.set(new Date(Date.parse('2026-03-12T16:00:00.000Z') - HOUR));
      const b = await svc().get(s.hq, ids.B);
      expect(b.canEscalate).toBe(false);
      await expect(esc.escalate(s.hq, ids.B, b.version)).rejects.toMatchObject({ status: 409, code: 'not_overdue' });
      s.env.clock.set(new Date(Date.parse('2026-03-12T16:00:00.000Z') + HOUR));
      expect((await svc().get(s.hq, ids.B)).canEscalate).toBe(true);
      await expect(esc.escalate(handler, ids.B, b.version)).rejects.toMatchObject({ status: 403 });

      const first = await esc.escalate(s.hq, ids.B, b.version);
      expect(first.letters).toHaveLength(1);
      expect(first.letters[0]).toMatchObject({ type: '提醒函', status: 'issued' });
      expect(first.letters[0]!.number).toMatch(/〔2026〕\d+号$/);
      const letter = await s.env.services.letters.get(handler, first.letters[0]!.id);
      expect(letter.unitId).toBe(s.city.dept.id);
      expect(letter.body.join('')).toContain('“整治占道经营”');
      expect(letter.body.join('')).toContain('2026年3月12日前办结');
      expect(await notices('letter.issued')).toContain(s.city.handler.id);
      // A stale version loses.
      await expect(esc.escalate(s.hq, ids.B, b.version)).rejects.toMatchObject({ status: 409 });

      const second = await esc.escalate(s.hq, ids.B, first.version);
      expect(second.letters.map((l) => [l.type, l.status])).toEqual([
        ['提醒函', 'issued'],
        ['督办函', 'issued'],
      ]);
      const third = await esc.escalate(s.hq, ids.B, second.version);
      expect(third.letters[2]).toMatchObject({ type: '问责函', status: 'pending_approval', number: null });
      expect(third.canEscalate).toBe(false);
      await expect(esc.escalate(s.hq, ids.B, third.version)).rejects.toMatchObject({ status: 409, code: 'letter_pending' });
      expect((await audits('action_item.escalate')).filter((t) => t === String(ids.B))).toHaveLength(3);
      // The unit sees its item's issued letters, not the one awaiting approval.
      expect((await svc().get(handler, ids.B)).letters.map((l) => l.type)).toEqual(['提醒函', '督办函']);
      expect((await svc().get(leader, ids.B)).letters).toHaveLength(3);
    });

    it('the next briefing reports the items of the last meeting as 完成 / 逾期 / 进行中 at its period end', async () => {
      // Tuesday 2026-03-17: the briefing of the week 03-09 – 03-15.
      s.env.clock.set(new Date('2026-03-17T01:00:00.000Z'));
      const next = await s.env.services.briefings.generate(s.hq, {});
      expect(next.from).toBe('2026-03-09');
      expect(next.content.actionItems.map((a) => [a.title, a.unitName, a.progress, a.doneAt])).toEqual([
        ['整治占道经营', '市城市管理局', 'overdue', null],
        ['清理七一路暴露垃圾', '市城市管理局', 'done', '2026-03-13T08:00:00.000Z'],
        ['淮阳区背街小巷整治', '淮阳区', 'in_progress', null],
      ]);
      // The document's table says the same in words.
      const doc = briefingDocument(next, (iso) => chinaDay(new Date(iso)));
      const section = doc.sections.find((x) => x.heading.endsWith('上次会议交办事项落实情况'))!;
      expect(section.paragraphs[0]).toBe('上次会议交办事项3项，截至本期末已完成1项，逾期未完成1项，正在办理1项。');
      expect(section.table!.rows).toEqual([
        ['整治占道经营', '市城市管理局', '2026年3月12日', '逾期', ''],
        ['清理七一路暴露垃圾', '市城市管理局', '2026年3月13日', '完成', '2026年3月13日'],
        ['淮阳区背街小巷整治', '淮阳区', '2026年3月20日', '进行中', ''],
      ]);
      // The meeting's own briefing reports none (no published briefing before it).
      expect((await s.env.services.briefings.get(s.hq, meetingId)).content.actionItems).toEqual([]);
    });
  });
}
