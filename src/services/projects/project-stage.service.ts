import type { Database } from '../../db/database.js';
import { isUniqueViolation } from '../../db/db-errors.js';
import { projectRepository } from '../../db/repositories/project.repository.js';
import type { ProjectStageRecordRow } from '../../db/schema.js';
import { inTransaction, transactOrUndo } from '../../db/transactions.js';
import { chinaDay } from '../../domain/calendar/work-calendar.js';
import { decideStageRecord, type StageRefusal } from '../../domain/projects/stages.js';
import { canOnProject } from '../../domain/policies/project-scope.js';
import type { Project, RecordStageBody } from '../../shared/contracts/projects.contract.js';
import { PROJECT_STAGE_LABELS, type ProjectStage } from '../../shared/project-enums.js';
import type { Clock } from '../../core/clock.js';
import type { RequestContext } from '../../core/context.js';
import { AppError, forbidden, invalid, notFound } from '../../core/errors.js';
import type { NotificationService } from '../../notify/notification.service.js';
import type { AuditService } from '../audit/audit.service.js';
import type { FileService, Upload, FileContent } from '../files/file.service.js';
import { moved, type ProjectService, type VisibleProject } from './project.service.js';

const label = (s: string) => PROJECT_STAGE_LABELS[s as ProjectStage]?.zh ?? s;

/**
 * A project's stages (issue 14 point 2, DOMAIN.md §3.7): the project unit records a stage it
 * reached — its actual day, a note and evidence (photos or PDF documents) — and the work team
 * of the project or the county's projects office confirms it (the project moves to it) or sends
 * it back with a reason. Going back or skipping a stage needs a reason. At most one record of a
 * project awaits confirmation; whoever recorded it does not confirm it. Each step is one
 * transaction with its audit record and a notice to the other side.
 */
