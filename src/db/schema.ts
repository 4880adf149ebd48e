import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * Table types. Times are ISO-8601 UTC text in both databases (sortable, and the
 * same value whichever engine returns it); booleans are 0/1 integers; JSON is text.
 */
export interface UnitsTable {
  id: Generated<number>;
  code: string;
  name: string;
  kind: string;
  parent_id: number | null;
  path: string;
  depth: number;
  leader_user_id: number | null;
  sort_order: number;
  created_at: string;
  updated_at: string;
}

export interface UsersTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  password_hash: string;
  unit_id: number | null;
  phone: string | null;
  email: string | null;
  is_active: number;
  locked_at: string | null;
  password_changed_at: string;
  created_at: string;
  updated_at: string;
}

export interface RoleGrantsTable {
  id: Generated<number>;
  user_id: number;
  role: string;
  unit_id: number;
  created_at: string;
}

export interface SessionsTable {
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  revoked_at: string | null;
  client_ip: string | null;
  user_agent: string | null;
}

export interface LoginAttemptsTable {
  id: Generated<number>;
  username: string;
  client_ip: string | null;
  at: string;
  success: number;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  /** Null only for tokens revoked by migration 0009 (made before tokens expired). */
  expires_at: string | null;
  /** JSON array of permissions (migration 0009). */
  scopes: string;
}

/** When the security administrator was last told about an attack on `key` (migration 0009). */
export interface LoginAlertsTable {
  key: string;
  sent_at: string;
}

export interface AuditLogTable {
  seq: number;
  at: string;
  actor_id: number | null;
  actor_name: string | null;
  actor_role: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  summary: string;
  request_id: string | null;
  client_ip: string | null;
  prev_hash: string;
  hash: string;
  /** 1 = legacy unkeyed SHA-256 link, 2 = HMAC under the audit key (0011). */
  chain_version: number;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
  /** Chain version of the record at the head (2 for an empty chain created after 0011). */
  chain_version: number;
}

export interface JobLeasesTable {
  name: string;
  holder: string | null;
  expires_at: string | null;
  last_started_at: string | null;
  last_finished_at: string | null;
}

export interface JobRunsTable {
  id: Generated<number>;
  name: string;
  holder: string;
  started_at: string;
  finished_at: string | null;
  status: string;
  detail: string | null;
}

export interface MetaTable {
  key: string;
  value: string;
}

/** A change to an administrator account waiting for a second administrator (三员分立). */
export interface AdminRequestsTable {
  id: Generated<number>;
  /** An AdminChangeKind: create | profile | activate | deactivate | roles | password | lock | unlock. */
  kind: string;
  target_user_id: number | null;
  /** JSON; what the approval applies. */
  payload: string;
  requested_by: number;
  /** pending | approved | rejected | cancelled | expired */
  status: string;
  decided_by: number | null;
  decided_at: string | null;
  expires_at: string;
  created_at: string;
}

