import { sql } from 'kysely';
import type { ManualClock } from '../core/clock.js';
import type { RequestContext } from '../core/context.js';
import type { Database } from '../db/database.js';
import { unitRepository } from '../db/repositories/unit.repository.js';
import { userRepository } from '../db/repositories/user.repository.js';
import { chinaDay } from '../domain/calendar/work-calendar.js';
import { loadActor } from '../services/accounts/auth.service.js';
import type { ProjectBatchService } from '../services/projects/project-batch.service.js';
import type { ProjectStageService } from '../services/projects/project-stage.service.js';
import type { ProjectInvestmentService } from '../services/projects/project-investment.service.js';
import { demoInvestment } from './demo-projects-investment.js';
import type { ProjectService } from '../services/projects/project.service.js';
import { PROJECT_STAGE_LABELS, type ProjectStage } from '../shared/project-enums.js';
import { projectRepository } from '../db/repositories/project.repository.js';
import { inTransaction } from '../db/transactions.js';
import { decideStageRecord } from '../domain/projects/stages.js';
import type { AuditService } from '../services/audit/audit.service.js';
import { addDays, demoBatches, XIHUA_CODE, type DemoProjectSpec } from './demo-projects-data.js';
import { teamProjects } from './demo-projects-teams.js';
import { xihuaProjects } from './demo-projects-xihua.js';
import { playDemoFollowups, type DemoFollowupServices } from './demo-projects-followups-play.js';

export { DEMO_PROJECT_ACCOUNTS, DEMO_PROJECT_LEADERS } from './demo-projects-data.js';

const DAY = 86_400_000;
/**
 * Stages reached within this many days before today go through the stage service (record, then
 * confirm), with their notices; older ones are the projects' history, written directly in the
 * shape the service writes (a confirmed record and the project's stage, with the audit record):
 * playing three years of stages one request at a time made the demo too slow to build.
 */
const RECENT_DAYS = 60;

/** The project services the demo plays its register (and its "4个1" follow-ups) through, on the demo's clock. */
export interface DemoProjectServices extends DemoFollowupServices {
  projects: ProjectService;
  projectStages: ProjectStageService;
  projectBatches: ProjectBatchService;
  projectInvestment: ProjectInvestmentService;
}

export interface DemoProjectDeps extends DemoProjectServices {
  database: Database;
  clock: ManualClock;
  audit: AuditService;
}

/** Every project of the demo as of `today` (China day): 西华县's register and the work teams' projects. */
export function demoProjectSpecs(today: string): DemoProjectSpec[] {
  return [...xihuaProjects(today), ...teamProjects(today)];
}

/** One step of the register's past, played at its instant. */
interface Step {
  at: number;
  run: () => Promise<void>;
}

/**
 * Plays the demo's major projects (issue 14 point 9) through the real project services: the
 * projects office creates each project with its people and plan; the project unit records each
 * stage of the last RECENT_DAYS on its day and the work team or the projects office confirms it
 * the same afternoon (older stages are written as confirmed history, see writeHistory); the
 * projects office numbers 西华县's five "三个一批" batches and puts the projects in them. All steps
 * of all projects run together in time order on `deps.clock` (never later than `now`), so every
 * record, notice and batch item carries the instant its step happened. Needs the project
 * accounts (DEMO_PROJECT_ACCOUNTS) to exist. Leaves the clock at `now`.
 */
