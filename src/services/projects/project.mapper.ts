import type { ProjectMemberRead, ProjectRead, StageRecordRead } from '../../db/repositories/project.repository.js';
import type { ProjectMilestoneRow } from '../../db/schema.js';
import type { ProjectPlace } from '../../domain/policies/project-scope.js';
import type { Project, ProjectBatchRef, ProjectStageRecord, ProjectSummary } from '../../shared/contracts/projects.contract.js';
import type {
  BatchRole,
  ProjectCategory,
  ProjectLevel,
  ProjectStage,
  ProjectStatus,
  StageRecordStatus,
} from '../../shared/project-enums.js';
import type { StageMove } from '../../shared/project-enums.js';
import { fromHundredths } from './money.js';

const hundredthsOrNull = (v: number | null) => (v === null ? null : fromHundredths(v));
const ref = (id: number | null, name: string | null) => (id !== null && name !== null ? { id, name } : null);

/** Where a project sits, for the access checks. */
export function placeOf(row: ProjectRead, members: readonly { user_id: number }[]): ProjectPlace {
  return { countyPath: row.county_path, workTeamPath: row.work_team_path, memberUserIds: members.map((m) => m.user_id) };
}

/** A project as listed. */
export function projectSummary(r: ProjectRead, pendingStage: string | null): ProjectSummary {
  return {
    id: Number(r.id),
    code: r.code,
    name: r.name,
    countyUnitId: r.county_unit_id,
    countyName: r.county_name,
    industryChain: r.industry_chain,
    level: r.level as ProjectLevel,
    category: r.category as ProjectCategory,
    investor: r.investor,
    totalInvestment: fromHundredths(r.total_investment_wan_cents),
    workTeamUnitId: r.work_team_unit_id,
    workTeamName: r.work_team_name,
    leader: ref(r.leader_user_id, r.leader_name),
    currentStage: r.current_stage as ProjectStage,
    currentStageDate: r.current_stage_date,
    status: r.status as ProjectStatus,
    pendingStage: (pendingStage as ProjectStage | null) ?? null,
    version: r.version,
  };
}

/** A recorded stage with its evidence. */
export function stageRecordView(
  r: StageRecordRead,
  files: { id: number; name: string | null; mime: string; created_at: string }[],
): ProjectStageRecord {
  return {
    id: Number(r.id),
    stage: r.stage as ProjectStage,
    fromStage: r.from_stage as ProjectStage,
    move: r.move as StageMove,
    actualDate: r.actual_date,
    note: r.note,
    reason: r.reason,
    status: r.status as StageRecordStatus,
    recordedBy: ref(r.recorded_by, r.recorded_by_name),
    recordedAt: r.recorded_at,
    decidedBy: ref(r.decided_by, r.decided_by_name),
    decidedAt: r.decided_at,
    decisionReason: r.decision_reason,
    files: files.map((f) => ({ id: f.id, name: f.name, mime: f.mime, createdAt: f.created_at })),
  };
}

/** Everything a project page shows. */
export function projectView(
  r: ProjectRead,
  parts: {
    members: ProjectMemberRead[];
    milestones: ProjectMilestoneRow[];
    stages: ProjectStageRecord[];
    batches: { id: number; name: string; seq: number; role: string }[];
    can: { edit: boolean; manage: boolean; report: boolean; confirm: boolean };
  },
): Project {
  const pending = parts.stages.find((s) => s.status === 'pending')?.stage ?? null;
  const confirmedDay = (stage: ProjectStage) => parts.stages.find((s) => s.status === 'confirmed' && s.stage === stage)?.actualDate ?? null;
  return {
    ...projectSummary(r, pending),
    landMu: hundredthsOrNull(r.land_mu_hundredths),
    floorAreaM2: r.floor_area_m2 === null ? null : Number(r.floor_area_m2),
    expectedAnnualOutput: hundredthsOrNull(r.expected_output_wan_cents),
    expectedAnnualTax: hundredthsOrNull(r.expected_tax_wan_cents),
    jobs: r.jobs,
    lon: r.lon,
    lat: r.lat,
    terminationReason: r.termination_reason,
    terminatedAt: r.terminated_at,
    members: parts.members.map((m) => ({ userId: m.user_id, name: m.name, title: m.title })),
    milestones: parts.milestones.map((m) => ({
      stage: (m.stage as ProjectStage | null) ?? null,
      name: m.name,
      plannedDate: m.planned_date,
      actualDate: m.stage ? confirmedDay(m.stage as ProjectStage) : null,
    })),
    stages: parts.stages,
    batches: parts.batches.map((b): ProjectBatchRef => ({ id: b.id, name: b.name, seq: b.seq, role: b.role as BatchRole })),
    canEdit: parts.can.edit,
    canManage: parts.can.manage,
    canReport: parts.can.report,
    canConfirm: parts.can.confirm,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
