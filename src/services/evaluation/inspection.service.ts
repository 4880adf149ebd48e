import type { Database, Executor } from '../../db/database.js';
import { checkpointRepository, type CheckpointRow } from '../../db/repositories/checkpoint.repository.js';
import { inspectionRepository, type AnswerRow, type InspectionRow } from '../../db/repositories/inspection.repository.js';
import { chinaDay } from '../../domain/calendar/work-calendar.js';
import { standardsFor } from '../../domain/evaluation/framework.js';
import { positionFlag, type LonLat } from '../../domain/evaluation/sampling.js';
import { rateOf, scoreAnswer } from '../../domain/evaluation/scoring.js';
import { caseCategoryFor } from '../../domain/evaluation/case-category.js';
import {
  checkSubmission,
  classifySubmission,
  normalizeKey,
  submissionHash,
  submissionStatus,
  type InspectionSubmission,
} from '../../domain/evaluation/sync.js';
import { can, type Actor } from '../../domain/policies/permissions.js';
import type { Permission } from '../../shared/enums.js';
import type { InspectionView, PointChecklist, SubmitBody, TodayRoute } from '../../shared/contracts/inspections.contract.js';
import type { AuditService } from '../audit/audit.service.js';
import type { CasePolicyService } from '../cases/case-policy.service.js';
import type { CaseService } from '../cases/case.service.js';
import type { CampaignService } from './campaign.service.js';
import type { Clock } from '../../core/clock.js';
import type { RequestContext } from '../../core/context.js';
import { AppError, forbidden, invalid, notFound, unauthorized } from '../../core/errors.js';
import type { Upload } from '../files/file.service.js';
import { loadFramework, standardView } from './framework.service.js';
import { todayRoute } from './inspection-today.js';

/** One submitted answer; photos come as uploads in field `photos_<standardCode>`. */
export type SubmitAnswer = SubmitBody['answers'][number];

/** Photo id of an upload: SHA-256 of its bytes, so a faithful re-send hashes the same. */
const photoId = (u: Upload): string => u.source.sha256;

