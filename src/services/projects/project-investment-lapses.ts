import type { Database, Executor } from '../../db/database.js';
import {
  projectInvestmentRepository,
  type LapseLetterRead,
  type ReportingProjectRead,
} from '../../db/repositories/project-investment.repository.js';
import { projectRepository } from '../../db/repositories/project.repository.js';
import { unitRepository } from '../../db/repositories/unit.repository.js';
import { canOnProject, type ProjectPlace } from '../../domain/policies/project-scope.js';
import { chinaDay } from '../../domain/calendar/work-calendar.js';
import {
  decideLapseLetters,
  lapseKey,
  lapseLetterBody,
  lapseLetterTitle,
  monthsToReport,
  standings,
  type LapseFacts,
  type LapseLetterFacts,
  type LapseRef,
  type MonthStanding,
} from '../../domain/projects/report-lapses.js';
import type { ReportDueList, ReportLapse, ReportLapseList, ReportLapseQuery } from '../../shared/contracts/project-investment.contract.js';
import type { Clock } from '../../core/clock.js';
import { systemContext, type RequestContext } from '../../core/context.js';
import { invalid } from '../../core/errors.js';
import type { CampaignService } from '../evaluation/campaign.service.js';
import type { CasePolicyService } from '../cases/case-policy.service.js';
import type { IssueLetterCommand, LetterToIssue } from '../letters/issue-letter.command.js';
import { actorWith } from './project.service.js';
import { letterRef, reportingFacts } from './project-investment.views.js';

/** A project's owed months with their standing. */
interface ProjectMonths {
  project: ReportingProjectRead;
  place: ProjectPlace;
  months: MonthStanding[];
}

/** What one lapse sweep did (recorded in job_runs). */
export interface LapseSweepReport {
  candidates: number;
  planned: number;
  issued: number;
  prepared: number;
  skipped: number;
  numbers: string[];
}

/**
 * Late and missing monthly reports (issue 14 point 4): the list the projects office and the
 * county see, the months the project unit still has to file (本月待报), and the escalation of
 * missing reports through the letters ladder — 提醒函 → 督办函 → 问责函, decided as for overdue
 * cases (domain/projects/report-lapses.ts) and issued by the one letter-issuing command, so the
 * numbers are the same gapless series as the case letters of the rung. The letters go to the
 * project's county (the responsible unit of the register; its head signs), listing every missing
 * month of its projects; a month stops climbing once its report is filed.
 */
