import type { ManualClock } from '../core/clock.js';
import type { RequestContext } from '../core/context.js';
import type { Database } from '../db/database.js';
import { unitRepository } from '../db/repositories/unit.repository.js';
import { userRepository } from '../db/repositories/user.repository.js';
import { chinaDay, shiftDay } from '../domain/calendar/work-calendar.js';
import { loadActor } from '../services/accounts/auth.service.js';
import type { CaseService } from '../services/cases/case.service.js';
import type { Upload } from '../services/files/file.service.js';
import type { ProjectMeetingService } from '../services/projects/project-meeting.service.js';
import type { ProjectObstacleService } from '../services/projects/project-obstacle.service.js';
import type { ProjectVisitService } from '../services/projects/project-visit.service.js';
import type { CaseAction, CaseState } from '../shared/case-enums.js';
import type { ActBody } from '../shared/contracts/cases.contract.js';
import type { ProjectMeeting } from '../shared/contracts/project-meetings.contract.js';
import { DAY, HOUR, MIN, UNIT_HANDLERS, demoPhoto } from './demo-case-handling.js';
import { addDays, XIHUA_CODE, type DemoProjectSpec } from './demo-projects-data.js';
import { DEMO_OBSTACLES, demoMeetings, demoVisits, type DemoActionFate } from './demo-projects-followups.js';
import { bytesSource } from '../storage/upload-source.js';

/** The services the "4个1" follow-ups are played through, on the demo's clock. */
export interface DemoFollowupServices {
  cases: CaseService;
  projectVisits: ProjectVisitService;
  projectMeetings: ProjectMeetingService;
  projectObstacles: ProjectObstacleService;
}

export interface DemoFollowupDeps extends DemoFollowupServices {
  database: Database;
  clock: ManualClock;
}

/** The case actions that bring a raised obstacle to each state (after the report). */
const CASE_PATHS: Record<CaseState, CaseAction[]> = {
  reported: [],
  accepted: ['accept'],
  rejected: ['reject'],
  merged: ['merge'],
  dispatched: ['accept', 'dispatch'],
  acknowledged: ['accept', 'dispatch', 'acknowledge'],
  rectified: ['accept', 'dispatch', 'acknowledge', 'rectify'],
  closed: ['accept', 'dispatch', 'acknowledge', 'rectify', 'verify_close'],
  returned: ['accept', 'dispatch', 'return'],
  suspended: ['accept', 'dispatch', 'suspend'],
};

/** The steps of an action item's fate: [action, days after the meeting]. */
const FATE_STEPS: Record<DemoActionFate, ['report' | 'confirm' | 'return', number][]> = {
  open: [],
  reported: [['report', 3]],
  done: [
    ['report', 3],
    ['confirm', 4],
  ],
  sentBack: [
    ['report', 2],
    ['return', 3],
  ],
  sentBackDone: [
    ['report', 2],
    ['return', 3],
    ['report', 5],
    ['confirm', 6],
  ],
};

/** Metres per degree of latitude (the visits' positions are offset due north of the project). */
const M_PER_DEG_LAT = 111_320;

interface Step {
  at: number;
  run: () => Promise<void>;
}

/**
 * Plays 西华县's "4个1" follow-ups (demo-projects-followups.ts, issue 14 points 5, 6 and 9) through
 * the real services at their past instants on `deps.clock`: the leaders' site visits (logged by
 * the leader, every third by the projects office on his behalf, each with the phone's position,
 * one far from the site and so flagged), the weekly 推进例会 with their action items (reported by
 * the county's handler, confirmed or sent back by the projects office; the ones never reported
 * run overdue), and the obstacles raised by the project units' contacts, then moved by HQ, the
 * departments and the inspector through the case workflow to the state the data names. Needs
 * the projects of `specs` to exist. Leaves the clock at `now`.
 */
