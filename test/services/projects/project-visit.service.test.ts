import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure } from '../../helpers/errors.js';
import { expectBilingual } from '../../helpers/import-said.js';
import { EARTH_RADIUS_M } from '../../../src/domain/projects/visits.js';
import { ProjectVisitService } from '../../../src/services/projects/project-visit.service.js';
import type { Project } from '../../../src/shared/contracts/projects.contract.js';
import type { LogVisitBody } from '../../../src/shared/contracts/project-visits.contract.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/db.js';
import { contextFor, makeUser } from '../../helpers/factories.js';
import { photos } from '../../helpers/images.js';
import { projectBody, projectWorld, type Person, type ProjectWorld } from './project-world.js';

/** The project's position (projectBody) and a point `m` metres north of it. */
const HOME = { lon: 114.65, lat: 33.62 };
const north = (m: number) => ({ lon: HOME.lon, lat: HOME.lat + (m / (Math.PI * EARTH_RADIUS_M)) * 180 });

for (const dialect of DIALECTS) {
  describe(`"4个1" site visits on ${dialect}`, () => {
    let database: TestDatabase;
    let w: ProjectWorld;
    let a: Project;
    let a2: Project;
    let c: Project;
    let deputy: Person;
    let stranger: Person;
    const visits = () => w.env.services.projectVisits;
    const count = async () =>
      Number(
        (
          await database.db
            .selectFrom('project_visits')
            .select((e) => e.fn.countAll().as('n'))
            .executeTakeFirst()
        )?.n,
      );
    const visit = (over: Partial<LogVisitBody> = {}): LogVisitBody => ({
      visitDate: '2026-12-01',
      place: '项目工地指挥部',
      ...north(300),
      solved: '协调解决施工用电',
      ...over,
    });

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      w = await projectWorld(database);
      // Thursday 3 December 2026, 10:00 China time (ISO week 2026-W49: 30 November – 6 December).
      w.env.clock.set(new Date('2026-12-03T02:00:00.000Z'));
      const projects = w.env.services.projects;
      a = await projects.create(w.officeA.ctx, projectBody(w));
      a2 = await projects.create(w.officeA.ctx, projectBody(w, { code: 'XM-A2', name: '凯旺电子安防设备生产基地' }));
      // A county deputy holding no project role at all leads project c, which has no position.
      const d = await makeUser(database, { unit: w.city.district });
      deputy = { id: d.id, ctx: await contextFor(database, d.id) };
      const s = await makeUser(database, { unit: w.city.district });
      stranger = { id: s.id, ctx: await contextFor(database, s.id) };
      c = await projects.create(
        w.officeA.ctx,
        projectBody(w, { code: 'XM-C', name: '厚德管廊', leaderUserId: deputy.id, lon: null, lat: null }),
      );
    });
    afterAll(async () => database.drop());

    it('the leader logs a visit 300 m from the project with photos: on site, counted, audited', async () => {
      const v = await visits().log(w.leader.ctx, a.id, visit(), await photos(2));
      expect(v).toMatchObject({
        projectId: a.id,
        leader: { id: w.leader.id },
        recordedBy: { id: w.leader.id },
        visitDate: '2026-12-01',
        week: '2026-W49',
        placeCheck: 'on_site',
        counts: true,
        distanceM: 300,
        radiusM: 1000,
      });
      expect(v.photos.map((p) => p.mime)).toEqual(['image/jpeg', 'image/jpeg']);
      const photo = await visits().photo(w.officeA.ctx, a.id, v.id, v.photos[0]!.id);
      expect(photo.mime).toBe('image/jpeg');
      const audit = await database.db.selectFrom('audit_log').select('summary').where('action', '=', 'project_visit.log').execute();
      expect(audit).toHaveLength(1);
    });

    it('both sides of the radius: 999 m on site, 1 001 m stored with its distance but flagged and not counted', async () => {
      const near = await visits().log(w.leader.ctx, a.id, visit({ ...north(999), visitDate: '2026-12-02' }));
      expect(near).toMatchObject({ placeCheck: 'on_site', distanceM: 999, counts: true });
      const far = await visits().log(w.leader.ctx, a.id, visit({ ...north(1_001), visitDate: '2026-12-02' }));
      expect(far).toMatchObject({ placeCheck: 'too_far', distanceM: 1001, counts: false });
      const none = await visits().log(w.leader.ctx, a.id, visit({ lon: null, lat: null, visitDate: '2026-12-02' }));
      expect(none).toMatchObject({ placeCheck: 'no_position', distanceM: null, counts: false });
      // The radius is configurable: 2 km makes 1 500 m on site.
      const wide = new ProjectVisitService(database, w.env.clock, w.env.services.audit, w.env.services.files, {
        weeklyTarget: 3,
        radiusM: 2_000,
      });
      expect(await wide.log(w.leader.ctx, a2.id, visit({ ...north(1_500) }))).toMatchObject({ placeCheck: 'on_site', radiusM: 2000 });
    });

    it('the projects office and the work team log on his behalf; the project unit, other counties and strangers may not', async () => {
      expect(await visits().log(w.officeA.ctx, a.id, visit({ visitDate: '2026-11-29' }))).toMatchObject({
        leader: { id: w.leader.id },
        recordedBy: { id: w.officeA.id },
      });
      expect(await visits().log(w.workA.ctx, a.id, visit({ visitDate: '2026-11-28' }))).toMatchObject({ recordedBy: { id: w.workA.id } });
      const before = await count();
      await expect(visits().log(w.ownerA.ctx, a.id, visit())).rejects.toMatchObject({ status: 403 });
      await expect(visits().log(w.workB.ctx, a.id, visit())).rejects.toMatchObject({ status: 404 });
      await expect(visits().log(w.officeB.ctx, a.id, visit())).rejects.toMatchObject({ status: 404 });
      await expect(visits().log(stranger.ctx, a.id, visit())).rejects.toMatchObject({ status: 404 });
      await expect(visits().list(stranger.ctx, a.id)).rejects.toMatchObject({ status: 404 });
      expect(await count()).toBe(before);
    });

    it('a leader without any project role logs and reads his own project; a project without position is unchecked but counted', async () => {
      const v = await visits().log(deputy.ctx, c.id, visit({ visitDate: '2026-12-03', visitTime: '09:30' }));
      expect(v).toMatchObject({ placeCheck: 'unchecked', distanceM: null, counts: true, leader: { id: deputy.id } });
      const list = await visits().list(deputy.ctx, c.id);
      expect(list.canLog).toBe(true);
      expect(list.items.map((i) => i.id)).toEqual([v.id]);
      await expect(visits().log(deputy.ctx, a.id, visit())).rejects.toMatchObject({ status: 404 });
    });

    it('bad input is refused naming the field, nothing written', async () => {
      const before = await count();
      const cases: [Partial<LogVisitBody>, string][] = [
        [{ visitDate: '2026-12-04' }, 'visitDate'],
        [{ visitDate: '2026-12-03', visitTime: '10:01' }, 'visitTime'],
        [{ lon: 114.65, lat: null }, 'lat'],
        [{ lon: null, lat: 33.62 }, 'lon'],
        [{ place: '   ' }, 'place'],
        [{ solved: ' ' }, 'solved'],
      ];
      for (const [over, field] of cases) {
        const e = await failure(visits().log(w.leader.ctx, a.id, visit(over)));
        expect(e).toMatchObject({ status: 422, details: { field } });
        // Said in Chinese for the leader's phone, not only by the code's general text.
        expectBilingual(e.details?.text, `${field}: ${e.message}`);
      }
      // 10:00 today is not in the future.
      expect(await visits().log(w.leader.ctx, a2.id, visit({ visitDate: '2026-12-03', visitTime: '10:00' }))).toMatchObject({
        counts: true,
      });
      expect(await count()).toBe(before + 1);
      const noLeader = await w.env.services.projects.create(w.officeA.ctx, projectBody(w, { code: 'XM-NL', leaderUserId: null }));
      await expect(visits().log(w.officeA.ctx, noLeader.id, visit())).rejects.toMatchObject({ status: 409, code: 'no_leader' });
    });

    it("the project's card: visits newest first, the last four weeks against the target", async () => {
      const list = await visits().list(w.ownerA.ctx, a.id);
      expect(list.canLog).toBe(false);
      expect(list.items.map((i) => i.visitDate)).toEqual([
        '2026-12-02',
        '2026-12-02',
        '2026-12-02',
        '2026-12-01',
        '2026-11-29',
        '2026-11-28',
      ]);
      expect(list.leader).toEqual({ id: w.leader.id, name: expect.any(String) });
      // W49 counts 12-01 and one of 12-02 (the far and the position-less are flagged); W48 counts 11-28 and 11-29.
      expect(list.weeks.map((x) => [x.week, x.visits, x.met])).toEqual([
        ['2026-W46', 0, false],
        ['2026-W47', 0, false],
        ['2026-W48', 2, false],
        ['2026-W49', 2, false],
      ]);
      expect((await visits().list(w.leader.ctx, a.id)).canLog).toBe(true);
    });

    it('week boundaries at Monday 00:00 China time: Sunday 23:59 is last week, Monday 00:00 this week', async () => {
      w.env.clock.set(new Date('2026-12-07T03:00:00.000Z')); // Monday 7 December, 11:00 China time
      await visits().log(w.leader.ctx, a2.id, visit({ visitDate: '2026-12-06', visitTime: '23:59' }));
      await visits().log(w.leader.ctx, a2.id, visit({ visitDate: '2026-12-07', visitTime: '00:00' }));
      const r = await visits().compliance(w.officeA.ctx, { week: '2026-W50', weeks: 2 });
      const row = r.projects.find((p) => p.projectId === a2.id)!;
      // W49: 12-01 (1 500 m, on site under the 2 km radius it was logged with), 12-03 10:00 and 12-06 23:59.
      expect(row.weeks.map((x) => [x.week, x.visits])).toEqual([
        ['2026-W49', 3],
        ['2026-W50', 1],
      ]);
      expect(row.weeks[0]!.met).toBe(true);
    });

    it('compliance per project and per leader: the target is per project, met only when each of his projects met it', async () => {
      const r = await visits().compliance(w.officeA.ctx, { week: '2026-W49', weeks: 1 });
      expect(r.target).toBe(3);
      expect(r.weeks.map((x) => x.week)).toEqual(['2026-W49']);
      const byId = new Map(r.projects.map((p) => [p.projectId, p.weeks[0]!]));
      expect(byId.get(a.id)).toMatchObject({ visits: 2, target: 3, met: false });
      expect(byId.get(a2.id)).toMatchObject({ visits: 3, target: 3, met: true });
      expect(byId.get(c.id)).toMatchObject({ visits: 1, met: false });
      const leader = r.leaders.find((l) => l.leaderId === w.leader.id)!;
      expect(leader.projects).toBe(2);
      expect(leader.weeks[0]).toMatchObject({ visits: 5, target: 6, projectsMet: 1, met: false });
      // The target is configurable: with 2 a week both of his projects meet it.
      const two = new ProjectVisitService(database, w.env.clock, w.env.services.audit, w.env.services.files, {
        weeklyTarget: 2,
        radiusM: 1_000,
      });
      const r2 = await two.compliance(w.officeA.ctx, { week: '2026-W49', weeks: 1, leader: w.leader.id });
      expect(r2.leaders).toEqual([expect.objectContaining({ leaderId: w.leader.id })]);
      expect(r2.leaders[0]!.weeks[0]).toMatchObject({ target: 4, met: true });
    });

    it('compliance shows only what the caller may read (a leader always his own); bad weeks are refused', async () => {
      expect((await visits().compliance(w.officeB.ctx, { week: '2026-W49' })).projects).toEqual([]);
      expect((await visits().compliance(w.leaderB.ctx, { week: '2026-W49' })).projects).toEqual([]);
      expect((await visits().compliance(w.officeCity.ctx, { week: '2026-W49' })).projects).toHaveLength(3);
      expect((await visits().compliance(deputy.ctx, { week: '2026-W49' })).projects.map((p) => p.projectId)).toEqual([c.id]);
      expect((await visits().compliance(w.workA.ctx, { week: '2026-W49', county: w.city.otherDistrict.id })).projects).toEqual([]);
      await expect(visits().compliance(w.officeA.ctx, { week: '2027-W53' })).rejects.toMatchObject({
        status: 422,
        details: { field: 'week' },
      });
    });

    it('a visit of today without a time is not refused before noon (it happened by now), nor after', async () => {
      const p = await w.env.services.projects.create(w.officeA.ctx, projectBody(w, { code: 'XM-AM', name: '上午走访项目' }));
      w.env.clock.set(new Date('2026-12-03T02:00:00.000Z')); // 10:00 China
      expect(await visits().log(w.leader.ctx, p.id, visit({ visitDate: '2026-12-03' }))).toMatchObject({
        visitDate: '2026-12-03',
        week: '2026-W49',
      });
      w.env.clock.set(new Date('2026-12-03T05:00:00.000Z')); // 13:00 China
      expect(await visits().log(w.leader.ctx, p.id, visit({ visitDate: '2026-12-03' }))).toMatchObject({ visitDate: '2026-12-03' });
      // A time given is still checked against now.
      await expect(visits().log(w.leader.ctx, p.id, visit({ visitDate: '2026-12-03', visitTime: '13:01' }))).rejects.toMatchObject({
        status: 422,
        details: { field: 'visitTime' },
      });
      w.env.clock.set(new Date('2026-12-03T02:00:00.000Z'));
    });
  });
}