export class ProjectStageService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly notifications: NotificationService,
    private readonly files: FileService,
    private readonly projects: ProjectService,
  ) {}

  /** The project unit records a stage with evidence (checked and stored before the transaction, removed if it fails). */
  async record(ctx: RequestContext, projectId: number, body: RecordStageBody, uploads: Upload[] = []): Promise<Project> {
    const db = this.database.db;
    const v = await this.projects.visible(db, ctx, projectId);
    const { row, actor, place } = v;
    if (!canOnProject(actor, 'project.report', place)) throw forbidden('only the project unit records its stages');
    if (row.status !== 'active') throw terminated();
    const records = await projectRepository.stageRecordsOf(db, projectId);
    if (records.some((r) => r.status === 'pending')) throw pendingExists();
    const now = this.clock.now();
    const reason = body.reason?.trim() || null;
    const decision = decideStageRecord({
      status: row.status,
      current: row.current_stage as ProjectStage,
      currentDate: row.current_stage_date,
      proposed: body.stage,
      actualDate: body.actualDate,
      reason,
      today: chinaDay(now),
    });
    if (!decision.ok) throw refused(decision.code, decision.message);
    const { move } = decision;
    const prepared = await this.files.prepare(uploads, { documents: true });
    const at = now.toISOString();
    await transactOrUndo(
      this.database,
      async (trx) => {
        const recordId = await projectRepository
          .insertStageRecord(trx, {
            project_id: projectId,
            stage: body.stage,
            from_stage: row.current_stage,
            actual_date: body.actualDate,
            note: body.note?.trim() ?? '',
            move,
            reason,
            status: 'pending',
            recorded_by: actor.userId,
            recorded_at: at,
            decided_by: null,
            decided_at: null,
            decision_reason: null,
          })
          .catch((e: unknown) => {
            throw isUniqueViolation(e) ? pendingExists() : e;
          });
        const fileIds = await this.files.attach(trx, prepared, { caseId: null, eventId: null, phase: 'evidence', createdBy: actor.userId });
        await projectRepository.addStageFiles(
          trx,
          recordId,
          fileIds.map((fileId, i) => ({ fileId, name: prepared[i]?.filename ?? null })),
        );
        await this.audit.record(trx, ctx, {
          action: 'project_stage.record',
          targetType: 'project',
          targetId: projectId,
          summary: {
            recordId,
            stage: body.stage,
            from: row.current_stage,
            move,
            actualDate: body.actualDate,
            reason,
            files: fileIds.length,
          },
        });
        await this.notifications.notify(trx, {
          userIds: await this.projects.recipients(trx, row, ['work_team', 'office'], actor.userId),
          caseId: null,
          kind: 'project_stage.recorded',
          title: `项目阶段待确认：${row.name}`,
          body: `${row.name}填报“${label(body.stage)}”（${body.actualDate}），请核实确认或说明理由退回。${reason ? `说明：${reason}` : ''}`,
        });
      },
      () => this.files.discard(prepared),
    );
    return this.projects.get(ctx, projectId);
  }

  /** The work team or the projects office confirms a recorded stage: the project moves to it; the project unit is told. */
  async confirm(ctx: RequestContext, projectId: number, recordId: number): Promise<Project> {
    return this.decide(ctx, projectId, recordId, null);
  }

  /** The work team or the projects office sends a recorded stage back with a reason; the project unit is told. */
  async reject(ctx: RequestContext, projectId: number, recordId: number, reason: string): Promise<Project> {
    const text = reason.trim();
    if (!text) throw invalid('reason', 'must not be blank');
    return this.decide(ctx, projectId, recordId, text);
  }

  private async decide(ctx: RequestContext, projectId: number, recordId: number, reason: string | null): Promise<Project> {
    const db = this.database.db;
    const v = await this.projects.visible(db, ctx, projectId);
    const record = await this.pendingRecord(v, recordId);
    const { row, actor } = v;
    const confirm = reason === null;
    const at = this.clock.now().toISOString();
    await inTransaction(db, async (trx) => {
      const ok = await projectRepository.decideStageRecord(trx, recordId, {
        status: confirm ? 'confirmed' : 'rejected',
        decided_by: actor.userId,
        decided_at: at,
        decision_reason: reason,
      });
      if (!ok) throw notPending();
      if (confirm) {
        const stageMoved = await projectRepository.update(trx, projectId, row.version, {
          current_stage: record.stage,
          current_stage_date: record.actual_date,
          updated_at: at,
        });
        if (!stageMoved) throw moved(projectId);
      }
      await this.audit.record(trx, ctx, {
        action: confirm ? 'project_stage.confirm' : 'project_stage.reject',
        targetType: 'project',
        targetId: projectId,
        summary: { recordId, stage: record.stage, from: record.from_stage, actualDate: record.actual_date, ...(reason ? { reason } : {}) },
      });
      await this.notifications.notify(trx, {
        userIds: await this.projects.recipients(trx, row, ['unit'], actor.userId),
        caseId: null,
        kind: confirm ? 'project_stage.confirmed' : 'project_stage.rejected',
        title: `${confirm ? '项目阶段已确认' : '项目阶段被退回'}：${row.name}`,
        body: confirm
          ? `“${label(record.stage)}”（${record.actual_date}）已确认。`
          : `“${label(record.stage)}”（${record.actual_date}）被退回：${reason}。请核实后重新填报。`,
      });
    });
    return this.projects.get(ctx, projectId);
  }

  /** The pending record `recordId` of the project, if the actor may decide it. */
  private async pendingRecord(v: VisibleProject, recordId: number): Promise<ProjectStageRecordRow> {
    const { row, actor, place } = v;
    const record = await projectRepository.stageRecordById(this.database.db, recordId);
    if (!record || record.project_id !== Number(row.id)) throw notFound('stage record', recordId);
    if (!canOnProject(actor, 'project.confirm', place))
      throw forbidden('only the work team of the project or the projects office confirms its stages');
    if (record.recorded_by === actor.userId) throw forbidden('someone other than who recorded a stage confirms it');
    if (record.status !== 'pending') throw notPending();
    if (row.status !== 'active') throw terminated();
    if (record.from_stage !== row.current_stage)
      throw new AppError(409, 'stage_moved', 'stage: the project moved since this stage was recorded; record it again', { field: 'stage' });
    return record;
  }

  /** The bytes of an evidence file of a stage record of a project the actor may read (404 for a file of another record). */
  async evidence(ctx: RequestContext, projectId: number, recordId: number, fileId: number): Promise<FileContent & { name: string | null }> {
    const db = this.database.db;
    const { row } = await this.projects.visible(db, ctx, projectId);
    const record = await projectRepository.stageRecordById(db, recordId);
    if (!record || record.project_id !== Number(row.id)) throw notFound('stage record', recordId);
    const file = ((await projectRepository.stageFilesOf(db, [recordId])).get(recordId) ?? []).find((f) => f.id === fileId);
    if (!file) throw notFound('file', fileId);
    // The public copy: photos without their metadata (a PDF's copies are the document itself).
    const { body, size, mime } = await this.files.read(fileId, 'public');
    return { body, size, mime, name: file.name };
  }
}

/** The field a refused stage names: the date checks name `actualDate`, a missing reason `reason`. */
const REFUSAL_FIELD: Record<StageRefusal, string> = {
  terminated: 'status',
  already_terminated: 'status',
  same_stage: 'stage',
  partly_producing_before_started: 'stage',
  reason_required: 'reason',
  date_in_future: 'actualDate',
  date_before_current: 'actualDate',
};

function refused(code: StageRefusal, message: string): AppError {
  if (code === 'terminated' || code === 'already_terminated') return terminated();
  return invalid(REFUSAL_FIELD[code], message);
}

function terminated(): AppError {
  return new AppError(409, 'terminated', 'status: the project is terminated', { field: 'status' });
}

function pendingExists(): AppError {
  return new AppError(409, 'stage_pending', 'stage: a recorded stage of this project awaits confirmation', { field: 'stage' });
}

function notPending(): AppError {
  return new AppError(409, 'stage_decided', 'status: this stage record was already decided', { field: 'status' });
}
