import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src/http/app.js';
import { unitRepository } from '../../../src/db/repositories/unit.repository.js';
import { chinaDay } from '../../../src/domain/calendar/work-calendar.js';
import { DEMO_PASSWORD } from '../../../src/demo/demo-city.js';
import { DEMO_PROJECT_FIGURES, reportYear, XIHUA_CODE } from '../../../src/demo/demo-projects-data.js';
import type { ProjectRollupSummary } from '../../../src/shared/contracts/project-rollups.contract.js';
import type { ProjectInvestment } from '../../../src/shared/contracts/project-investment.contract.js';
import { demoProjectSpecs } from '../../../src/demo/demo-projects.js';
import { DEMO_OBSTACLES, demoMeetings, mondayOf, visitedProjects } from '../../../src/demo/demo-projects-followups.js';
import { periodOf, previousPeriod } from '../../../src/domain/assessment/periods.js';
import type { VisitCompliance } from '../../../src/shared/contracts/project-visits.contract.js';
import type { ProjectMeeting, ProjectMeetingList } from '../../../src/shared/contracts/project-meetings.contract.js';
import type { ProjectObstacleList, ProjectObstaclesReply } from '../../../src/shared/contracts/project-obstacles.contract.js';
import type { Project, ProjectBatchList, ProjectList, ProjectRates } from '../../../src/shared/contracts/projects.contract.js';
import { DEMO_PUBLIC_CATEGORIES } from '../../../src/demo/demo-public.js';
import type {
  PublicCaseView,
  PublicConfig,
  PublicMap,
  SatisfactionReviewList,
  UnitSatisfactionList,
} from '../../../src/shared/contracts/public.contract.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/db.js';
import { makeEnv } from '../../helpers/factories.js';
import { client, login, type Client } from '../../helpers/http.js';
import { packageErrors, projectErrors } from '../../documents/oc4ids/oc4ids-validator.js';

/**
 * The demo reproduces the seed page's figures of 西华县 (issue 14 point 9), read back from the
 * API as a leader and the county's projects office would read them.
 */
