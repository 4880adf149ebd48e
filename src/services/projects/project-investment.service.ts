import type { Database, Executor } from '../../db/database.js';
import { isUniqueViolation } from '../../db/db-errors.js';
import { projectInvestmentRepository } from '../../db/repositories/project-investment.repository.js';
import { projectRepository } from '../../db/repositories/project.repository.js';
import { inTransaction, transactOrUndo } from '../../db/transactions.js';
import { chinaDay } from '../../domain/calendar/work-calendar.js';
import { canOnProject } from '../../domain/policies/project-scope.js';
import { cumulativeInvestment, investmentLight, reportStanding, type YearMonth } from '../../domain/projects/investment.js';
import { chinaMonth, monthsToReport, standings } from '../../domain/projects/report-lapses.js';
import { stageAsOf } from '../../domain/projects/stages.js';
import type {
  FileReportBody,
  InvestmentPlan,
  ProjectInvestment,
  ProjectMonth,
  SetPlanBody,
} from '../../shared/contracts/project-investment.contract.js';
import type { ProjectStage, StageRecordStatus } from '../../shared/project-enums.js';
import type { Clock } from '../../core/clock.js';
import type { RequestContext } from '../../core/context.js';
import { AppError, forbidden, invalidSaid, notFound } from '../../core/errors.js';
import type { NotificationService } from '../../notify/notification.service.js';
import type { AuditService } from '../audit/audit.service.js';
import type { FileService, Upload, FileContent } from '../files/file.service.js';
import type { ProjectService } from './project.service.js';
import { fromHundredths, toHundredths } from './money.js';
import { groupByMonth, keyOf, latestFigures, letterRef, reportingFacts, versionView } from './project-investment.views.js';

/** The day of the next month by which a month's report is due unless configured. */
export const DEFAULT_PROJECT_REPORT_DUE_DAY = 5;

const monthNumber = (m: YearMonth): number => m.year * 12 + (m.month - 1);
const zhMonth = (m: YearMonth): string => `${m.year}年${m.month}月`;

/**
 * Investment progress of major projects (issue 14 point 4, DOMAIN.md §3.7): the projects office
 * sets each project's annual planned investment; the project unit files a report for each ended
 * month (completed that month, progress, problems, photos), one per month — a correction is the
 * next version, the earlier ones kept; 完成率, 序时进度 and the light come from the domain
 * (investment.ts). A month's report is due by day `dueDay` of the following month; late and
 * missing months are flagged (and escalated by ProjectReportLapseService).
 */