export async function loadDemoProjects(
  deps: DemoProjectDeps,
  opts: { now: Date },
): Promise<{ projects: number; stages: number; batches: number }> {
  const { database, clock, projects, projectStages, projectBatches, projectInvestment } = deps;
  const db = database.db;
  const now = opts.now.getTime();
  const today = chinaDay(opts.now);
  const specs = demoProjectSpecs(today);

  const contexts = new Map<string, RequestContext>();
  const userIds = new Map<string, number>();
  for (const u of await userRepository.all(db)) {
    userIds.set(u.username, u.id);
    contexts.set(u.username, { actor: await loadActor(database, u), requestId: 'demo', clientIp: null });
  }
  const ctx = (username: string): RequestContext => {
    const c = contexts.get(username);
    if (!c) throw new Error(`demo projects: account ${username} is missing`);
    return c;
  };
  const userId = (username: string) => ctx(username).actor!.userId;
  const units = new Map((await unitRepository.list(db)).map((u) => [u.code, u.id]));
  const unitId = (code: string) => {
    const id = units.get(code);
    if (id === undefined) throw new Error(`demo projects: unit ${code} is missing`);
    return id;
  };
  // An instant on a China day (hour in UTC), never after now.
  const on = (day: string, utcHour: number) => Math.min(Date.parse(`${day}T00:00:00Z`) + utcHour * 3_600_000, now);

  const steps: Step[] = [];
  const ids = new Map<string, number>();
  let stageCount = 0;
  const recentFrom = addDays(today, -RECENT_DAYS);
  for (const spec of specs) {
    // A project's own steps never go back in time (a stable sort then keeps their order).
    let last = 0;
    const push = (at: number, run: () => Promise<void>) => {
      last = Math.max(last, at);
      steps.push({ at: last, run });
    };
    const first = spec.stages[0]?.date ?? today;
    push(on(addDays(first, -20), 1), async () => {
      const p = await projects.create(ctx(spec.office), createBody(spec, unitId, userId));
      ids.set(spec.code, p.id);
    });
    stageCount += spec.stages.length;
    // The older stages are the project's history: written as the confirm step writes them.
    const history = spec.stages.filter((s) => s.date < recentFrom);
    if (history.length) {
      const lastDay = history[history.length - 1]!.date;
      push(on(lastDay, 8), () => writeHistory(deps, ids.get(spec.code)!, history, ctx(spec.contact), ctx(spec.confirmer), on));
    }
    // The recent ones through the services: the project unit records, the work team or the office confirms.
    let recordId = 0;
    for (const s of spec.stages.slice(history.length)) {
      push(on(s.date, 2), async () => {
        const p = await projectStages.record(ctx(spec.contact), ids.get(spec.code)!, {
          stage: s.stage,
          actualDate: s.date,
          note: `${PROJECT_STAGE_LABELS[s.stage].zh}：${spec.name}`,
        });
        recordId = p.stages[0]!.id;
      });
      push(on(s.date, 8), async () => {
        await projectStages.confirm(ctx(spec.confirmer), ids.get(spec.code)!, recordId);
      });
    }
  }
  // 西华县's batches on their days; each project joins its batch once both exist.
  const batchIds = new Map<number, number>();
  const batches = demoBatches(today);
  for (const b of batches) {
    steps.push({
      at: on(b.eventDate, 0),
      run: async () => {
        const created = await projectBatches.create(ctx('xhoffice'), { countyUnitId: unitId(XIHUA_CODE), ...b });
        batchIds.set(b.seq, created.id);
      },
    });
  }
  for (const spec of specs) {
    if (!spec.batch) continue;
    const { seq, role } = spec.batch;
    const event = batches.find((b) => b.seq === seq)!.eventDate;
    const first = spec.stages[0]!.date;
    steps.push({
      at: Math.max(on(event, 3), on(first, 1)),
      run: async () => {
        await projectBatches.addProject(ctx('xhoffice'), batchIds.get(seq)!, { projectId: ids.get(spec.code)!, role });
      },
    });
  }

  // The 在建工业项目's annual plans (the office, in January) and monthly reports (the project unit).
  for (const [index, spec] of specs.entries()) {
    const { plans, reports } = demoInvestment(spec, index, today);
    for (const p of plans)
      steps.push({
        at: on(p.day, 1),
        run: async () => {
          await projectInvestment.setPlan(ctx(spec.office), ids.get(spec.code)!, p.year, { plan: p.plan, note: `${p.year}年度计划投资` });
        },
      });
    for (const r of reports)
      steps.push({
        at: on(r.day, 2 + (index % 6)),
        run: async () => {
          const { day: _, ...body } = r;
          await projectInvestment.file(ctx(spec.contact), ids.get(spec.code)!, body);
        },
      });
  }

  // Stable sort: a project's own steps keep their order when they share an instant.
  steps.sort((a, b) => a.at - b.at);
  const sqlite = database.dialect === 'sqlite';
  const durability = sqlite ? Number((await sql<{ synchronous: number }>`pragma synchronous`.execute(db)).rows[0]?.synchronous ?? 2) : 0;
  if (sqlite) await sql`pragma synchronous = NORMAL`.execute(db);
  try {
    for (const step of steps) {
      clock.set(new Date(step.at));
      await step.run();
    }
    // 西华县's "4个1" of the last weeks: leaders' site visits, weekly 推进例会, obstacles as cases.
    await playDemoFollowups(deps, { now: opts.now, specs });
  } finally {
    if (sqlite) await sql.raw(`pragma synchronous = ${durability}`).execute(db);
    clock.set(new Date(now));
  }
  // As the other loaders do: the notices older than three days were read.
  await db
    .updateTable('notifications')
    .set((eb) => ({ read_at: eb.ref('created_at') }))
    .where('created_at', '<', new Date(now - 3 * DAY).toISOString())
    .where('read_at', 'is', null)
    .execute();
  return { projects: specs.length, stages: stageCount, batches: batches.length };
}