export class ProjectReportLapseService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly campaigns: CampaignService,
    private readonly casePolicy: CasePolicyService,
    private readonly issuing: IssueLetterCommand,
    private readonly dueDay: number,
  ) {}

  /** Every reporting project with its owed months and their standing at `now`. */
  private async owed(
    db: Executor,
    now: Date,
    filter?: (p: ReportingProjectRead, place: ProjectPlace) => boolean,
  ): Promise<ProjectMonths[]> {
    const projects = await projectInvestmentRepository.reportingProjects(db, 2000);
    const ids = projects.map((p) => p.id);
    const members = new Map<number, number[]>();
    for (let i = 0; i < ids.length; i += 500)
      for (const [id, ms] of await projectRepository.membersOf(db, ids.slice(i, i + 500)))
        members.set(
          id,
          ms.map((m) => m.user_id),
        );
    const places = new Map(
      projects.map((p) => [p.id, { countyPath: p.county_path, workTeamPath: p.work_team_path, memberUserIds: members.get(p.id) ?? [] }]),
    );
    const kept = filter ? projects.filter((p) => filter(p, places.get(p.id)!)) : projects;
    const keptIds = kept.map((p) => p.id);
    const [years, filed] = await Promise.all([
      projectInvestmentRepository.plannedYears(db, keptIds, 2000),
      projectInvestmentRepository.firstFilings(db, keptIds, 2000),
    ]);
    return kept.map((p) => ({
      project: p,
      place: places.get(p.id)!,
      months: standings(monthsToReport(reportingFacts(p, years.get(p.id) ?? []), now), filed.get(p.id) ?? new Map(), now, this.dueDay),
    }));
  }

  /** The projects office, the county and leaders: late and missing months of the projects they see, newest month first. */
  async lapses(ctx: RequestContext, q: ReportLapseQuery = {}): Promise<ReportLapseList> {
    const actor = actorWith(ctx, 'project.read');
    const db = this.database.db;
    let countyPath: string | undefined;
    if (q.countyUnitId !== undefined) {
      const unit = await unitRepository.byId(db, Number(q.countyUnitId));
      if (!unit) throw invalid('countyUnitId', `unit ${q.countyUnitId} not found`);
      countyPath = unit.path;
    }
    const now = this.clock.now();
    const owed = await this.owed(
      db,
      now,
      (p, place) => canOnProject(actor, 'project.read', place) && (countyPath === undefined || p.county_path.startsWith(countyPath)),
    );
    const letters = await projectInvestmentRepository.lapseLetters(
      db,
      owed.map((o) => o.project.id),
    );
    // Letters by lapse: thousands of lapses times hundreds of letters would not be scanned per item.
    const lettersOf = new Map<string, LapseLetterRead[]>();
    for (const l of letters) {
      const key = lapseKey(l.project_id, l);
      lettersOf.set(key, [...(lettersOf.get(key) ?? []), l]);
    }
    const items: ReportLapse[] = [];
    for (const o of owed)
      for (const m of o.months) {
        if (m.standing !== 'late' && m.standing !== 'missing') continue;
        if (q.standing !== undefined && m.standing !== q.standing) continue;
        if (q.year !== undefined && m.year !== q.year) continue;
        items.push({
          projectId: o.project.id,
          projectCode: o.project.code,
          projectName: o.project.name,
          countyUnitId: o.project.county_unit_id,
          countyName: o.project.county_name,
          year: m.year,
          month: m.month,
          dueAt: m.dueAt.toISOString(),
          filedAt: m.filedAt?.toISOString() ?? null,
          standing: m.standing,
          letters: (lettersOf.get(lapseKey(o.project.id, m)) ?? []).map(letterRef),
        });
      }
    items.sort((a, b) => b.year - a.year || b.month - a.month || a.projectCode.localeCompare(b.projectCode));
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    return { items: items.slice((page - 1) * pageSize, page * pageSize), total: items.length };
  }

  /** The project unit: the months of its own projects not filed yet (due or missing), oldest first. */
  async due(ctx: RequestContext): Promise<ReportDueList> {
    const actor = actorWith(ctx, 'project.read');
    const owed = await this.owed(
      this.database.db,
      this.clock.now(),
      (p, place) => p.status === 'active' && canOnProject(actor, 'project.report', place),
    );
    const items: ReportDueList['items'] = [];
    for (const o of owed)
      for (const m of o.months)
        if (m.standing === 'open' || m.standing === 'missing')
          items.push({
            projectId: o.project.id,
            projectCode: o.project.code,
            projectName: o.project.name,
            year: m.year,
            month: m.month,
            dueAt: m.dueAt.toISOString(),
            standing: m.standing,
          });
    items.sort((a, b) => a.year - b.year || a.month - b.month || a.projectCode.localeCompare(b.projectCode));
    return { items };
  }

  /** Plans the letters for missing reports at `now` (for tests and a dry run). */
  async plan(now: Date) {
    const db = this.database.db;
    const ladder = await this.campaigns.ladder(db);
    const calendar = (await this.casePolicy.policy(now.getTime())).calendar;
    const owed = await this.owed(db, now, (p) => p.status === 'active');
    const lapses: LapseFacts[] = owed.flatMap((o) =>
      o.months
        .filter((m) => m.standing === 'missing')
        .map((m) => ({
          projectId: o.project.id,
          year: m.year,
          month: m.month,
          unitId: o.project.county_unit_id,
          dueAt: m.dueAt.toISOString(),
          filed: false,
        })),
    );
    const linked = await projectInvestmentRepository.lapseLetters(db, [...new Set(lapses.map((l) => l.projectId))]);
    const planned = decideLapseLetters({
      now,
      calendar,
      ladder,
      lapses,
      letters: sentLetters(linked),
      awaitingApproval: linked
        .filter((l) => l.status === 'pending_approval' || (l.status === 'draft' && l.returned_at !== null))
        .map((l) => ({ projectId: l.project_id, year: l.year, month: l.month })),
    });
    return { planned, candidates: lapses.length, ladder, owed };
  }

  /**
   * One sweep at `now`: issues (or prepares for approval) the letters the ladder calls for, all
   * through the issuing command in one transaction, each letter under its savepoint; a letter
   * whose lapse got a letter of the rung meanwhile is skipped (the link table's unique index).
   * Idempotent: decisions depend on state, so a second run at the same instant plans nothing.
   */
  async sweep(now: Date): Promise<LapseSweepReport> {
    const db = this.database.db;
    const { planned, candidates, ladder, owed } = await this.plan(now);
    const report: LapseSweepReport = { candidates, planned: planned.length, issued: 0, prepared: 0, skipped: 0, numbers: [] };
    if (!planned.length) return report;
    const campaign = await this.campaigns.current(db);
    const units = new Map((await unitRepository.byIds(db, [...new Set(planned.map((p) => p.unitId))])).map((u) => [u.id, u]));
    const names = new Map(owed.map((o) => [o.project.id, o.project.name]));
    const work: LetterToIssue[] = planned.flatMap((p) => {
      const unit = units.get(p.unitId);
      const rung = ladder.rungs.find((r) => r.key === p.rungKey);
      if (!unit || !rung) return [];
      const lines = p.lapses.map((l) => ({
        projectName: names.get(l.projectId) ?? String(l.projectId),
        year: l.year,
        month: l.month,
        dueDay: dueDayOf(owed, l),
      }));
      return [
        {
          rung,
          unitId: unit.id,
          caseIds: [],
          campaignId: campaign?.id ?? null,
          subject: {
            title: lapseLetterTitle(rung.type, unit.name),
            body: lapseLetterBody({
              type: rung.type,
              unitName: unit.name,
              toOffice: rung.recipient.kind === 'office',
              lines,
              replyWorkingDays: rung.replyWorkingDays,
            }),
            about: `${p.lapses.length} 期重大项目月度投资报告`,
            link: (trx, letterId) => projectInvestmentRepository.linkLapses(trx, letterId, rung.key, p.lapses),
          },
        },
      ];
    });
    const outcomes = await this.issuing.issue(systemContext('report-lapses'), now, work, { onLost: 'skip' });
    for (const o of outcomes) {
      if (o.issued) report.numbers.push(o.number);
      else if (o.pending) report.prepared += 1;
      else report.skipped += 1;
    }
    report.issued = report.numbers.length;
    return report;
  }
}