for (const dialect of DIALECTS) {
  describe(`the demo's major projects on ${dialect}`, () => {
    let database: TestDatabase;
    let app: FastifyInstance;
    let leader: Client;
    let office: Client;
    let xihua: number;
    let today: string;
    const as = async (username: string) => client(app, await login(app, username, DEMO_PASSWORD));
    const json = async <T>(c: Client, url: string): Promise<T> => {
      const res = await c.get(url);
      expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
      return res.json<T>();
    };

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      const env = makeEnv(database);
      await env.services.demo.load();
      today = chinaDay(env.clock.now());
      app = await buildApp({ database, services: env.services, webDist: null, checkReplies: true });
      await app.ready();
      leader = await as('leader');
      office = await as('xhoffice');
      xihua = (await unitRepository.byCode(database.db, XIHUA_CODE))!.id;
    });
    afterAll(async () => {
      await app?.close();
      await database.drop();
    });

    it('前四期"三个一批": 24 projects, 185.6亿元, 开工率 = 投产率 = 达产率 = 100% today', async () => {
      const r = await json<ProjectRates>(leader, `/api/project-batches/rates?countyUnitId=${xihua}&fromSeq=1&toSeq=4`);
      expect(r).toMatchObject({ asOf: today, projects: 24, totalInvestment: DEMO_PROJECT_FIGURES.firstFour.investment });
      const rate = new Map(r.rates.map((x) => [x.rate, x]));
      for (const k of ['performance', 'start', 'production', 'capacity'] as const) {
        expect(rate.get(k), k).toMatchObject({ count: 24, of: 24, value: 1, investmentValue: 1 });
      }
      // The same periods on the page's day (2 August 2022): the fourth period's projects were still being built.
      const then = await json<ProjectRates>(leader, `/api/project-batches/rates?countyUnitId=${xihua}&fromSeq=1&toSeq=4&asOf=2022-08-02`);
      expect(then.rates.find((x) => x.rate === 'capacity')!.value!).toBeLessThan(1);
    });

    it('第五期: 12 projects, 73.7亿元, in progress at mixed stages', async () => {
      const batches = await json<ProjectBatchList>(office, `/api/project-batches?countyUnitId=${xihua}`);
      expect(batches.items.map((b) => b.seq)).toEqual([1, 2, 3, 4, 5]);
      expect(batches.items.every((b) => b.eventDate <= today)).toBe(true);
      const fifth = batches.items.find((b) => b.seq === 5)!;
      expect(fifth).toMatchObject({ projectCount: 12, totalInvestment: DEMO_PROJECT_FIGURES.fifth.investment });
      const r = await json<ProjectRates>(leader, `/api/project-batches/${fifth.id}/rates`);
      expect(r).toMatchObject({ projects: 12, totalInvestment: 737_000 });
      expect(r.rates.find((x) => x.rate === 'start')!.value!).toBeLessThan(1);
      const list = await json<ProjectList>(leader, `/api/projects?batchId=${fifth.id}&pageSize=100`);
      expect(new Set(list.items.map((p) => p.currentStage)).size).toBeGreaterThanOrEqual(3);
    });

    // The roll-up endpoint (worktree rollups) is not on main yet: the register list with its
    // filters, then each project's confirmed 签约 day.
    it('今年以来新签约亿元以上项目: 23 projects signed this year, 173.6亿元', async () => {
      const big = await json<ProjectList>(leader, `/api/projects?countyUnitId=${xihua}&minInvestment=10000&pageSize=500`);
      const year = today.slice(0, 4);
      let count = 0;
      let total = 0;
      for (const p of big.items) {
        const full = await json<Project>(leader, `/api/projects/${p.id}`);
        const signed = full.stages.find((s) => s.stage === 'signed' && s.status === 'confirmed');
        if (signed && signed.actualDate >= `${year}-01-01` && signed.actualDate <= today) {
          count += 1;
          total += full.totalInvestment;
        }
      }
      expect(count).toBe(DEMO_PROJECT_FIGURES.newlySigned.projects);
      expect(total).toBe(DEMO_PROJECT_FIGURES.newlySigned.investment);
    });

    it('28 在建工业项目 (先进制造业 / 战略性新兴产业 at 开工 or 部分投产)', async () => {
      const found: string[] = [];
      for (const category of ['advanced_manufacturing', 'strategic_emerging'])
        for (const stage of ['started', 'partly_producing']) {
          const r = await json<ProjectList>(
            office,
            `/api/projects?countyUnitId=${xihua}&category=${category}&stage=${stage}&status=active&pageSize=500`,
          );
          found.push(...r.items.map((p) => p.code));
        }
      expect(new Set(found).size).toBe(DEMO_PROJECT_FIGURES.underConstruction.projects);
    });

    it('28 在建工业项目 completed 52.8亿元 this year, 70.2% of the annual plan, from the monthly reports', async () => {
      // Reports cover ended months: in January the figures are last year's, read as of its last day.
      const { year } = reportYear(today);
      const asOf = year === Number(today.slice(0, 4)) ? today : `${year}-12-31`;
      const s = await json<ProjectRollupSummary>(leader, `/api/project-rollups/summary?county=${xihua}&asOf=${asOf}`);
      const f = DEMO_PROJECT_FIGURES.underConstruction;
      expect(s.industrialUnderConstruction).toMatchObject({
        count: f.projects,
        investmentReports: true,
        completedThisYear: f.completed,
        annualPlan: f.plan,
      });
      expect((s.industrialUnderConstruction.completionRate! * 100).toFixed(1)).toBe(String(f.percent));
      // The same figure from one project's page: its months add up to what the roll-up counts.
      const gengde = (await json<ProjectList>(office, `/api/projects?countyUnitId=${xihua}&q=耕德电子二期&pageSize=10`)).items[0]!;
      const inv = await json<ProjectInvestment>(office, `/api/projects/${gengde.id}/investment?year=${year}`);
      const spec = demoProjectSpecs(today).find((p) => p.code === gengde.code)!;
      expect(inv).toMatchObject({ completedThisYear: spec.investment!.completed, plan: { plan: spec.investment!.plan } });
      expect(inv.months.filter((m) => m.filedAt !== null)).toHaveLength(reportYear(today).months);
    });

    it('the page’s companies: 耕德电子二期 partly in production, 凯旺, 中电建河南厚德, under 智能零部件', async () => {
      const all = await json<ProjectList>(leader, `/api/projects?countyUnitId=${xihua}&q=耕德电子二期&pageSize=10`);
      expect(all.items).toHaveLength(1);
      const gengde = await json<Project>(leader, `/api/projects/${all.items[0]!.id}`);
      expect(gengde).toMatchObject({
        totalInvestment: 135_000,
        landMu: 254.8,
        floorAreaM2: 290_000,
        currentStage: 'partly_producing',
        workTeamName: '智能零部件产业链工作专班',
      });
      const kw = (await json<ProjectList>(leader, `/api/projects?q=凯旺&pageSize=10`)).items[0]!;
      expect(await json<Project>(leader, `/api/projects/${kw.id}`)).toMatchObject({
        expectedAnnualOutput: 25_000,
        expectedAnnualTax: 2_000,
        jobs: 1200,
      });
      expect((await json<ProjectList>(leader, `/api/projects?q=厚德&pageSize=10`)).total).toBe(1);
      const team = await as('team-znlbj');
      const mine = await json<ProjectList>(team, '/api/projects?pageSize=100');
      expect(mine.items.map((p) => p.name)).toEqual(expect.arrayContaining([gengde.name, kw.name]));
    });

    it('the work teams report to the party secretary; the demo owner’s landing list shows its projects', async () => {
      const units = await unitRepository.list(database.db);
      const secretary = await database.db.selectFrom('users').select('id').where('username', '=', 'secretary').executeTakeFirstOrThrow();
      expect(units.filter((u) => u.kind === 'work_team').every((u) => u.leader_user_id === secretary.id)).toBe(true);
      const owner = await as('owner');
      const mine = await json<ProjectList>(owner, '/api/projects');
      expect(mine.items.map((p) => p.code).sort()).toEqual(['DC-001', 'DC-002']);
      expect(mine.items.every((p) => p.workTeamName === '生物降解材料产业链工作专班')).toBe(true);
    });

    it('every demo project and the package are valid OC4IDS', async () => {
      const all = await json<ProjectList>(leader, '/api/projects?pageSize=500');
      expect(all.total).toBe(demoProjectSpecs(today).length);
      const pkg = await json<{ projects: unknown[] }>(leader, '/api/projects/oc4ids');
      expect(packageErrors(pkg)).toEqual([]);
      expect(pkg.projects).toHaveLength(all.total);
      for (const p of all.items) expect(projectErrors(await json(leader, `/api/projects/${p.id}/oc4ids`)), p.code).toEqual([]);
    });

    it('"4个1": each leader’s key projects met the weekly three visits most weeks, some weeks under three', async () => {
      const specs = demoProjectSpecs(today);
      // The six whole weeks before today's week.
      const last = previousPeriod(periodOf('week', new Date(`${mondayOf(today)}T12:00:00+08:00`)));
      const c = await json<VisitCompliance>(office, `/api/project-visits/compliance?week=${last.key}&weeks=6&county=${xihua}`);
      expect(c.target).toBe(3);
      for (const [username, names] of Object.entries(visitedProjects(specs))) {
        const leaderId = (await database.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
        expect(c.leaders.find((l) => l.leaderId === leaderId)!.weeks).toHaveLength(6);
        const weeks = c.projects.filter((p) => names.includes(p.projectName)).map((p) => p.weeks);
        expect(weeks, username).toHaveLength(3);
        const all = weeks.flat();
        expect(all.every((w) => w.target === 3)).toBe(true);
        expect(
          all.some((w) => w.visits < 3 && !w.met),
          username,
        ).toBe(true);
        expect(all.filter((w) => w.met).length, username).toBeGreaterThan(all.length / 2);
      }
      // The visit reported 3.5 km away is listed, flagged and not counted; some were logged by the office.
      const lead2Key = visitedProjects(specs)['xh-lead2']![0]!;
      const pid = (await json<ProjectList>(office, `/api/projects?q=${encodeURIComponent(lead2Key)}&pageSize=5`)).items[0]!.id;
      const visits = await json<{ items: { placeCheck: string; counts: boolean; recordedBy: { name: string } }[] }>(
        office,
        `/api/projects/${pid}/visits`,
      );
      expect(visits.items.filter((v) => v.placeCheck !== 'on_site').map((v) => v.counts)).toEqual([false]);
      expect(new Set(visits.items.map((v) => v.recordedBy.name))).toEqual(new Set(['郭副县长', '冯主任']));
    });

    it('obstacles are cases in every state the demo data names, and each project page lists its own', async () => {
      const list = await json<ProjectObstacleList>(office, '/api/project-obstacles?pageSize=100');
      expect(list.total).toBe(DEMO_OBSTACLES.length);
      expect(new Set(list.items.map((o) => o.state))).toEqual(new Set(DEMO_OBSTACLES.map((o) => o.state)));
      for (const state of new Set(DEMO_OBSTACLES.map((o) => o.state))) {
        const r = await json<ProjectObstacleList>(office, `/api/project-obstacles?state=${state}`);
        expect(r.total, state).toBe(DEMO_OBSTACLES.filter((o) => o.state === state).length);
      }
      const overdue = await json<ProjectObstacleList>(office, '/api/project-obstacles?overdue=true');
      expect(overdue.items.map((o) => o.description)).toEqual(
        DEMO_OBSTACLES.filter((o) => o.overdue).map((o) => expect.stringContaining(o.title) as unknown),
      );
      for (const name of new Set(DEMO_OBSTACLES.map((o) => o.project))) {
        const pid = (await json<ProjectList>(office, `/api/projects?q=${encodeURIComponent(name)}&pageSize=5`)).items.find(
          (p) => p.name === name,
        )!.id;
        const page = await json<ProjectObstaclesReply>(office, `/api/projects/${pid}/obstacles`);
        const mine = DEMO_OBSTACLES.filter((o) => o.project === name);
        expect(page.items.map((o) => o.caseNumber).sort()).toEqual(
          list.items
            .filter((o) => o.projectName === name)
            .map((o) => o.caseNumber)
            .sort(),
        );
        expect(page.items.map((o) => o.state).sort()).toEqual(mine.map((o) => o.state).sort());
        for (const o of mine)
          expect(
            page.items.some((x) => x.description.includes(o.title)),
            o.title,
          ).toBe(true);
      }
      // The cases are the case module's: HQ reads them with their numbers.
      const hq = await as('hq');
      const closed = list.items.find((o) => o.state === 'closed')!;
      expect((await hq.get(`/api/cases/${closed.caseId}`)).statusCode).toBe(200);
    });

    it('weekly 推进例会 of 西华县 with attendees, projects, decisions and action items open, reported, done, sent back, overdue', async () => {
      const meetings = await json<ProjectMeetingList>(office, `/api/project-meetings?unit=${xihua}&pageSize=50`);
      const expected = demoMeetings(today, demoProjectSpecs(today));
      expect(meetings.total).toBe(expected.length);
      const full = await Promise.all(meetings.items.map((m) => json<ProjectMeeting>(office, `/api/project-meetings/${m.id}`)));
      expect(new Set(full.map((m) => m.meetingDate)).size).toBe(expected.length);
      for (const m of full) {
        expect(m.attendees.length).toBeGreaterThanOrEqual(4);
        expect(m.projects.length).toBeGreaterThan(0);
        expect(m.decisions).not.toBe('');
        expect(m.actions.length).toBe(2);
      }
      const actions = full.flatMap((m) => m.actions);
      expect(new Set(actions.map((a) => a.status))).toEqual(new Set(['open', 'reported', 'done']));
      expect(actions.some((a) => a.status === 'open' && a.returnReason !== null)).toBe(true);
      expect(actions.some((a) => a.status === 'done' && a.returnReason !== null)).toBe(true);
      expect(actions.some((a) => a.progress === 'overdue')).toBe(true);
      expect(actions.some((a) => a.progress === 'in_progress' && a.status === 'open')).toBe(true);
      // The county's handler reads the meeting through its items and may report the open ones.
      const handler = await as('handler-xh');
      const open = full.find((m) => m.actions.some((a) => a.status === 'open'))!;
      const seen = await json<ProjectMeeting>(handler, `/api/project-meetings/${open.id}`);
      expect(seen.actions.filter((a) => a.status === 'open').every((a) => a.can.report)).toBe(true);
    });

    it('the public side (issue 15): open categories, citizens’ reports in every stage, +1s, ratings and one 不满意 for HQ', async () => {
      const config = (await app.inject({ method: 'GET', url: '/api/public/config' })).json<PublicConfig>();
      expect(config.categories.map((c) => c.code)).toEqual([...DEMO_PUBLIC_CATEGORIES]);
      expect(config).toMatchObject({ intakeOpen: true, trackByNumber: true, publicMap: true });
      const rows = await database.db
        .selectFrom('cases')
        .select(['number', 'state', 'plus_one_count', 'position_private'])
        .where('public_token_hash', 'is not', null)
        .orderBy('id')
        .execute();
      expect(rows.map((r) => r.state)).toEqual(['closed', 'closed', 'closed', 'acknowledged', 'accepted', 'reported']);
      expect(rows.map((r) => r.plus_one_count)).toEqual([0, 0, 0, 2, 0, 0]);
      // By number alone (HQ allows it in the demo): the minimal view, no name or phone anywhere.
      const busy = (await app.inject({ method: 'GET', url: `/api/public/cases/${rows[3]!.number}` })).json<PublicCaseView>();
      expect(busy).toMatchObject({ full: false, stage: 'in_progress', plusOnes: 2 });
      const map = (await app.inject({ method: 'GET', url: '/api/public/map' })).json<PublicMap>();
      expect(map.items.map((i) => i.number)).not.toContain(rows[5]!.number);
      for (const body of [JSON.stringify(busy), JSON.stringify(map)]) {
        for (const secret of ['陈先生', '刘女士', '13800001234', '13900005678', '王调度', '张经办', '李督导'])
          expect(body).not.toContain(secret);
      }
      const hq = await as('hq');
      const pending = await json<SatisfactionReviewList>(hq, '/api/satisfaction/reviews?state=pending');
      expect(pending.items.map((i) => [i.number, i.rating])).toEqual([[rows[1]!.number, 'dissatisfied']]);
      const units = await json<UnitSatisfactionList>(hq, '/api/satisfaction/units');
      const cgj = units.items.find((u) => u.rated === 3);
      expect(cgj).toMatchObject({ satisfied: 1, basicallySatisfied: 1, dissatisfied: 1 });
    });
  });
}