export class ProjectInvestmentService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly notifications: NotificationService,
    private readonly files: FileService,
    private readonly projects: ProjectService,
    readonly dueDay: number = DEFAULT_PROJECT_REPORT_DUE_DAY,
  ) {}

  /** The annual plan of a visible project (404 when none is set). */
  async plan(ctx: RequestContext, projectId: number, year: number): Promise<InvestmentPlan> {
    const db = this.database.db;
    await this.projects.visible(db, ctx, projectId);
    const plan = (await this.plansOf(db, projectId)).find((p) => p.year === year);
    if (!plan) throw notFound('plan', year);
    return plan;
  }

  /** The projects office sets (or changes, at the version read) a project's annual planned investment. */
  async setPlan(ctx: RequestContext, projectId: number, year: number, body: SetPlanBody): Promise<InvestmentPlan> {
    const db = this.database.db;
    const { row, actor, place } = await this.projects.visible(db, ctx, projectId);
    if (!canOnProject(actor, 'project.manage', place)) throw forbidden('only the projects office sets the annual plan');
    const plan = toHundredths(body.plan, 'plan');
    const note = body.note?.trim() || null;
    const existing = (await this.plansOf(db, projectId)).find((p) => p.year === year);
    if (existing && body.version === undefined)
      throw new AppError(409, 'version_conflict', `version: the ${year} plan exists; send the version read to change it`, {
        field: 'version',
      });
    if (existing && existing.version !== body.version) throw planMoved(year);
    if (!existing && body.version !== undefined) throw notFound('plan', year);
    const at = this.clock.now().toISOString();
    await inTransaction(db, async (trx) => {
      if (existing) {
        if (
          !(await projectInvestmentRepository.updatePlan(trx, projectId, year, existing.version, {
            plan_wan_cents: plan,
            note,
            set_by: actor.userId,
            set_at: at,
          }))
        )
          throw planMoved(year);
      } else
        await projectInvestmentRepository
          .insertPlan(trx, { project_id: projectId, year, plan_wan_cents: plan, note, set_by: actor.userId, set_at: at })
          .catch((e: unknown) => {
            throw isUniqueViolation(e) ? planMoved(year) : e;
          });
      await this.audit.record(trx, ctx, {
        action: 'project_plan.set',
        targetType: 'project',
        targetId: projectId,
        summary: { code: row.code, year, planWanCents: plan, previousWanCents: existing ? Math.round(existing.plan * 100) : null },
      });
    });
    return this.plan(ctx, projectId, year);
  }

  /**
   * The project unit files the report of an ended month (photos checked and stored before the
   * transaction, removed if it fails). A month already filed is corrected by sending the version
   * read and a reason: the correction becomes the next version.
   */
  async file(ctx: RequestContext, projectId: number, body: FileReportBody, uploads: Upload[] = []): Promise<ProjectInvestment> {
    const db = this.database.db;
    const { row, actor, place } = await this.projects.visible(db, ctx, projectId);
    if (!canOnProject(actor, 'project.report', place)) throw forbidden('only the project unit files its monthly reports');
    if (row.status !== 'active') throw new AppError(409, 'terminated', 'status: the project is terminated', { field: 'status' });
    const now = this.clock.now();
    const m = { year: body.year, month: body.month };
    if (monthNumber(m) >= monthNumber(chinaMonth(now)))
      throw invalidSaid('month', {
        zh: `${m.year}年${m.month}月尚未结束，请于次月1日起报送`,
        en: 'the month is not over yet; report it from the 1st of the next month',
      });
    const completed = toHundredths(body.completed, 'completed');
    const opening = body.opening === undefined ? null : toHundredths(body.opening, 'opening');
    const progress = body.progress.trim();
    if (!progress) throw invalidSaid('progress', { zh: '请填写进展情况', en: 'must not be blank' });
    const reports = await projectInvestmentRepository.reportsOf(db, projectId);
    const mine = reports.filter((r) => r.year === m.year && r.month === m.month);
    const latest = mine.at(-1) ?? null;
    const reason = body.correctionReason?.trim() || null;
    if (latest === null && body.version !== undefined) throw notFound('report', `${keyOf(m)} v${body.version}`);
    if (latest !== null) {
      if (body.version === undefined)
        throw new AppError(
          409,
          'report_exists',
          `version: ${keyOf(m)} is filed (version ${latest.version}); send that version and a reason to correct it`,
          {
            field: 'version',
          },
        );
      if (body.version !== latest.version) throw reportMoved(m);
      if (!reason) throw invalidSaid('correctionReason', { zh: '更正已报送的月报，请填写更正理由', en: 'say why the report is corrected' });
    }
    const earlier = reports.filter((r) => monthNumber(r) < monthNumber(m));
    if (opening !== null && earlier.length > 0)
      throw invalidSaid('opening', {
        zh: `开工以来累计完成额只在首次报送的月份填写（已报送${zhMonth(earlier[0]!)}）`,
        en: `only the earliest reported month carries the opening balance (${keyOf(earlier[0]!)} was reported)`,
      });
    const first = reports[0];
    if (
      first &&
      monthNumber(m) < monthNumber(first) &&
      reports.some((r) => monthNumber(r) === monthNumber(first) && r.opening_wan_cents !== null)
    )
      throw invalidSaid('month', {
        zh: `${zhMonth(first)}之前的完成额已计入其开工以来累计完成，无需报送`,
        en: `months before ${keyOf(first)} are covered by its opening balance`,
      });
    const prepared = await this.files.prepare(uploads);
    const at = now.toISOString();
    const version = (latest?.version ?? 0) + 1;
    await transactOrUndo(
      this.database,
      async (trx) => {
        const reportId = await projectInvestmentRepository
          .insertReport(trx, {
            project_id: projectId,
            year: m.year,
            month: m.month,
            version,
            completed_wan_cents: completed,
            opening_wan_cents: opening,
            progress,
            problems: body.problems?.trim() ?? '',
            correction_reason: latest ? reason : null,
            submitted_by: actor.userId,
            submitted_at: at,
          })
          .catch((e: unknown) => {
            throw isUniqueViolation(e) ? reportMoved(m) : e;
          });
        const fileIds = await this.files.attach(trx, prepared, { caseId: null, eventId: null, phase: 'evidence', createdBy: actor.userId });
        await projectInvestmentRepository.addReportFiles(
          trx,
          reportId,
          fileIds.map((fileId, i) => ({ fileId, name: prepared[i]?.filename ?? null })),
        );
        const standing = reportStanding(m, new Date(mine[0]?.submitted_at ?? at), now, this.dueDay);
        await this.audit.record(trx, ctx, {
          action: latest ? 'project_report.correct' : 'project_report.file',
          targetType: 'project',
          targetId: projectId,
          summary: {
            code: row.code,
            month: keyOf(m),
            version,
            completedWanCents: completed,
            openingWanCents: opening,
            standing,
            files: fileIds.length,
            ...(reason && latest ? { reason } : {}),
          },
        });
        if (latest)
          await this.notifications.notify(trx, {
            userIds: await this.projects.recipients(trx, row, ['office'], actor.userId),
            caseId: null,
            kind: 'project_report.corrected',
            title: `月度投资报告更正：${row.name}`,
            body: `“${row.name}”${m.year}年${m.month}月投资进度报告已更正（第${version}版）。理由：${reason}`,
          });
      },
      () => this.files.discard(prepared),
    );
    return this.investment(ctx, projectId, m.year);
  }

  /** The year's progress of a visible project: plan, sums, 完成率, 序时进度, the light, each month and the lapses. */
  async investment(ctx: RequestContext, projectId: number, year?: number): Promise<ProjectInvestment> {
    const db = this.database.db;
    const v = await this.projects.visible(db, ctx, projectId);
    const now = this.clock.now();
    const today = chinaDay(now);
    const y = year ?? Number(today.slice(0, 4));
    const asOf = y < Number(today.slice(0, 4)) ? `${y}-12-31` : today;
    const [plans, reports, letters, records, milestones] = await Promise.all([
      this.plansOf(db, projectId),
      projectInvestmentRepository.reportsOf(db, projectId),
      projectInvestmentRepository.lapseLetters(db, [projectId]),
      projectRepository.stageRecordsOf(db, projectId),
      projectRepository.milestonesOf(db, projectId),
    ]);
    const plan = plans.find((p) => p.year === y) ?? null;
    const byMonth = groupByMonth(reports);
    const { completions, opening } = latestFigures(byMonth);
    // The months reported up to the as-of day's month (of the year asked, or earlier for a future year).
    const upTo = { year: Number(asOf.slice(0, 4)), month: Number(asOf.slice(5, 7)) };
    const sums = cumulativeInvestment(completions, upTo, opening);
    const light = investmentLight({
      year: y,
      day: asOf,
      annualPlan: plan ? Math.round(plan.plan * 100) : null,
      completedThisYear: upTo.year === y ? sums.thisYear : 0,
      completedSinceStart: sums.sinceStart,
      stage: stageAsOf(
        records.map((r) => ({ stage: r.stage as ProjectStage, actualDate: r.actual_date, status: r.status as StageRecordStatus })),
        asOf,
      ),
      plannedStart: milestones.find((ms) => ms.stage === 'started')?.planned_date ?? null,
    });
    const owed = monthsToReport(
      reportingFacts(
        v.row,
        plans.filter((p) => p.plan > 0).map((p) => p.year),
      ),
      now,
    );
    const owedKeys = new Set(owed.map(keyOf));
    const filedAt = new Map([...byMonth].map(([k, vs]) => [k, new Date(vs[0]!.submitted_at)]));
    const files = await projectInvestmentRepository.reportFilesOf(
      db,
      reports.map((r) => r.id),
    );
    const month = (m: YearMonth): ProjectMonth => {
      const k = keyOf(m);
      const versions = byMonth.get(k) ?? [];
      const s = standings([m], filedAt, now, this.dueDay)[0]!;
      const isOwed = owedKeys.has(k);
      const cum = cumulativeInvestment(completions, m, opening);
      return {
        year: m.year,
        month: m.month,
        owed: isOwed,
        dueAt: s.dueAt.toISOString(),
        filedAt: s.filedAt?.toISOString() ?? null,
        // A month nobody owed (before the project was registered, or of a year without a plan) is never flagged.
        standing: isOwed ? s.standing : versions.length ? 'on_time' : 'open',
        completed: versions.length ? fromHundredths(versions.at(-1)!.completed_wan_cents) : null,
        cumulativeThisYear: fromHundredths(cum.thisYear),
        cumulativeSinceStart: fromHundredths(cum.sinceStart),
        versions: [...versions].reverse().map((r) => versionView(r, files.get(r.id) ?? [])),
        letters: letters.filter((l) => l.year === m.year && l.month === m.month).map(letterRef),
      };
    };
    const yearMonths = new Set<string>();
    for (const k of [...owedKeys, ...byMonth.keys()]) if (k.startsWith(`${y}-`)) yearMonths.add(k);
    const months = [...yearMonths].sort().map((k) => month({ year: Number(k.slice(0, 4)), month: Number(k.slice(5)) }));
    const lapses = owed.map(month).filter((mm) => mm.standing === 'late' || mm.standing === 'missing');
    const active = v.row.status === 'active';
    return {
      projectId,
      year: y,
      asOf,
      plan,
      completedThisYear: fromHundredths(upTo.year === y ? sums.thisYear : 0),
      completedSinceStart: fromHundredths(sums.sinceStart),
      completionRate: light.completionRate,
      scheduleShare: light.schedule.share,
      elapsedDays: light.schedule.elapsedDays,
      daysInYear: light.schedule.daysInYear,
      light: light.status,
      reason: light.reason,
      dueDay: this.dueDay,
      months,
      lapses,
      canReport: active && canOnProject(v.actor, 'project.report', v.place),
      canPlan: canOnProject(v.actor, 'project.manage', v.place),
    };
  }

  /** The bytes of a photo of a report of a project the actor may read (404 for a file of another report). */
  async photo(ctx: RequestContext, projectId: number, reportId: number, fileId: number): Promise<FileContent & { name: string | null }> {
    const db = this.database.db;
    await this.projects.visible(db, ctx, projectId);
    const report = (await projectInvestmentRepository.reportsOf(db, projectId)).find((r) => r.id === reportId);
    if (!report) throw notFound('report', reportId);
    const file = ((await projectInvestmentRepository.reportFilesOf(db, [reportId])).get(reportId) ?? []).find((f) => f.id === fileId);
    if (!file) throw notFound('file', fileId);
    const { body, size, mime } = await this.files.read(fileId, 'public');
    return { body, size, mime, name: file.name };
  }

  private async plansOf(db: Executor, projectId: number): Promise<InvestmentPlan[]> {
    const rows = await projectInvestmentRepository.plansOf(db, [projectId]);
    const names = new Map<number, string>();
    for (const r of rows)
      if (r.set_by !== null && !names.has(r.set_by)) {
        const u = await db.selectFrom('users').select('display_name').where('id', '=', r.set_by).executeTakeFirst();
        if (u) names.set(r.set_by, u.display_name);
      }
    return rows.map((r) => ({
      year: r.year,
      plan: fromHundredths(r.plan_wan_cents),
      note: r.note,
      version: r.version,
      setBy: r.set_by !== null && names.has(r.set_by) ? { id: r.set_by, name: names.get(r.set_by)! } : null,
      setAt: r.set_at,
    }));
  }
}

function planMoved(year: number): AppError {
  return new AppError(409, 'version_conflict', `version: the ${year} plan was changed meanwhile; reload it`, { field: 'version' });
}

function reportMoved(m: YearMonth): AppError {
  return new AppError(409, 'version_conflict', `version: the report of ${keyOf(m)} was changed meanwhile; reload it`, { field: 'version' });
}