/** Inspection plans, the inspector's day and offline-safe submissions (results: EvaluationResultsService). */
export class InspectionService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly cases: CaseService,
    private readonly casePolicy: CasePolicyService,
    private readonly campaigns: CampaignService,
  ) {}

  private actorWith(ctx: RequestContext, permission: Permission): Actor {
    if (!ctx.actor) throw unauthorized();
    if (!can(ctx.actor, permission)) throw forbidden();
    return ctx.actor;
  }

  /**
   * The inspector's route for a day (default today, China time): their plan share split
   * into walkable days (campaign setting maxPointsPerDay), this day's part with what is
   * done today; nearest first when a position is given.
   */
  async myPoints(ctx: RequestContext, at: { lon?: number; lat?: number; day?: string } = {}): Promise<TodayRoute> {
    const actor = this.actorWith(ctx, 'inspection.perform');
    const db = this.database.db;
    const here: LonLat | null = at.lon !== undefined && at.lat !== undefined ? { lon: at.lon, lat: at.lat } : null;
    if (here && (!Number.isFinite(here.lon) || !Number.isFinite(here.lat) || Math.abs(here.lon) > 180 || Math.abs(here.lat) > 90))
      throw invalid('position', 'not a longitude/latitude');
    const { maxPointsPerDay } = await this.campaigns.evaluationSettings(db);
    return todayRoute(db, actor.userId, at.day ?? chinaDay(this.clock.now()), maxPointsPerDay, here);
  }

  /** The checklist of an assigned point today: the standards of its type in the plan's pinned framework. */
  async checklist(ctx: RequestContext, pointId: number): Promise<PointChecklist> {
    const actor = this.actorWith(ctx, 'inspection.perform');
    const db = this.database.db;
    const a = (await inspectionRepository.assignedOn(db, actor.userId, chinaDay(this.clock.now()))).find(
      (x) => x.checkpoint_id === pointId,
    );
    if (!a) throw new AppError(403, 'point_not_assigned', `check point ${pointId} is not assigned to you`);
    const point = await checkpointRepository.byId(db, pointId);
    if (!point) throw notFound('checkpoint', pointId);
    return {
      pointId,
      frameworkId: a.framework_id,
      standards: standardsFor(await loadFramework(db, a.framework_id), point.type).map(standardView),
    };
  }

  /**
   * Records an inspection from the phone (possibly a re-sent one from the offline queue).
   *
   * Order, chosen so a replay never creates a second case: (1) the inspection and its
   * answers are stored in one transaction under the idempotency key (unique); (2) then a
   * case is reported for every failed answer through CaseService.report (its own
   * transaction, with the photos of that answer) and the case id is recorded on the
   * answer. A replay with the same content finds the stored inspection and only reports
   * the failed answers still without a case (an earlier sync cut off between (1) and
   * (2)), so each failed answer yields exactly one case. Returns `replay: true` for an
   * acknowledged replay (HTTP 200) and false for a new inspection (201).
   */
  async submit(ctx: RequestContext, input: SubmitBody, uploads: Upload[]): Promise<{ replay: boolean; inspection: InspectionView }> {
    const actor = this.actorWith(ctx, 'inspection.perform');
    const db = this.database.db;
    const codes = new Set(input.answers.map((a) => a.standardCode));
    for (const u of uploads) {
      const code = u.field.startsWith('photos_') ? u.field.slice('photos_'.length) : u.field === 'photos' ? null : undefined;
      if (code === undefined || (code !== null && !codes.has(code)))
        throw invalid(u.field, 'unknown file field (use "photos" or "photos_<standardCode>" of an answered standard)');
    }
    const photosOf = (code: string | null) => uploads.filter((u) => (code === null ? u.field === 'photos' : u.field === `photos_${code}`));
    const submission: InspectionSubmission = {
      idempotencyKey: input.idempotencyKey,
      pointId: input.pointId,
      recordedAt: input.recordedAt,
      position: input.position ?? null,
      note: input.note ?? null,
      photoIds: photosOf(null).map(photoId),
      answers: input.answers.map((a) => ({
        standardCode: a.standardCode,
        answer: a.answer,
        score: a.score ?? null,
        note: a.note ?? null,
        photoIds: photosOf(a.standardCode).map(photoId),
      })),
    };
    const key = normalizeKey(input.idempotencyKey);
    const existing = await inspectionRepository.byKey(db, key);
    if (existing) return this.acknowledge(ctx, actor, existing, submission, photosOf);

    const recorded = Date.parse(input.recordedAt);
    const day = Number.isNaN(recorded) ? chinaDay(this.clock.now()) : chinaDay(new Date(recorded));
    const assigned = (await inspectionRepository.assignedOn(db, actor.userId, day)).filter((a) => a.checkpoint_id === input.pointId);
    const point = assigned.length ? await checkpointRepository.byId(db, input.pointId) : undefined;
    const plan = assigned[0];
    const framework = plan && point ? await loadFramework(db, plan.framework_id) : null;
    const standards = framework && point ? standardsFor(framework, point.type) : [];
    const problems = checkSubmission(submission, {
      assignedPointIds: point ? [point.id] : [],
      pointType: point?.type ?? '',
      standardsOfType: standards,
    });
    const status = submissionStatus(problems);
    if (status !== null || !point || !plan || !framework) {
      const first = problems[0];
      throw new AppError(status ?? 403, first?.code ?? 'point_not_assigned', first?.message ?? 'check point not assigned', {
        problems,
        ...(first?.field ? { field: first.field } : {}),
      });
    }

    const byCode = new Map(standards.map((s) => [s.code, s]));
    let earned = 0;
    let possible = 0;
    const answerRows = submission.answers.map((a) => {
      const s = scoreAnswer(byCode.get(a.standardCode)!, a, { pointType: point.type });
      if (!s.ok) throw new AppError(422, 'invalid_answer', s.message, { field: 'answers', standardCode: a.standardCode });
      earned += s.earned;
      possible += s.possible;
      return {
        standard_code: a.standardCode,
        answer: a.answer,
        score: a.score ?? null,
        earned: s.earned,
        possible: s.possible,
        note: a.note ?? null,
        photo_ids: JSON.stringify(a.photoIds ?? []),
        case_id: null,
      };
    });
    const { maxPositionMeters } = await this.campaigns.evaluationSettings(db);
    const flag = positionFlag(
      { location: point.lon !== null && point.lat !== null ? { lon: point.lon, lat: point.lat } : null },
      submission.position,
      maxPositionMeters,
    );
    const now = this.clock.now().toISOString();
    let id: number;
    try {
      id = await db.transaction().execute(async (trx) => {
        const id = await inspectionRepository.insert(trx, {
          idempotency_key: key,
          content_hash: submissionHash(submission),
          plan_id: plan.plan_id,
          checkpoint_id: point.id,
          inspector_id: actor.userId,
          framework_id: plan.framework_id,
          started_at: new Date(recorded).toISOString(),
          submitted_at: now,
          lon: submission.position?.lon ?? null,
          lat: submission.position?.lat ?? null,
          position_flagged: flag.flagged ? 1 : 0,
          distance_m: flag.distanceMeters,
          earned,
          possible,
          note: input.note ?? null,
          created_at: now,
        });
        await inspectionRepository.insertAnswers(
          trx,
          answerRows.map((r) => ({ ...r, inspection_id: id })),
        );
        await this.audit.record(trx, ctx, {
          action: 'inspection.submit',
          targetType: 'inspection',
          targetId: id,
          summary: { key, point: point.code, earned, possible, flagged: flag.reason },
        });
        return id;
      });
    } catch (e) {
      // Two syncs of the same queue racing: the loser sees the winner's row.
      const raced = await inspectionRepository.byKey(db, key);
      if (raced) return this.acknowledge(ctx, actor, raced, submission, photosOf);
      throw e;
    }
    await this.raiseCases(ctx, id, point, photosOf);
    return { replay: false, inspection: await this.view(db, id) };
  }

  private async acknowledge(
    ctx: RequestContext,
    actor: Actor,
    existing: InspectionRow,
    submission: InspectionSubmission,
    photosOf: (code: string | null) => Upload[],
  ): Promise<{ replay: boolean; inspection: InspectionView }> {
    const kind = classifySubmission({ idempotencyKey: existing.idempotency_key, contentHash: existing.content_hash }, submission);
    if (kind === 'conflict' || existing.inspector_id !== actor.userId) {
      throw new AppError(409, 'idempotency_conflict', 'this idempotency key was already used for a different inspection', {
        field: 'idempotencyKey',
        inspectionId: existing.id,
      });
    }
    const point = await checkpointRepository.byId(this.database.db, existing.checkpoint_id);
    if (point) await this.raiseCases(ctx, existing.id, point, photosOf);
    return { replay: true, inspection: await this.view(this.database.db, existing.id) };
  }

  /** Reports a case for every failed answer that has none yet, and records its id on the answer. */
  private async raiseCases(
    ctx: RequestContext,
    inspectionId: number,
    point: CheckpointRow,
    photosOf: (code: string | null) => Upload[],
  ): Promise<void> {
    const db = this.database.db;
    const pending = (await inspectionRepository.answers(db, [inspectionId])).filter((a) => a.answer === 'fail' && a.case_id === null);
    if (pending.length === 0) return;
    const inspection = (await inspectionRepository.byId(db, inspectionId))!;
    const framework = await loadFramework(db, inspection.framework_id);
    const categories = new Set((await this.casePolicy.policy()).categories.map((c) => c.code));
    const categoryCode = caseCategoryFor(point.type, categories);
    for (const a of pending) {
      const standard = framework.byCode.get(a.standard_code);
      const own = photosOf(a.standard_code);
      const photos = own.length ? own : photosOf(null);
      const description =
        `测评不达标：${point.name}（${point.code}）— ${a.standard_code} ${standard?.name ?? ''}${a.note ? `。${a.note}` : ''}`.slice(
          0,
          2000,
        );
      const created = await this.cases.report(
        ctx,
        {
          source: 'inspection',
          categoryCode,
          description,
          address: point.address ?? point.name,
          lon: point.lon,
          lat: point.lat,
          areaUnitId: point.area_unit_id,
          checkPointId: point.id,
        },
        photos.map((p, i) => ({ source: p.source, filename: p.filename ?? `photo${i}.jpg`, field: 'photos' })),
      );
      await inspectionRepository.setAnswerCase(db, a.id, created.id);
    }
  }

  private async view(db: Executor, id: number): Promise<InspectionView> {
    const r = await inspectionRepository.byId(db, id);
    if (!r) throw notFound('inspection', id);
    return inspectionView(r, await inspectionRepository.answers(db, [id]));
  }

  async get(ctx: RequestContext, id: number): Promise<InspectionView> {
    this.actorWith(ctx, 'evaluation.read');
    return this.view(this.database.db, id);
  }
}

function inspectionView(r: InspectionRow, answers: AnswerRow[]): InspectionView {
  return {
    id: r.id,
    idempotencyKey: r.idempotency_key,
    planId: r.plan_id,
    pointId: r.checkpoint_id,
    inspectorId: r.inspector_id,
    frameworkId: r.framework_id,
    startedAt: r.started_at,
    submittedAt: r.submitted_at,
    earned: r.earned,
    possible: r.possible,
    rate: rateOf(r.earned, r.possible),
    positionFlagged: r.position_flagged === 1,
    distanceM: r.distance_m,
    answers: answers.map((a) => ({
      standardCode: a.standard_code,
      answer: a.answer,
      score: a.score,
      earned: a.earned,
      possible: a.possible,
      note: a.note,
      caseId: a.case_id,
    })),
  };
}