export interface DB {
  units: UnitsTable;
  users: UsersTable;
  role_grants: RoleGrantsTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
  api_tokens: ApiTokensTable;
  login_alerts: LoginAlertsTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  job_leases: JobLeasesTable;
  job_runs: JobRunsTable;
  meta: MetaTable;
  counters: CountersTable;
  categories: CategoriesTable;
  calendar_days: CalendarDaysTable;
  cases: CasesTable;
  case_events: CaseEventsTable;
  files: FilesTable;
  case_aggregates: CaseAggregatesTable;
  notifications: NotificationsTable;
  outbox: OutboxTable;
  frameworks: FrameworksTable;
  framework_nodes: FrameworkNodesTable;
  campaigns: CampaignsTable;
  checkpoints: CheckpointsTable;
  inspection_plans: InspectionPlansTable;
  plan_points: PlanPointsTable;
  inspections: InspectionsTable;
  inspection_answers: InspectionAnswersTable;
  letters: LettersTable;
  letter_cases: LetterCasesTable;
  admin_requests: AdminRequestsTable;
  assessment_models: AssessmentModelsTable;
  briefings: BriefingsTable;
  action_items: ActionItemsTable;
  action_item_files: ActionItemFilesTable;
  letter_action_items: LetterActionItemsTable;
  assessment_runs: AssessmentRunsTable;
  assessment_adjustments: AssessmentAdjustmentsTable;
  assessment_appeals: AssessmentAppealsTable;
  sanctions: SanctionsTable;
  sanction_letters: SanctionLettersTable;
  projects: ProjectsTable;
  project_members: ProjectMembersTable;
  project_milestones: ProjectMilestonesTable;
  project_stage_records: ProjectStageRecordsTable;
  project_stage_files: ProjectStageFilesTable;
  project_batches: ProjectBatchesTable;
  project_batch_items: ProjectBatchItemsTable;
  project_investment_plans: ProjectInvestmentPlansTable;
  project_investment_reports: ProjectInvestmentReportsTable;
  project_report_files: ProjectReportFilesTable;
  letter_report_lapses: LetterReportLapsesTable;
  project_visits: ProjectVisitsTable;
  project_visit_files: ProjectVisitFilesTable;
  project_meetings: ProjectMeetingsTable;
  project_meeting_attendees: ProjectMeetingAttendeesTable;
  project_meeting_projects: ProjectMeetingProjectsTable;
  project_meeting_actions: ProjectMeetingActionsTable;
  project_obstacles: ProjectObstaclesTable;
  project_stage_spans: ProjectStageSpansTable;
  data_versions: DataVersionsTable;
  public_settings: PublicSettingsTable;
  case_plus_ones: CasePlusOnesTable;
  case_satisfaction: CaseSatisfactionTable;
  api_keys: ApiKeysTable;
  rate_limit_hits: RateLimitHitsTable;
  pow_spent: PowSpentTable;
}

export type UnitRow = Selectable<UnitsTable>;
export type NewUnitRow = Insertable<UnitsTable>;
export type UnitUpdate = Updateable<UnitsTable>;
export type UserRow = Selectable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type AuditRow = Selectable<AuditLogTable>;
export type ApiTokenRow = Selectable<ApiTokensTable>;

export interface CountersTable {
  name: string;
  value: number;
}

export interface CategoriesTable {
  id: Generated<number>;
  code: string;
  name: string;
  class: string;
  parent_code: string | null;
  default_severity: string;
  /** JSON DeadlineRule or null (the severity's rule applies). */
  deadline_rule: string | null;
  default_unit_code: string | null;
  /** JSON object: area unit code → responsible unit code. */
  area_rules: string;
  campaign: string | null;
  active: number;
  sort_order: number;
}

export interface CalendarDaysTable {
  day: string;
  /** 'holiday' (a weekday off) or 'workday' (a weekend day worked, 调休). */
  kind: string;
  note: string | null;
}

export interface CasesTable {
  id: Generated<number>;
  number: string;
  year: number;
  source: string;
  state: string;
  version: number;
  category_code: string;
  severity: string;
  description: string;
  address: string | null;
  lon: number | null;
  lat: number | null;
  area_unit_id: number | null;
  check_point_id: number | null;
  reporter_id: number | null;
  reporter_contact: string | null;
  assigned_unit_id: number | null;
  assigned_unit_path: string | null;
  deadline: string | null;
  /** `deadline` while the state is dispatched or acknowledged, else null (escalation index). */
  owed_deadline: string | null;
  dispatched_at: string | null;
  first_dispatched_at: string | null;
  last_rectifier_id: number | null;
  reopen_count: number;
  pending_extension: string | null;
  extension_count: number;
  suspended_from: string | null;
  review_date: string | null;
  handled_at: string | null;
  closed_at: string | null;
  merged_into_id: number | null;
  /** SHA-256 of the public follow-up token (0024); null for staff reports. */
  public_token_hash: string | null;
  /** The public reporter's optional name (0024); their phone is `reporter_contact`. */
  reporter_name: string | null;
  /** 1 when the exact position must not be shown publicly (0024). */
  position_private: Generated<number>;
  /** Count of "我也遇到" (+1) reports joined to this case (0024). */
  plus_one_count: Generated<number>;
  /** The integrator's API key that sent this case through Open311 (0024). */
  api_key_id: number | null;
  /** The domain's CaseSnapshot as JSON: the columns above are its queryable projection. */
  snapshot: string;
  created_at: string;
  updated_at: string;
}

