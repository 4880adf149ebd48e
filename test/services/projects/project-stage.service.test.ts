import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Project } from '../../../src/shared/contracts/projects.contract.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/db.js';
import { contextFor } from '../../helpers/factories.js';
import { pdf, photos, readAll, upload } from '../../helpers/images.js';
import { projectBody, projectWorld, type ProjectWorld } from './project-world.js';

for (const dialect of DIALECTS) {
  describe(`project stages (签约 → 达产) on ${dialect}`, () => {
    let database: TestDatabase;
    let w: ProjectWorld;
    let a: Project;
    let b: Project;
    const projects = () => w.env.services.projects;
    const stages = () => w.env.services.projectStages;
    const notices = async (kind: string) =>
      (await database.db.selectFrom('notifications').select('user_id').where('kind', '=', kind).execute()).map((r) => r.user_id);
    const audits = async (action: string) =>
      (await database.db.selectFrom('audit_log').select('summary').where('action', '=', action).execute()).length;
    const pendingId = (p: Project) => p.stages.find((s) => s.status === 'pending')!.id;

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      w = await projectWorld(database);
      w.env.clock.set(new Date('2026-03-20T02:00:00.000Z'));
      a = await projects().create(w.officeA.ctx, projectBody(w));
      b = await projects().create(
        w.officeB.ctx,
        projectBody(w, {
          code: 'XM-B',
          countyUnitId: w.city.otherDistrict.id,
          workTeamUnitId: w.teamB.id,
          members: [{ userId: w.ownerB.id }],
        }),
      );
    });
    afterAll(async () => database.drop());

    it('the project unit records 签约 with a PDF and a photo; the work team and the office are told', async () => {
      const files = [...(await photos(1, 'evidence')), upload(pdf('签约协议'), 'evidence', '签约协议.pdf')];
      a = await stages().record(w.ownerA.ctx, a.id, { stage: 'signed', actualDate: '2026-03-10', note: '在周口签约' }, files);
      expect(a.pendingStage).toBe('signed');
      expect(a.currentStage).toBe('planning');
      const rec = a.stages[0]!;
      expect(rec).toMatchObject({
        stage: 'signed',
        fromStage: 'planning',
        move: 'next',
        status: 'pending',
        actualDate: '2026-03-10',
        recordedBy: { id: w.ownerA.id },
      });
      expect(rec.files.map((f) => f.mime)).toEqual(['image/jpeg', 'application/pdf']);
      expect(rec.files[1]!.name).toBe('签约协议.pdf');
      expect(await notices('project_stage.recorded')).toEqual(expect.arrayContaining([w.workA.id, w.officeA.id, w.officeCity.id]));
      expect(await notices('project_stage.recorded')).not.toContain(w.workB.id);
      expect(await notices('project_stage.recorded')).not.toContain(w.officeB.id);
      // A second record while one awaits confirmation is refused.
      await expect(stages().record(w.ownerA.ctx, a.id, { stage: 'performing', actualDate: '2026-03-12' })).rejects.toMatchObject({
        status: 409,
        details: { field: 'stage' },
      });
    });

    it('the evidence is readable by those who see the project only', async () => {
      const rec = a.stages[0]!;
      const doc = await stages().evidence(w.workA.ctx, a.id, rec.id, rec.files[1]!.id);
      expect(doc.mime).toBe('application/pdf');
      expect((await readAll(doc.body)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect((await stages().evidence(w.leader.ctx, a.id, rec.id, rec.files[0]!.id)).mime).toBe('image/jpeg');
      for (const who of [w.ownerB, w.workB, w.officeB])
        await expect(stages().evidence(who.ctx, a.id, rec.id, rec.files[1]!.id)).rejects.toMatchObject({ status: 404 });
      // A file of another record is not reachable through this one.
      await expect(stages().evidence(w.workA.ctx, a.id, rec.id, rec.files[1]!.id + 1000)).rejects.toMatchObject({ status: 404 });
    });

    it('only the work team of the project or the county’s office confirms; confirming moves the stage', async () => {
      const rec = pendingId(a);
      await expect(stages().confirm(w.workB.ctx, a.id, rec)).rejects.toMatchObject({ status: 404 });
      await expect(stages().confirm(w.officeB.ctx, a.id, rec)).rejects.toMatchObject({ status: 404 });
      await expect(stages().confirm(w.ownerA.ctx, a.id, rec)).rejects.toMatchObject({ status: 403 });
      await expect(stages().confirm(w.leader.ctx, a.id, rec)).rejects.toMatchObject({ status: 403 });
      // A record of project A is not decided through project B.
      await expect(stages().confirm(w.officeCity.ctx, b.id, rec)).rejects.toMatchObject({ status: 404 });
      a = await stages().confirm(w.workA.ctx, a.id, rec);
      expect(a).toMatchObject({ currentStage: 'signed', currentStageDate: '2026-03-10', pendingStage: null });
      expect(a.stages[0]).toMatchObject({ status: 'confirmed', decidedBy: { id: w.workA.id } });
      expect(a.milestones[0]).toMatchObject({ stage: 'signed', actualDate: '2026-03-10' });
      expect(await notices('project_stage.confirmed')).toEqual([w.ownerA.id]);
      await expect(stages().confirm(w.workA.ctx, a.id, rec)).rejects.toMatchObject({ status: 409 });
    });

    it('skipping or going back needs a reason (422 naming reason); the day is checked on both sides', async () => {
      const before = await audits('project_stage.record');
      await expect(stages().record(w.ownerA.ctx, a.id, { stage: 'started', actualDate: '2026-03-15' })).rejects.toMatchObject({
        status: 422,
        details: { field: 'reason' },
      });
      await expect(
        stages().record(w.ownerA.ctx, a.id, { stage: 'planning', actualDate: '2026-03-15', reason: '  ' }),
      ).rejects.toMatchObject({
        status: 422,
        details: { field: 'reason' },
      });
      await expect(stages().record(w.ownerA.ctx, a.id, { stage: 'signed', actualDate: '2026-03-15' })).rejects.toMatchObject({
        details: { field: 'stage' },
      });
      // Today (China) is 2026-03-20: tomorrow is refused, today is fine; not before the current stage's day.
      await expect(stages().record(w.ownerA.ctx, a.id, { stage: 'performing', actualDate: '2026-03-21' })).rejects.toMatchObject({
        details: { field: 'actualDate' },
      });
      await expect(stages().record(w.ownerA.ctx, a.id, { stage: 'performing', actualDate: '2026-03-09' })).rejects.toMatchObject({
        details: { field: 'actualDate' },
      });
      expect(await audits('project_stage.record')).toBe(before);
      a = await stages().record(w.ownerA.ctx, a.id, { stage: 'started', actualDate: '2026-03-20', reason: '履约与开工同日完成' });
      expect(a.stages[0]).toMatchObject({ move: 'skip', reason: '履约与开工同日完成', fromStage: 'signed' });
    });

    it('a sent-back stage leaves the project where it was; the reason is required and the unit is told', async () => {
      const rec = pendingId(a);
      await expect(stages().reject(w.officeA.ctx, a.id, rec, '   ')).rejects.toMatchObject({ status: 422, details: { field: 'reason' } });
      a = await stages().reject(w.officeA.ctx, a.id, rec, '缺少施工许可证');
      expect(a).toMatchObject({ currentStage: 'signed', pendingStage: null });
      expect(a.stages[0]).toMatchObject({ status: 'rejected', decisionReason: '缺少施工许可证', decidedBy: { id: w.officeA.id } });
      expect(await notices('project_stage.rejected')).toEqual([w.ownerA.id]);
    });

    it('部分投产 counts between 开工 and 投产: 开工 → 部分投产 → 投产 needs no reason; back to 部分投产 does', async () => {
      const step = async (stage: Project['currentStage'], actualDate: string, reason?: string) => {
        a = await stages().record(w.ownerA.ctx, a.id, { stage, actualDate, ...(reason ? { reason } : {}) });
        a = await stages().confirm(w.officeCity.ctx, a.id, pendingId(a));
      };
      await step('performing', '2026-03-12');
      await step('started', '2026-03-15');
      await step('partly_producing', '2026-03-18');
      await step('producing', '2026-03-19');
      expect(a.stages.slice(0, 4).map((s) => s.move)).toEqual(['next', 'next', 'next', 'next']);
      await expect(stages().record(w.ownerA.ctx, a.id, { stage: 'partly_producing', actualDate: '2026-03-20' })).rejects.toMatchObject({
        details: { field: 'reason' },
      });
      // Going back happens after the stage it undoes: a day before 投产's is refused, naming the day.
      await expect(
        stages().record(w.ownerA.ctx, a.id, { stage: 'partly_producing', actualDate: '2026-03-18', reason: '二号车间停产检修' }),
      ).rejects.toMatchObject({ details: { field: 'actualDate' } });
      await step('partly_producing', '2026-03-20', '二号车间停产检修');
      expect(a).toMatchObject({ currentStage: 'partly_producing', currentStageDate: '2026-03-20' });
      expect(a.stages[0]).toMatchObject({ move: 'back' });
    });

    it('whoever recorded a stage does not confirm it', async () => {
      // A person who is both on the project's people list and in its work team.
      await database.db.insertInto('project_members').values({ project_id: b.id, user_id: w.workB.id, title: null }).execute();
      await database.db
        .insertInto('role_grants')
        .values({ user_id: w.workB.id, role: 'project_owner', unit_id: w.city.city.id, created_at: new Date().toISOString() })
        .execute();
      const both = await contextFor(database, w.workB.id);
      b = await stages().record(both, b.id, { stage: 'signed', actualDate: '2026-03-01' });
      await expect(stages().confirm(both, b.id, pendingId(b))).rejects.toMatchObject({ status: 403 });
      b = await stages().confirm(w.officeB.ctx, b.id, pendingId(b));
      expect(b.currentStage).toBe('signed');
    });

    it('终止 with a reason: a pending stage is sent back, nothing more is recorded or confirmed', async () => {
      b = await stages().record(w.ownerB.ctx, b.id, { stage: 'performing', actualDate: '2026-03-05' });
      await expect(projects().terminate(w.officeB.ctx, b.id, { version: b.version, reason: ' ' })).rejects.toMatchObject({
        details: { field: 'reason' },
      });
      await expect(projects().terminate(w.officeB.ctx, b.id, { version: b.version + 1, reason: '企业撤资' })).rejects.toMatchObject({
        status: 409,
      });
      b = await projects().terminate(w.officeB.ctx, b.id, { version: b.version, reason: '企业撤资' });
      expect(b).toMatchObject({
        status: 'terminated',
        terminationReason: '企业撤资',
        canReport: false,
        canConfirm: false,
        pendingStage: null,
      });
      expect(b.stages[0]).toMatchObject({ status: 'rejected', decisionReason: '项目已终止：企业撤资' });
      await expect(stages().record(w.ownerB.ctx, b.id, { stage: 'performing', actualDate: '2026-03-06' })).rejects.toMatchObject({
        status: 409,
        details: { field: 'status' },
      });
      expect(await notices('project.terminated')).toEqual(expect.arrayContaining([w.ownerB.id, w.workB.id]));
      expect(await audits('project.terminate')).toBe(1);
      expect((await projects().list(w.officeCity.ctx, { status: 'terminated' })).items.map((p) => p.code)).toEqual(['XM-B']);
    });
  });
}