export async function playDemoFollowups(
  deps: DemoFollowupDeps,
  opts: { now: Date; specs: readonly DemoProjectSpec[] },
): Promise<{ visits: number; meetings: number; actions: number; obstacles: number }> {
  const { database, clock, cases, projectVisits, projectMeetings, projectObstacles } = deps;
  const db = database.db;
  const now = opts.now.getTime();
  const today = chinaDay(opts.now);
  const latest = now - 10 * MIN;
  const byName = new Map(opts.specs.map((s) => [s.name, s]));
  const spec = (name: string) => {
    const s = byName.get(name);
    if (!s) throw new Error(`demo follow-ups: project ${name} is not in the register`);
    return s;
  };
  const projectIds = new Map((await db.selectFrom('projects').select(['id', 'name']).execute()).map((p) => [p.name, p.id]));
  const projectId = (name: string) => {
    const id = projectIds.get(name);
    if (id === undefined) throw new Error(`demo follow-ups: project ${name} is missing`);
    return id;
  };
  const units = await unitRepository.list(db);
  const unitId = (code: string) => {
    const u = units.find((x) => x.code === code);
    if (!u) throw new Error(`demo follow-ups: unit ${code} is missing`);
    return u.id;
  };
  const county = unitId(XIHUA_CODE);
  // The action items' owners: the county, or one of its first three townships.
  const owners = [
    county,
    ...units
      .filter((u) => u.parent_id === county)
      .sort((a, b) => a.code.localeCompare(b.code))
      .map((u) => u.id),
  ];
  const contexts = new Map<string, RequestContext>();
  const as = async (username: string): Promise<RequestContext> => {
    let c = contexts.get(username);
    if (!c) {
      const row = await userRepository.byUsername(db, username);
      if (!row) throw new Error(`demo follow-ups: account ${username} is missing`);
      c = { actor: await loadActor(database, row), requestId: 'demo', clientIp: null };
      contexts.set(username, c);
    }
    return c;
  };
  const userId = async (username: string) => (await as(username)).actor!.userId;
  const photo = await demoPhoto();
  const uploads = (n: number, field = 'photos'): Upload[] =>
    Array.from({ length: n }, (_, i) => ({ source: bytesSource(photo), filename: `现场照片${i + 1}.jpg`, field }));
  // China wall-clock HH:MM of an instant.
  const chinaTime = (t: number) => new Date(t + 8 * HOUR).toISOString().slice(11, 16);

  const steps: Step[] = [];

  // Site visits, logged the same day two hours later.
  const visits = demoVisits(today, opts.specs);
  for (const [i, v] of visits.entries()) {
    const t = Date.parse(v.at);
    const s = spec(v.project);
    steps.push({
      at: Math.min(t + 2 * HOUR, latest),
      run: async () => {
        await projectVisits.log(await as(i % 3 === 1 ? 'xhoffice' : v.leader), projectId(v.project), {
          visitDate: chinaDay(new Date(t)),
          visitTime: chinaTime(t),
          place: `${s.name}施工现场`,
          lat: Math.round((s.lat + v.offsetM / M_PER_DEG_LAT) * 1e6) / 1e6,
          lon: s.lon,
          solved: v.note,
        });
      },
    });
  }

  // Weekly meetings, recorded by the projects office an hour after they end; their items' fates.
  const meetings = demoMeetings(today, opts.specs);
  let actionCount = 0;
  for (const m of meetings) {
    const t = Date.parse(m.at);
    const day = chinaDay(new Date(t));
    const state: { meeting?: ProjectMeeting } = {};
    steps.push({
      at: Math.min(t + 3 * HOUR, latest),
      run: async () => {
        state.meeting = await projectMeetings.create(await as('xhoffice'), {
          unitId: county,
          meetingDate: day,
          title: m.title,
          decisions: m.decisions,
          attendeeUserIds: await Promise.all([m.chair, 'xh-lead2', 'xh-lead3', 'xhoffice'].map(userId)),
          attendeeNames: ['县发展改革委负责同志', '县自然资源局负责同志', '西华经开区管委会负责同志'],
          projectIds: m.projects.map(projectId),
          actions: m.actions.map((a) => ({
            title: a.title,
            unitId: owners[a.owner]!,
            projectId: a.project === null ? null : projectId(a.project),
            dueDate: addDays(day, a.dueDays),
          })),
        });
      },
    });
    for (const a of m.actions) {
      actionCount += 1;
      for (const [action, days] of FATE_STEPS[a.fate]) {
        steps.push({
          at: Math.min(Date.parse(`${addDays(day, days)}T02:00:00.000Z`) + (action === 'report' ? 0 : 6 * HOUR), latest),
          run: async () => {
            const meeting = state.meeting!;
            const item = meeting.actions.find((x) => x.title === a.title)!;
            const note =
              action === 'report'
                ? `已完成：${a.title}，现场已核实。`
                : action === 'return'
                  ? '佐证材料不全，请补充现场照片和验收资料后重新报告'
                  : undefined;
            state.meeting = await projectMeetings.act(await as(action === 'report' ? 'handler-xh' : 'xhoffice'), meeting.id, item.id, {
              action,
              version: item.version,
              ...(note ? { note } : {}),
            });
          },
        });
      }
    }
  }

  // Obstacles: raised by the project's contact in the morning, then HQ, the department and the inspector.
  const obstacleCases: number[] = [];
  for (const [i, o] of DEMO_OBSTACLES.entries()) {
    const s = spec(o.project);
    const t0 = Math.min(Date.parse(`${addDays(today, -o.daysAgo)}T01:30:00.000Z`) + i * 7 * MIN, latest - HOUR);
    const c = { id: 0, version: 0 };
    steps.push({
      at: t0,
      run: async () => {
        const raised = await projectObstacles.raise(
          await as(s.contact),
          projectId(o.project),
          { kind: o.kind, description: `${o.title}。${o.description}`, reporterContact: null },
          uploads(1),
        );
        c.id = raised.caseId;
        c.version = 1;
        obstacleCases[i] = raised.caseId;
      },
    });
    for (const [j, action] of CASE_PATHS[o.state].entries()) {
      const at = Math.min(j < 2 ? t0 + (j + 1) * HOUR : t0 + (j - 1) * DAY, latest);
      steps.push({
        at,
        run: async () => {
          let actor = 'hq';
          let input = { action, version: c.version } as ActBody;
          let files: Upload[] = [];
          const handler = UNIT_HANDLERS[o.unitCode]?.[0];
          switch (action) {
            case 'reject':
              input = { ...input, reason: '不属于要素保障事项，请通过政策咨询渠道反映' };
              break;
            case 'merge': {
              // The same project's obstacle raised just before: still open when the duplicate comes in.
              const of = DEMO_OBSTACLES.slice(0, i)
                .map((x) => x.project)
                .lastIndexOf(o.project);
              input = { ...input, targetCaseId: obstacleCases[of]!, note: '同一问题重复上报，合并办理' };
              break;
            }
            case 'dispatch':
              input = { ...input, unitId: unitId(o.unitCode) };
              break;
            case 'acknowledge':
              actor = handler!;
              break;
            case 'rectify':
              actor = handler!;
              input = { ...input, note: `已协调解决：${o.title}` };
              files = [...uploads(1, 'before'), ...uploads(1)];
              break;
            case 'return':
              actor = handler!;
              input = { ...input, reason: '该路段属园区管委会管护范围，不属于本单位职责' };
              break;
            case 'suspend':
              input = {
                ...input,
                reason: '企业融资方案调整，待企业重新提出需求',
                reviewDate: shiftDay(chinaDay(new Date(at)), 30),
              };
              break;
            case 'verify_close':
              actor = 'inspector';
              input = { ...input, note: '现场核查，问题已解决，项目单位满意' };
              files = uploads(1);
              break;
            default:
              break;
          }
          if (!actor) throw new Error(`demo follow-ups: no demo account acts for unit ${o.unitCode}`);
          try {
            c.version = (await cases.act(await as(actor), c.id, input, files)).version;
          } catch (e) {
            throw new Error(`demo follow-ups: ${action} on obstacle "${o.title}" as ${actor} failed: ${(e as Error).message}`, {
              cause: e,
            });
          }
        },
      });
    }
  }

  // Stable sort: an item's own steps keep their order when they share an instant.
  steps.sort((a, b) => a.at - b.at);
  try {
    for (const step of steps) {
      clock.set(new Date(step.at));
      await step.run();
    }
  } finally {
    clock.set(new Date(now));
  }
  return { visits: visits.length, meetings: meetings.length, actions: actionCount, obstacles: DEMO_OBSTACLES.length };
}