export interface CaseEventsTable {
  id: Generated<number>;
  case_id: number;
  seq: number;
  action: string;
  from_state: string | null;
  to_state: string;
  actor_id: number | null;
  actor_name: string | null;
  at: string;
  note: string | null;
  data: string;
  deadline_before: string | null;
  deadline_after: string | null;
  unit_before: number | null;
  unit_after: number | null;
}

export interface FilesTable {
  id: Generated<number>;
  case_id: number | null;
  event_id: number | null;
  /** report | before | after | verify | evidence */
  phase: string;
  mime: string;
  size: number;
  sha256: string;
  width: number | null;
  height: number | null;
  /** Original bytes, for officials. */
  original_key: string;
  /** Re-encoded copy without metadata (EXIF/GPS), for any public view. */
  public_key: string;
  thumb_key: string;
  taken_at: string | null;
  created_by: number | null;
  created_at: string;
}

export interface CaseAggregatesTable {
  unit_id: number;
  day: string;
  dispatched: number;
  handled: number;
  handled_on_time: number;
  closed: number;
  closed_on_time: number;
  reopened: number;
  extended: number;
  suspended: number;
  rerouted: number;
}

export interface NotificationsTable {
  id: Generated<number>;
  user_id: number;
  case_id: number | null;
  kind: string;
  title: string;
  body: string;
  created_at: string;
  read_at: string | null;
}