/**
 * Writes a project's past stages as confirmed records, each checked by the stage rule the
 * service applies, recorded by the project unit on its day and confirmed by the work team or the
 * office that afternoon, with the confirm's audit record; the project moves to the last one.
 */
async function writeHistory(
  deps: DemoProjectDeps,
  projectId: number,
  stages: DemoProjectSpec['stages'],
  unit: RequestContext,
  confirmer: RequestContext,
  on: (day: string, utcHour: number) => number,
): Promise<void> {
  await inTransaction(deps.database.db, async (trx) => {
    const row = (await projectRepository.byId(trx, projectId))!;
    let current = row.current_stage as ProjectStage;
    let currentDate = row.current_stage_date;
    for (const s of stages) {
      const decision = decideStageRecord({
        status: 'active',
        current,
        currentDate,
        proposed: s.stage,
        actualDate: s.date,
        reason: null,
        today: s.date,
      });
      if (!decision.ok) throw new Error(`demo projects: ${row.code} ${s.stage} ${s.date}: ${decision.message}`);
      const recordId = await projectRepository.insertStageRecord(trx, {
        project_id: projectId,
        stage: s.stage,
        from_stage: current,
        actual_date: s.date,
        note: `${PROJECT_STAGE_LABELS[s.stage].zh}：${row.name}`,
        move: decision.move,
        reason: null,
        status: 'confirmed',
        recorded_by: unit.actor!.userId,
        recorded_at: new Date(on(s.date, 2)).toISOString(),
        decided_by: confirmer.actor!.userId,
        decided_at: new Date(on(s.date, 8)).toISOString(),
        decision_reason: null,
      });
      await deps.audit.record(trx, confirmer, {
        action: 'project_stage.confirm',
        targetType: 'project',
        targetId: projectId,
        summary: { recordId, stage: s.stage, from: current, actualDate: s.date },
      });
      current = s.stage;
      currentDate = s.date;
    }
    const at = new Date(on(currentDate!, 8)).toISOString();
    if (
      !(await projectRepository.update(trx, projectId, row.version, {
        current_stage: current,
        current_stage_date: currentDate,
        updated_at: at,
      }))
    )
      throw new Error(`demo projects: ${row.code} moved meanwhile`);
  });
}

/** The create body of a project: its register fields, its people and its plan. */
function createBody(spec: DemoProjectSpec, unitId: (code: string) => number, userId: (username: string) => number) {
  return {
    code: spec.code,
    name: spec.name,
    countyUnitId: unitId(spec.countyCode),
    industryChain: spec.industryChain,
    level: spec.level,
    category: spec.category,
    investor: spec.investor,
    totalInvestment: spec.total,
    landMu: spec.landMu ?? null,
    floorAreaM2: spec.floorAreaM2 ?? null,
    expectedAnnualOutput: spec.expectedAnnualOutput ?? null,
    expectedAnnualTax: spec.expectedAnnualTax ?? null,
    jobs: spec.jobs ?? null,
    lon: spec.lon,
    lat: spec.lat,
    workTeamUnitId: spec.teamCode ? unitId(spec.teamCode) : null,
    leaderUserId: userId(spec.leader),
    members: [
      { userId: userId(spec.contact), title: '项目联络员' },
      ...(spec.extraMembers ?? []).map((u) => ({ userId: userId(u), title: '产业链联络人' })),
    ],
    milestones: (spec.plan ?? []).map((m) => ({ stage: m.stage, name: m.name, plannedDate: m.plannedDate })),
  };
}
