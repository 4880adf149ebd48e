import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LADDER, type Ladder } from '../../src/domain/letters/ladder.js';
import { DIALECTS } from '../helpers/db.js';
import { campaignOnOneStandard } from '../helpers/evaluation.js';
import { contextFor } from '../helpers/factories.js';
import { caseWorld, createTestApp, snapshot, type CaseWorld, type TestApp } from '../helpers/http.js';
import { photos } from '../helpers/images.js';

/**
 * The product's default ladder carries no city's names: outside demo mode no letter is
 * drafted, issued or swept until HQ configures the issuers, and the refusal names them.
 */
for (const dialect of DIALECTS) {
  describe(`a ladder's issuer must be configured (production mode, ${dialect})`, () => {
    let t: TestApp;
    let w: CaseWorld;
    let caseId: number;
    let campaignId: number;

    beforeAll(async () => {
      t = await createTestApp(dialect, { env: { mode: 'production' } });
      w = await caseWorld(t);
      const s = t.env.services;
      const hq = await contextFor(t.database, w.users.hq.id);
      const insp = await contextFor(t.database, w.users.insp.id);
      const r = await s.cases.report(
        insp,
        { source: 'inspection', categoryCode: 'E01-01', description: '占道经营', lon: 114.65, lat: 33.62, address: '七一路' },
        await photos(1),
      );
      for (const action of ['accept', 'dispatch'] as const) {
        const c = await s.caseQuery.get(hq, r.id);
        await s.cases.act(hq, r.id, { action, version: c.version, ...(action === 'dispatch' ? { unitId: w.units.cgj.id } : {}) }, []);
      }
      caseId = r.id;
      campaignId = await campaignOnOneStandard(s, hq);
    });
    afterAll(async () => t.close());

    it('without a configured issuer, drafting answers 422 naming what is missing, the sweep issues nothing', async () => {
      const before = await snapshot(t.database);
      const rung = await w.hq.post('/api/letters', { unitId: w.units.cgj.id, type: '提醒函', caseIds: [caseId] });
      expect(rung.statusCode, rung.body).toBe(422);
      const err = rung.json<{ error: string; message: string; details: { field: string; problems: { field: string }[] } }>();
      expect(err.error).toBe('ladder_not_configured');
      expect(err.message).toMatch(/^the escalation ladder is not configured: /);
      expect(err.message).toContain('ladder.rungs[0].issuer.name');
      expect(err.message).toContain('ladder.rungs[0].issuer.code');
      expect(err.details.field).toBe('ladder');
      expect(err.details.problems.map((p) => p.field)).toEqual(
        expect.arrayContaining(['ladder.rungs[0].issuer.name', 'ladder.rungs[2].recipient.unitCode', 'ladder.handLetters.issuer.code']),
      );
      // Each with its code, for the web to say it in the UI's language.
      expect(err.details.problems).toContainEqual({
        field: 'ladder.rungs[0].issuer.name',
        code: 'issuer_name_missing',
        params: {},
        message: 'the issuer name must not be empty',
      });
      // A hand letter of another type is refused the same way: its issuer (handLetters) is not configured either.
      const hand = await w.hq.post('/api/letters', { unitId: w.units.cgj.id, type: '工作联系函', caseIds: [caseId] });
      expect(hand.statusCode, hand.body).toBe(422);
      expect(hand.body).toContain('ladder.handLetters.issuer.name');
      // The sweep fails with the same message rather than issue letters without an issuer.
      await expect(t.env.services.escalation.sweep(new Date('2026-04-01T01:00:00Z'))).rejects.toMatchObject({
        status: 422,
        code: 'ladder_not_configured',
      });
      expect(await snapshot(t.database)).toBe(before);
      // HQ sees the default ladder with the blanks to fill in.
      const shown = await w.hq.get(`/api/campaigns/${campaignId}/ladder`);
      expect(shown.statusCode, shown.body).toBe(200);
      expect(shown.json()).toEqual(DEFAULT_LADDER);
    });

    it('once HQ configures the issuers, letters are issued under them', async () => {
      const issuer = (code: string) => ({ name: '某市创建全国文明城市指挥部', code });
      const codes: Record<string, string> = { reminder: '某创提', supervision: '某创督', accountability: '某创责' };
      const ladder: Ladder = {
        rungs: DEFAULT_LADDER.rungs.map((r) => ({
          ...r,
          issuer: issuer(codes[r.key]!),
          recipient: r.recipient.kind === 'office' ? { kind: 'leader_in_charge' } : r.recipient,
        })),
        handLetters: { ...DEFAULT_LADDER.handLetters!, issuer: issuer('某创函') },
      };
      const put = await w.hq.put(`/api/campaigns/${campaignId}/ladder`, ladder);
      expect(put.statusCode, put.body).toBe(200);
      const draft = await w.hq.post('/api/letters', { unitId: w.units.cgj.id, type: '提醒函', caseIds: [caseId] });
      expect(draft.statusCode, draft.body).toBe(201);
      expect(draft.json()).toMatchObject({ issuerName: '某市创建全国文明城市指挥部', issuerCode: '某创提' });
      const issued = await w.hq.post(`/api/letters/${draft.json<{ id: number }>().id}/issue`, {});
      expect(issued.statusCode, issued.body).toBe(200);
      expect(issued.json()).toMatchObject({ number: '某创提〔2026〕1号' });
    });
  });
}