export interface OutboxTable {
  id: Generated<number>;
  /** email | dingtalk | wecom */
  channel: string;
  /** e-mail address or webhook URL */
  target: string;
  payload: string;
  /** pending | sent | failed (gave up) */
  status: string;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

/** One framework version (测评体系); published rows never change. */
export interface FrameworksTable {
  id: Generated<number>;
  name: string;
  version: number;
  status: string;
  published_at: string | null;
  digest: string | null;
  created_at: string;
}

export interface FrameworkNodesTable {
  id: Generated<number>;
  framework_id: number;
  code: string;
  parent_code: string | null;
  level: string;
  name: string;
  weight: number | null;
  method: string | null;
  points: number | null;
  /** JSON array of point type codes. */
  point_types: string | null;
  /** JSON PassRule. */
  pass_rule: string | null;
  sort_order: number;
}

export interface CampaignsTable {
  id: Generated<number>;
  name: string;
  framework_id: number | null;
  /** JSON: evaluation settings (and, from issue 5, the escalation ladder). */
  settings: Generated<string>;
  created_at: string;
  updated_at: string | null;
}

export interface CheckpointsTable {
  id: Generated<number>;
  code: string;
  name: string;
  type: string;
  address: string | null;
  lon: number | null;
  lat: number | null;
  responsible_unit_id: number | null;
  area_unit_id: number | null;
  must_check: number;
  is_new: number;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface InspectionPlansTable {
  id: Generated<number>;
  name: string;
  period_from: string;
  period_to: string;
  unit_id: number | null;
  seed: number;
  target_count: number;
  framework_id: number;
  created_by: number | null;
  created_at: string;
}

export interface PlanPointsTable {
  id: Generated<number>;
  plan_id: number;
  checkpoint_id: number;
  /** JSON array of PlanReason. */
  reasons: string;
  inspector_id: number | null;
}

export interface InspectionsTable {
  id: Generated<number>;
  idempotency_key: string;
  content_hash: string;
  plan_id: number;
  checkpoint_id: number;
  inspector_id: number;
  framework_id: number;
  started_at: string;
  submitted_at: string;
  lon: number | null;
  lat: number | null;
  position_flagged: number;
  distance_m: number | null;
  earned: number;
  possible: number;
  note: string | null;
  created_at: string;
}

export interface InspectionAnswersTable {
  id: Generated<number>;
  inspection_id: number;
  standard_code: string;
  answer: string;
  score: number | null;
  earned: number;
  possible: number;
  note: string | null;
  /** JSON array of photo ids (SHA-256 of the bytes). */
  photo_ids: string;
  case_id: number | null;
}

export interface LettersTable {
  id: Generated<number>;
  /** `代字〔YYYY〕N号`; null while a draft. */
  number: string | null;
  year: number | null;
  seq: number | null;
  /** 提醒函 / 督办函 / 问责函 or another rung's name. */
  type: string;
  rung_key: string | null;
  campaign_id: number | null;
  issuer_name: string;
  issuer_code: string;
  unit_id: number;
  addressee: string;
  title: string;
  /** JSON array of paragraphs. */
  body: string;
  /** draft | pending_approval | issued | withdrawn (delivered/signed/replied/overdue are derived from the times). */
  status: string;
  auto: Generated<number>;
  reply_deadline: string | null;
  issued_at: string | null;
  issued_by: number | null;
  delivered_at: string | null;
  signed_at: string | null;
  signed_by: number | null;
  reply: string | null;
  replied_at: string | null;
  withdrawn_at: string | null;
  withdrawn_by: number | null;
  withdraw_reason: string | null;
  version: Generated<number>;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  /** The unit that signs for the letter when it is not `unit_id` (an office recipient); null = `unit_id`. */
  sign_unit_id: number | null;
  approved_at: string | null;
  approved_by: number | null;
  /** The last time the approver sent the letter back to HQ, and why. */
  returned_at: string | null;
  returned_by: number | null;
  return_reason: string | null;
}

export interface LetterCasesTable {
  id: Generated<number>;
  letter_id: number;
  case_id: number;
  rung_key: string | null;
  /** 1 while the letter is issued or awaits approval (the one-rung-per-case unique index covers these only). */
  active: Generated<number>;
}
export type AdminRequestRow = Selectable<AdminRequestsTable>;

/** A version of a campaign's 考核 model (issue 13); `model` is the JSON of AssessmentModel. */
export interface AssessmentModelsTable {
  id: Generated<number>;
  campaign_id: number;
  version: number;
  status: string;
  model: string;
  /** Saved edits of the draft, for optimistic concurrency. */
  revision: Generated<number>;
  created_by: number | null;
  created_at: string;
  updated_at: string | null;
  published_by: number | null;
  published_at: string | null;
}
/** A 周例会 briefing (通报): a draft, or published as 第N期 with its frozen snapshot. */
export interface BriefingsTable {
  id: Generated<number>;
  /** week | month | custom */
  period_kind: string;
  period_from: string;
  period_to: string;
  /** draft | published */
  status: string;
  /** The 期号's year and serial; null while a draft. */
  year: number | null;
  seq: number | null;
  title: string;
  /** JSON: { situation: string[]; nextSteps: string[] } (形势分析, 下步工作). */
  commentary: string;
  /** JSON: the composed content (BriefingContent); frozen once published. */
  snapshot: string;
  /** sha256 (hex) of the canonical JSON of the snapshot. */
  snapshot_hash: string;
  version: Generated<number>;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  published_by: number | null;
  published_at: string | null;
}
export type BriefingRow = Selectable<BriefingsTable>;

/** A 周例会 action item (交办事项): assigned by a briefing's meeting to a unit, tracked to done. */
export interface ActionItemsTable {
  id: Generated<number>;
  briefing_id: number;
  title: string;
  detail: string;
  unit_id: number;
  /** Deadline, ISO instant. */
  due_at: string;
  /** open | reported | done */
  status: string;
  report_note: string | null;
  reported_at: string | null;
  reported_by: number | null;
  /** When the work was done: the accepted report's time. */
  done_at: string | null;
  confirmed_at: string | null;
  confirmed_by: number | null;
  return_reason: string | null;
  version: Generated<number>;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}
export type ActionItemRow = Selectable<ActionItemsTable>;

/** Evidence (photos) of an item's report. */
export interface ActionItemFilesTable {
  action_item_id: number;
  file_id: number;
}

/** Letters of the ladder issued about an action item. */
export interface LetterActionItemsTable {
  letter_id: number;
  action_item_id: number;
}
/** A computed 考核 result set of a campaign for a period (issue 13); `snapshot` is frozen once published. */
export interface AssessmentRunsTable {
  id: Generated<number>;
  campaign_id: number;
  model_id: number;
  period_kind: string;
  period_key: string;
  version: number;
  /** draft | published | superseded */
  status: string;
  /** JSON of the run's groups (StoredRunGroup[]). */
  snapshot: string;
  hash: string | null;
  unit_count: number;
  computed_by: number | null;
  computed_at: string;
  published_by: number | null;
  published_at: string | null;
  appeal_deadline: string | null;
  corrects_run_id: number | null;
  correction_reason: string | null;
  superseded_by: number | null;
}
export type AssessmentRunRow = Selectable<AssessmentRunsTable>;

/** HQ's 加减分, in hundredths of a point, decided by a leader. */
export interface AssessmentAdjustmentsTable {
  id: Generated<number>;
  campaign_id: number;
  unit_id: number;
  period_kind: string;
  period_key: string;
  points_cents: number;
  reason: string;
  /** pending | approved | rejected */
  status: string;
  proposed_by: number | null;
  proposed_at: string;
  decided_by: number | null;
  decided_at: string | null;
  decision_reason: string | null;
  appeal_id: number | null;
}
export type AssessmentAdjustmentRow = Selectable<AssessmentAdjustmentsTable>;

/** A unit's appeal (申诉) against a published run; `items` and `file_ids` are JSON. */
export interface AssessmentAppealsTable {
  id: Generated<number>;
  run_id: number;
  campaign_id: number;
  unit_id: number;
  items: string;
  reason: string;
  file_ids: string;
  /** pending | accepted | rejected */
  status: string;
  created_by: number | null;
  created_at: string;
  decided_by: number | null;
  decided_at: string | null;
  decision_reason: string | null;
  adjustment_id: number | null;
  corrected_run_id: number | null;
}
export type AssessmentAppealRow = Selectable<AssessmentAppealsTable>;

/** A 奖惩 record (issue 13 point 5): HQ's decision about a unit for a period of a campaign. */
export interface SanctionsTable {
  id: Generated<number>;
  campaign_id: number;
  unit_id: number;
  period_kind: string;
  period_key: string;
  /** commendation | criticism | interview | accountability | other */
  kind: string;
  summary: string;
  /** China day (YYYY-MM-DD). */
  decided_on: string;
  document_number: string | null;
  /** red | black: the unit's 红黑榜 entry the decision follows; null when none. */
  list_kind: string | null;
  /** The published assessment run the entry was checked against. */
  list_run_id: number | null;
  created_by: number | null;
  created_at: string;
}
export type SanctionRow = Selectable<SanctionsTable>;

/** The letters a 奖惩 record rests on. */
export interface SanctionLettersTable {
  sanction_id: number;
  letter_id: number;
}

/** A major project of the register (issue 14, migration 0018). Amounts in 万元 × 100. */
export interface ProjectsTable {
  id: Generated<number>;
  code: string;
  name: string;
  /** The county / district the project belongs to. */
  county_unit_id: number;
  industry_chain: string | null;
  /** A ProjectLevel. */
  level: string;
  /** A ProjectCategory. */
  category: string;
  investor: string | null;
  total_investment_wan_cents: number;
  /** 亩 × 100. */
  land_mu_hundredths: number | null;
  floor_area_m2: number | null;
  expected_output_wan_cents: number | null;
  expected_tax_wan_cents: number | null;
  jobs: number | null;
  lon: number | null;
  lat: number | null;
  work_team_unit_id: number | null;
  /** 分包领导. */
  leader_user_id: number | null;
  /** A ProjectStage: the latest confirmed stage ('planning' until one is confirmed). */
  current_stage: string;
  /** Actual China day of the current stage; null while planning with none confirmed. */
  current_stage_date: string | null;
  /** active | terminated */
  status: string;
  termination_reason: string | null;
  terminated_at: string | null;
  version: Generated<number>;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}
export type ProjectRow = Selectable<ProjectsTable>;

/** The project unit's people: who may edit and report for the project. */
export interface ProjectMembersTable {
  project_id: number;
  user_id: number;
  /** e.g. 联系人, 负责人. */
  title: string | null;
}

/** 一套方案: the plan's milestones, a stage or a free-text step, each with a planned day. */
export interface ProjectMilestonesTable {
  id: Generated<number>;
  project_id: number;
  seq: number;
  stage: string | null;
  name: string;
  planned_date: string;
}
export type ProjectMilestoneRow = Selectable<ProjectMilestonesTable>;

/** A stage recorded by the project unit and confirmed (or sent back) by the work team or the projects office. */
export interface ProjectStageRecordsTable {
  id: Generated<number>;
  project_id: number;
  stage: string;
  /** The project's stage when it was recorded. */
  from_stage: string;
  /** China day the stage was reached. */
  actual_date: string;
  note: string;
  /** next | skip | back */
  move: string;
  /** Why a stage was skipped or gone back to. */
  reason: string | null;
  /** pending | confirmed | rejected */
  status: string;
  recorded_by: number | null;
  recorded_at: string;
  decided_by: number | null;
  decided_at: string | null;
  /** Why it was sent back. */
  decision_reason: string | null;
}
export type ProjectStageRecordRow = Selectable<ProjectStageRecordsTable>;

/** Evidence of a recorded stage (photos or PDF documents in `files`). */
export interface ProjectStageFilesTable {
  record_id: number;
  file_id: number;
  /** What the uploader called it. */
  name: string | null;
}

/** A "三个一批" batch: an event of a county with a date and a number (期数). */
export interface ProjectBatchesTable {
  id: Generated<number>;
  county_unit_id: number;
  name: string;
  seq: number;
  event_date: string;
  created_by: number | null;
  created_at: string;
}
export type ProjectBatchRow = Selectable<ProjectBatchesTable>;

/** A project in a batch, in its role (sign | start | produce). */
export interface ProjectBatchItemsTable {
  batch_id: number;
  project_id: number;
  role: string;
  added_at: string;
}

/** The annual planned investment of a project (issue 14 point 4, migration 0019), 万元 × 100. */
export interface ProjectInvestmentPlansTable {
  id: Generated<number>;
  project_id: number;
  year: number;
  plan_wan_cents: number;
  note: string | null;
  version: Generated<number>;
  set_by: number | null;
  set_at: string;
}
export type ProjectInvestmentPlanRow = Selectable<ProjectInvestmentPlansTable>;

/** One version of a project's monthly investment report; a correction is the next version. */
export interface ProjectInvestmentReportsTable {
  id: Generated<number>;
  project_id: number;
  year: number;
  month: number;
  version: number;
  /** Completed in the month, 万元 × 100. */
  completed_wan_cents: number;
  /** Completed since the start before this month (only on the project's earliest month). */
  opening_wan_cents: number | null;
  progress: string;
  problems: string;
  /** Why a later version corrects the earlier one. */
  correction_reason: string | null;
  submitted_by: number | null;
  submitted_at: string;
}
export type ProjectInvestmentReportRow = Selectable<ProjectInvestmentReportsTable>;

/** A photo of a monthly report. */
export interface ProjectReportFilesTable {
  report_id: number;
  file_id: number;
  name: string | null;
}

/** A leader's site visit (现场办公) to a project (issue 14 point 5, migration 0020). */
export interface ProjectVisitsTable {
  id: Generated<number>;
  project_id: number;
  /** The project's leader in charge at the time of the visit. */
  leader_user_id: number;
  /** China day of the visit. */
  visit_date: string;
  /** The instant the week count uses (noon China time of the day unless a time was given). */
  visited_at: string;
  place: string;
  lon: number | null;
  lat: number | null;
  /** Metres from the project's position; null when either position is missing. */
  distance_m: number | null;
  radius_m: number;
  /** A VisitPlaceCheck: on_site | too_far | no_position | unchecked. */
  place_check: string;
  solved: string;
  recorded_by: number;
  recorded_at: string;
}
export type ProjectVisitRow = Selectable<ProjectVisitsTable>;

/** Photos of a visit. */
export interface ProjectVisitFilesTable {
  visit_id: number;
  file_id: number;
  name: string | null;
}

/** A letter of the ladder about a project's missing monthly report. */
export interface LetterReportLapsesTable {
  letter_id: number;
  project_id: number;
  year: number;
  month: number;
  rung_key: string;
}
/** A weekly progress meeting (推进例会) of a county or a work team. */
export interface ProjectMeetingsTable {
  id: Generated<number>;
  unit_id: number;
  meeting_date: string;
  title: string;
  decisions: string;
  created_by: number;
  created_at: string;
}
export type ProjectMeetingRow = Selectable<ProjectMeetingsTable>;

/** Who attended: a user, or a free-text name. */
export interface ProjectMeetingAttendeesTable {
  id: Generated<number>;
  meeting_id: number;
  user_id: number | null;
  name: string | null;
}

/** The projects a meeting discussed. */
export interface ProjectMeetingProjectsTable {
  meeting_id: number;
  project_id: number;
}

/** An action item of a meeting: owner unit, deadline, open → reported → done. */
export interface ProjectMeetingActionsTable {
  id: Generated<number>;
  meeting_id: number;
  project_id: number | null;
  title: string;
  unit_id: number;
  due_at: string;
  /** An ActionItemStatus. */
  status: string;
  report_note: string | null;
  reported_at: string | null;
  reported_by: number | null;
  done_at: string | null;
  confirmed_by: number | null;
  return_reason: string | null;
  version: Generated<number>;
  updated_at: string;
}
export type ProjectMeetingActionRow = Selectable<ProjectMeetingActionsTable>;
/** An obstacle (要素保障) a project raised: the case it became, its kind, who raised it and when. */
export interface ProjectObstaclesTable {
  id: Generated<number>;
  project_id: number;
  case_id: number;
  kind: string;
  raised_by: number | null;
  raised_at: string;
}
export type ProjectObstacleRow = Selectable<ProjectObstaclesTable>;
/**
 * A project's stage timeline for the roll-ups (migration 0022): the stage (index in PROJECT_STAGES)
 * it held from `from_day` until `to_day` (exclusive; null while it lasts), and its signing day.
 * Kept by projectRollupRepository.refreshStageSpans whenever a record is decided.
 */
export interface ProjectStageSpansTable {
  project_id: number;
  from_day: string;
  to_day: string | null;
  stage_rank: number;
  signed_on: string | null;
}

/**
 * Version counters of data that answers are memoized over (migration 0023): `project_rollups` is
 * bumped by every repository write the project roll-ups read (dataVersionRepository.bump).
 */
export interface DataVersionsTable {
  name: string;
  version: ColumnType<number | string, number, number>;
}

/** Issue 15: HQ's settings of the public side, one row (id 1), JSON of PublicSettings. */
export interface PublicSettingsTable {
  id: number;
  settings: string;
  updated_at: string | null;
  updated_by: number | null;
}

/** Issue 15: a "我也遇到" (+1) joined to an open case. */
export interface CasePlusOnesTable {
  id: Generated<number>;
  case_id: number;
  at: string;
  description: string | null;
  file_id: number | null;
  device_hash: string | null;
  ip_hash: string | null;
}

/** Issue 15: the reporter's 回访 rating of a closed case, and HQ's review of a 不满意. */
export interface CaseSatisfactionTable {
  case_id: number;
  rating: string;
  comment: string | null;
  rated_at: string;
  /** The unit that handled the case when it was rated (the indicator counts per unit). */
  unit_id: number | null;
  review: string | null;
  review_note: string | null;
  reviewed_by: number | null;
  reviewed_at: string | null;
}

/** Issue 15: an integrator's Open311 API key (stored hashed). */
export interface ApiKeysTable {
  id: Generated<number>;
  name: string;
  key_hash: string;
  key_prefix: string;
  source: string;
  rate_per_minute: number;
  created_by: number | null;
  created_at: string;
  revoked_at: string | null;
  revoked_by: number | null;
  last_used_at: string | null;
}

/** Issue 15: fixed-window rate-limit counters shared by every instance. */
export interface RateLimitHitsTable {
  bucket: string;
  /** Epoch milliseconds of the window's start (bigint: a string on PostgreSQL). */
  window_start: ColumnType<number | string, number, number>;
  hits: number;
}

/** Issue 15: proof-of-work challenges already used. */
export interface PowSpentTable {
  challenge: string;
  expires_at: string;
}