/** The letters already sent about lapses (issued or withdrawn; never drafts), with the lapses each covers. */
function sentLetters(linked: readonly LapseLetterRead[]): LapseLetterFacts[] {
  const byLetter = new Map<number, LapseLetterFacts>();
  for (const l of linked) {
    if ((l.status !== 'issued' && l.status !== 'withdrawn') || !l.issued_at || !l.reply_deadline) continue;
    const f = byLetter.get(l.letter_id) ?? {
      id: l.letter_id,
      rungKey: l.rung_key,
      unitId: l.unit_id,
      lapses: [],
      issuedAt: l.issued_at,
      replyDeadline: l.reply_deadline,
      signedAt: l.signed_at,
      withdrawn: l.status === 'withdrawn',
    };
    f.lapses.push({ projectId: l.project_id, year: l.year, month: l.month });
    byLetter.set(l.letter_id, f);
  }
  return [...byLetter.values()];
}

/** The last day in time of a lapse's report (the due instant is the next China midnight). */
function dueDayOf(owed: readonly ProjectMonths[], l: LapseRef): string {
  const m = owed.find((o) => o.project.id === l.projectId)?.months.find((x) => lapseKey(l.projectId, x) === lapseKey(l.projectId, l));
  return m ? chinaDay(new Date(m.dueAt.getTime() - 1)) : `${l.year}-${String(l.month).padStart(2, '0')}-01`;
}
