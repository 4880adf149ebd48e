import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LADDER } from '../../src/demo/demo-ladder.js';
import { DIALECTS } from '../helpers/db.js';
import { campaignOnOneStandard } from '../helpers/evaluation.js';
import { contextFor, makeUser } from '../helpers/factories.js';
import { caseWorld, createTestApp, loginClient, snapshot, type CaseWorld, type Client, type TestApp } from '../helpers/http.js';
import { photos } from '../helpers/images.js';

for (const dialect of DIALECTS) {
  describe(`letter routes on ${dialect}`, () => {
    let t: TestApp;
    let w: CaseWorld;
    let districtHq: Client;
    let caseId: number;
    let otherCaseId: number;
    let campaignId: number;

    beforeAll(async () => {
      t = await createTestApp(dialect);
      w = await caseWorld(t);
      const s = t.env.services;
      const hq = await contextFor(t.database, w.users.hq.id);
      const insp = await contextFor(t.database, w.users.insp.id);
      const dispatched = async (unitId: number) => {
        const r = await s.cases.report(
          insp,
          { source: 'inspection', categoryCode: 'E01-01', description: '占道经营', lon: 114.65, lat: 33.62, address: '七一路' },
          await photos(1),
        );
        for (const action of ['accept', 'dispatch'] as const) {
          const c = await s.caseQuery.get(hq, r.id);
          await s.cases.act(hq, r.id, { action, version: c.version, ...(action === 'dispatch' ? { unitId } : {}) }, []);
        }
        return r.id;
      };
      caseId = await dispatched(w.units.cgj.id);
      otherCaseId = await dispatched(w.units.jtj.id);
      districtHq = await loginClient(
        t,
        await makeUser(t.database, { unit: t.city.district, roles: [{ role: 'hq_dispatcher', unit: t.city.district }] }),
      );
      campaignId = await campaignOnOneStandard(s, hq);
    });
    afterAll(async () => t.close());

    it('drafts, previews, issues, serves DOCX and PDF; the unit sees it, signs once and replies', async () => {
      const draft = await w.hq.post('/api/letters', { unitId: w.units.cgj.id, type: '督办函', caseIds: [caseId] });
      expect(draft.statusCode, draft.body).toBe(201);
      const d = draft.json<{ id: number; number: string | null; status: string; version: number; rungKey: string }>();
      expect(d).toMatchObject({ number: null, status: 'draft', rungKey: 'supervision' });
      // A draft is HQ's working paper: the unit does not see it yet.
      expect((await w.handler.get(`/api/letters/${d.id}`)).statusCode).toBe(404);
      const preview = await w.hq.get(`/api/letters/${d.id}/document`);
      expect(preview.json<{ number: string; bodyParagraphs: string[] }>()).toMatchObject({ number: '（草稿）' });
      expect(preview.json<{ bodyParagraphs: string[] }>().bodyParagraphs.join('')).toContain('督办');

      const issued = await w.hq.post(`/api/letters/${d.id}/issue`, { version: d.version });
      expect(issued.statusCode, issued.body).toBe(200);
      expect(issued.json()).toMatchObject({ number: '周创指督〔2026〕1号', state: 'issued' });
      // A second 督办函 for the same case is refused when issued.
      const again = (await w.hq.post('/api/letters', { unitId: w.units.cgj.id, rungKey: 'supervision', caseIds: [caseId] })).json<{
        id: number;
      }>();
      const dup = await w.hq.post(`/api/letters/${again.id}/issue`, {});
      expect(dup.statusCode).toBe(409);

      const docx = await w.hq.get(`/api/letters/${d.id}/letter.docx`);
      expect(docx.statusCode).toBe(200);
      expect(docx.headers['content-type']).toContain('wordprocessingml');
      const xml = await (await JSZip.loadAsync(docx.rawPayload)).file('word/document.xml')!.async('string');
      expect(xml).toContain('周创指督〔2026〕1号');
      const pdf = await w.hq.get(`/api/letters/${d.id}/letter.pdf`);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

      expect((await w.handler.get('/api/letters/unsigned-count')).json()).toEqual({ count: 1 });
      expect((await w.handler.get(`/api/letters/${d.id}`)).json()).toMatchObject({ state: 'issued', cases: [{ id: caseId }] });
      const seen = await w.handler.post(`/api/letters/${d.id}/delivered`);
      expect(seen.json()).toMatchObject({ state: 'delivered', cases: [{ id: caseId }] });
      const signed = await w.handler.post(`/api/letters/${d.id}/sign`, {});
      expect(signed.json()).toMatchObject({ state: 'signed' });
      expect((await w.handler.get('/api/letters/unsigned-count')).json()).toEqual({ count: 0 });
      const replied = await w.handler.post(`/api/letters/${d.id}/reply`, { reply: '已全部整改到位' });
      expect(replied.json()).toMatchObject({ state: 'replied', reply: '已全部整改到位' });

      const ledger = await w.hq.get('/api/letters/ledger.xlsx');
      expect(ledger.statusCode).toBe(200);
      expect(ledger.headers['content-disposition']).toContain("filename*=UTF-8''");
    });

    it('refuses bad input with a clear 4xx and writes nothing', async () => {
      const issued = (await w.hq.get('/api/letters?state=replied')).json<{ items: { id: number }[] }>().items[0]!;
      const before = await snapshot(t.database);
      const rung = DEMO_LADDER.rungs[0]!;
      const cases: [string, () => ReturnType<Client['get']>, number, string][] = [
        [
          'rung with no recipient',
          () => w.hq.put(`/api/campaigns/${campaignId}/ladder`, { rungs: [{ ...rung, recipient: null }] }),
          422,
          'ladder.rungs[0].recipient',
        ],
        [
          'negative count',
          () => w.hq.put(`/api/campaigns/${campaignId}/ladder`, { rungs: [{ ...rung, triggers: [{ kind: 'overdue', workingDays: -1 }] }] }),
          422,
          'ladder.rungs[0].triggers[0].workingDays',
        ],
        [
          'unknown office',
          () =>
            w.hq.put(`/api/campaigns/${campaignId}/ladder`, {
              rungs: [{ ...rung, recipient: { kind: 'office', unitCode: 'NOPE', name: '某办公室' } }],
            }),
          422,
          'ladder.rungs[0].recipient.unitCode',
        ],
        ['no cases', () => w.hq.post('/api/letters', { unitId: w.units.cgj.id, type: '提醒函', caseIds: [] }), 422, 'caseIds'],
        [
          'case of another unit',
          () => w.hq.post('/api/letters', { unitId: w.units.cgj.id, type: '提醒函', caseIds: [otherCaseId] }),
          422,
          'caseIds',
        ],
        [
          'unit outside scope',
          () => districtHq.post('/api/letters', { unitId: w.units.cgj.id, type: '提醒函', caseIds: [caseId] }),
          403,
          '',
        ],
        ['wrong unit signs', () => w.jtjHandler.post(`/api/letters/${issued.id}/sign`, {}), 404, ''],
        ['signs twice', () => w.handler.post(`/api/letters/${issued.id}/sign`, {}), 409, 'already'],
        ['withdraw without reason', () => w.hq.post(`/api/letters/${issued.id}/withdraw`, { reason: ' ' }), 422, 'reason'],
        [
          'bad reply date',
          () => w.hq.post('/api/letters', { unitId: w.units.cgj.id, type: '提醒函', caseIds: [caseId], replyBy: '2026-13-40' }),
          422,
          'replyBy',
        ],
        ['unknown rung', () => w.hq.post('/api/letters', { unitId: w.units.cgj.id, rungKey: 'nope', caseIds: [caseId] }), 422, 'rungKey'],
        ['bad state filter', () => w.hq.get('/api/letters?state=lost'), 400, 'state'],
        ['handler drafts', () => w.handler.post('/api/letters', { unitId: w.units.cgj.id, type: '提醒函', caseIds: [caseId] }), 403, ''],
      ];
      for (const [what, call, status, text] of cases) {
        const res = await call();
        expect(res.statusCode, `${what}: ${res.body}`).toBe(status);
        if (text) expect(res.body, what).toContain(text);
      }
      // What HQ can get past the draft form is said in Chinese too.
      const said = async (call: () => ReturnType<Client['get']>) =>
        (await call()).json<{ details: { text?: { zh: string } } }>().details.text?.zh;
      expect(await said(() => w.hq.post('/api/letters', { unitId: w.units.cgj.id, type: '提醒函', caseIds: [] }))).toBe(
        '函件须至少涉及一件案卷',
      );
      expect(await said(() => w.hq.post('/api/letters', { unitId: w.units.cgj.id, type: '提醒函', caseIds: [otherCaseId] }))).toMatch(
        /^案卷 \d{4}-\d{6} 不由该单位办理$/,
      );
      expect(await said(() => w.hq.post(`/api/letters/${issued.id}/withdraw`, { reason: ' ' }))).toBe('请填写撤回原因');
      // Each ladder problem carries a stable code and the values its message quotes (for clients
      // to say it in their language), the domain's and the service's alike.
      type Refusal = { details: { problems: unknown[] } };
      const negative = await w.hq.put(`/api/campaigns/${campaignId}/ladder`, {
        rungs: [{ ...rung, triggers: [{ kind: 'overdue', workingDays: -1 }] }],
      });
      expect(negative.json<Refusal>().details.problems).toEqual([
        {
          field: 'ladder.rungs[0].triggers[0].workingDays',
          code: 'negative',
          params: { value: -1 },
          message: 'must not be negative, got -1',
        },
      ]);
      const office = await w.hq.put(`/api/campaigns/${campaignId}/ladder`, {
        rungs: [{ ...rung, recipient: { kind: 'office', unitCode: 'NOPE', name: '某办公室' } }],
      });
      expect(office.json<Refusal>().details.problems).toEqual([
        { field: 'ladder.rungs[0].recipient.unitCode', code: 'office_not_found', params: { code: 'NOPE' }, message: 'unit NOPE not found' },
      ]);
      expect(await snapshot(t.database)).toBe(before);
    });

    it('keeps a valid ladder and withdraws a letter without reusing its number', async () => {
      const ladder = {
        rungs: DEMO_LADDER.rungs.map((r) => (r.recipient.kind === 'office' ? { ...r, recipient: { kind: 'leader_in_charge' } } : r)),
      };
      const put = await w.hq.put(`/api/campaigns/${campaignId}/ladder`, ladder);
      expect(put.statusCode, put.body).toBe(200);
      expect((await w.hq.get(`/api/campaigns/${campaignId}/ladder`)).json()).toEqual(ladder);
      const d = (await w.hq.post('/api/letters', { unitId: w.units.jtj.id, type: '提醒函', caseIds: [otherCaseId] })).json<{
        id: number;
      }>();
      const first = (await w.hq.post(`/api/letters/${d.id}/issue`, {})).json<{ number: string }>();
      const withdrawn = await w.hq.post(`/api/letters/${d.id}/withdraw`, { reason: '对象有误' });
      expect(withdrawn.json()).toMatchObject({ state: 'withdrawn', withdrawReason: '对象有误', number: first.number });
      // The unit still sees it, as withdrawn.
      expect((await w.jtjHandler.get(`/api/letters/${d.id}`)).json()).toMatchObject({ state: 'withdrawn' });
      const d2 = (await w.hq.post('/api/letters', { unitId: w.units.jtj.id, type: '提醒函', caseIds: [otherCaseId] })).json<{
        id: number;
      }>();
      const second = (await w.hq.post(`/api/letters/${d2.id}/issue`, {})).json<{ number: string }>();
      expect([first.number, second.number]).toEqual(['周创指提〔2026〕1号', '周创指提〔2026〕2号']);
    });

    it('records delivery only by an explicit POST of the recipient, never by a GET (CSRF-checked, idempotent, audited)', async () => {
      // Issue 13: a 问责函 waits for the leader's approval by default; this test is about delivery, so its ladder issues at once.
      const stored = (await w.hq.get(`/api/campaigns/${campaignId}/ladder`)).json<{ rungs: { key: string }[] }>();
      const noApproval = stored.rungs.map((r) => (r.key === 'accountability' ? { ...r, approval: { required: false } } : r));
      expect((await w.hq.put(`/api/campaigns/${campaignId}/ladder`, { ...stored, rungs: noApproval })).statusCode).toBe(200);
      const d = (await w.hq.post('/api/letters', { unitId: w.units.cgj.id, type: '问责函', caseIds: [caseId] })).json<{ id: number }>();
      expect((await w.hq.post(`/api/letters/${d.id}/issue`, {})).statusCode).toBe(200);
      const deliveries = () =>
        t.database.db
          .selectFrom('audit_log')
          .select('target_id')
          .where('action', '=', 'letter.deliver')
          .where('target_id', '=', String(d.id))
          .execute();
      // Reading, as often as anyone likes, changes nothing (a cross-site link is a GET).
      for (let i = 0; i < 2; i++) {
        const read = await w.handler.get(`/api/letters/${d.id}`);
        expect(read.json(), read.body).toMatchObject({ state: 'issued', deliveredAt: null });
      }
      expect((await w.handler.get(`/api/letters/${d.id}/document`)).statusCode).toBe(200);
      expect(
        (await t.database.db.selectFrom('letters').select('delivered_at').where('id', '=', d.id).executeTakeFirstOrThrow()).delivered_at,
      ).toBeNull();

      // Without the CSRF header (a forged cross-site form), the cookie alone is refused.
      const handlerSession = await t.login(w.users.handler.username, w.users.handler.password);
      const forged = await t.app.inject({
        method: 'POST',
        url: `/api/letters/${d.id}/delivered`,
        headers: { cookie: handlerSession.cookie },
      });
      expect(forged.statusCode).toBe(403);
      expect(forged.json()).toMatchObject({ error: 'csrf_failed' });
      // Not the recipient: another unit does not see it, HQ may not record delivery for the unit.
      expect((await w.jtjHandler.post(`/api/letters/${d.id}/delivered`)).statusCode).toBe(404);
      expect((await w.hq.post(`/api/letters/${d.id}/delivered`)).statusCode).toBe(403);
      expect((await w.citizen.post(`/api/letters/${d.id}/delivered`)).statusCode).toBe(403);
      expect(await deliveries()).toHaveLength(0);

      const first = await w.handler.post(`/api/letters/${d.id}/delivered`);
      expect(first.statusCode, first.body).toBe(200);
      const deliveredAt = first.json<{ deliveredAt: string }>().deliveredAt;
      expect(first.json()).toMatchObject({ state: 'delivered' });
      expect(deliveredAt).not.toBeNull();
      // Twice is once: same time, one audit record.
      const again = await w.handler.post(`/api/letters/${d.id}/delivered`);
      expect(again.json()).toMatchObject({ state: 'delivered', deliveredAt });
      expect(await deliveries()).toHaveLength(1);
      // A draft is not delivered to anyone (the unit does not even see it).
      const draft = (await w.hq.post('/api/letters', { unitId: w.units.cgj.id, type: '问责函', caseIds: [caseId] })).json<{ id: number }>();
      expect((await w.handler.post(`/api/letters/${draft.id}/delivered`)).statusCode).toBe(404);
    });

    it('numbers a hand letter of a type that is no rung in its own series, and the rung keeps its own', async () => {
      // The ladder stored by the test above has no handLetters: a 测试函 cannot borrow a rung's 代字.
      const refused = await w.hq.post('/api/letters', { unitId: w.units.cgj.id, type: '测试函', caseIds: [caseId] });
      expect(refused.statusCode, refused.body).toBe(422);
      expect(refused.json<{ message: string }>().message).toMatch(/^type: 测试函 is no rung/);
      expect(refused.json<{ details: { text: { zh: string } } }>().details.text.zh).toMatch(/^“测试函”不是督办阶梯中的函件/);
      const ladder = (await w.hq.get(`/api/campaigns/${campaignId}/ladder`)).json<{ rungs: unknown[] }>();
      const shared = await w.hq.put(`/api/campaigns/${campaignId}/ladder`, {
        ...ladder,
        handLetters: { issuer: { name: '周口市创建全国文明城市指挥部', code: '周创指提' }, replyWorkingDays: 5 },
      });
      expect(shared.statusCode).toBe(422);
      expect(shared.body).toContain('ladder.handLetters.issuer.code');
      const handLetters = { issuer: { name: '周口市创建全国文明城市指挥部', code: '周创指函' }, replyWorkingDays: 5 };
      expect((await w.hq.put(`/api/campaigns/${campaignId}/ladder`, { ...ladder, handLetters })).statusCode).toBe(200);

      const issueHand = async (type: string) => {
        const draft = await w.hq.post('/api/letters', { unitId: w.units.cgj.id, type, caseIds: [caseId] });
        expect(draft.statusCode, draft.body).toBe(201);
        expect(draft.json()).toMatchObject({ type, rungKey: null, issuerCode: '周创指函' });
        const issued = await w.hq.post(`/api/letters/${draft.json<{ id: number }>().id}/issue`, {});
        expect(issued.statusCode, issued.body).toBe(200);
        return issued.json<{ number: string; title: string }>();
      };
      const test = await issueHand('测试函');
      expect(test).toMatchObject({ number: '周创指函〔2026〕1号', title: '关于城管局（案卷测试）问题整改情况的测试函' });
      // Another type of hand letter continues the same 代字's series (the number names no type).
      expect((await issueHand('工作联系函')).number).toBe('周创指函〔2026〕2号');
      // The rung's series is untouched: the next 提醒函 follows the two issued above.
      const reminder = (await w.hq.post('/api/letters', { unitId: w.units.cgj.id, type: '提醒函', caseIds: [caseId] })).json<{
        id: number;
      }>();
      const r = await w.hq.post(`/api/letters/${reminder.id}/issue`, {});
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json()).toMatchObject({ number: '周创指提〔2026〕3号', rungKey: 'reminder' });
    });
  });
}
