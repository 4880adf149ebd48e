import { DEFAULT_PHOTO_LIMIT_BYTES, type Config } from '../config/config.js';
import type { Database } from '../db/database.js';
import { NotificationService } from '../notify/notification.service.js';
import { AuditService } from './audit/audit.service.js';
import { AuditAnchors } from './audit/audit-anchors.js';
import { randomBytes } from 'node:crypto';
import { AuthService } from './accounts/auth.service.js';
import { systemClock, type Clock } from '../core/clock.js';
import { argon2Hasher, type PasswordHasher } from './accounts/crypto.js';
import type { DemoService } from '../demo/demo.service.js';
import { citySettings, createDemoService } from '../demo/demo-wiring.js';
import { DirectoryImportService } from './units/directory-import.service.js';
import { UnitService } from './units/unit.service.js';
import { UserService } from './accounts/user.service.js';
import { AdminRequestService } from './accounts/admin-request.service.js';
import { passwordRules } from './accounts/password-rules.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultFilesDir, LocalFileStorage, type FileStorage } from '../storage/file-storage.js';
import { S3FileStorage } from '../storage/s3-file-storage.js';
import { CasePolicyService } from './cases/case-policy.service.js';
import { CaseConfigService } from './cases/case-config.service.js';
import { PublicSettingsService } from './public/public-settings.service.js';
import { SatisfactionService } from './public/satisfaction.service.js';
import { PublicIntakeService } from './public/public-intake.service.js';
import { ApiKeyService } from './public/api-key.service.js';
import { Open311Service } from './public/open311.service.js';
import { CaseQueryService } from './cases/case-query.service.js';
import type { CaseService } from './cases/case.service.js';
import { FileService } from './files/file.service.js';
import { FrameworkService } from './evaluation/framework.service.js';
import { CheckpointService } from './evaluation/checkpoint.service.js';
import { InspectionService } from './evaluation/inspection.service.js';
import { InspectionPlanService } from './evaluation/inspection-plan.service.js';
import { CampaignService } from './evaluation/campaign.service.js';
import type { LetterService } from './letters/letter.service.js';
import type { LetterApprovalService } from './letters/letter-approval.service.js';
import type { EscalationService } from './letters/escalation.service.js';
import { createCaseLetterServices } from './case-letter-services.js';
import { EvaluationResultsService } from './evaluation/evaluation-results.service.js';
import { CockpitService } from './cases/cockpit.service.js';
import { DashboardService } from './cases/dashboard.service.js';
import { AssessmentModelService } from './assessment/assessment-model.service.js';
import { BriefingService } from './briefings/briefing.service.js';
import { ActionItemService } from './action-items/action-item.service.js';
import { EscalateActionItemCommand } from './action-items/escalate-action-item.command.js';
import { IssueLetterCommand } from './letters/issue-letter.command.js';
import { SanctionService } from './sanctions/sanction.service.js';
import { AssessmentResultsService } from './assessment/assessment-results.service.js';
import { AssessmentAdjustmentService } from './assessment/assessment-adjustments.service.js';
import { AssessmentAppealService } from './assessment/assessment-appeals.service.js';
import { ProjectService } from './projects/project.service.js';
import { ProjectStageService } from './projects/project-stage.service.js';
import { ProjectBatchService } from './projects/project-batch.service.js';
import { DEMO_OC4IDS_PREFIX, ProjectOc4idsService } from './projects/project-oc4ids.service.js';
import { ProjectSheetService } from './projects/project-sheet.service.js';
import { DEFAULT_PROJECT_REPORT_DUE_DAY, ProjectInvestmentService } from './projects/project-investment.service.js';
import { ProjectReportLapseService } from './projects/project-investment-lapses.js';
import { DEFAULT_VISIT_SETTINGS, ProjectVisitService } from './projects/project-visit.service.js';
import { ProjectMeetingService } from './projects/project-meeting.service.js';
import { ProjectObstacleService } from './projects/project-obstacle.service.js';
import { ProjectRollupService } from './projects/project-rollup.service.js';
import { projectInvestmentFigures } from '../db/repositories/project-investment.repository.js';

export interface Services {
  clock: Clock;
  /** The city's area in force: [minLon, minLat, maxLon, maxLat] (config, else in demo mode the demo city's). */
  cityBbox: [number, number, number, number];
  audit: AuditService;
  auth: AuthService;
  units: UnitService;
  users: UserService;
  adminRequests: AdminRequestService;
  directory: DirectoryImportService;
  demo: DemoService;
  notifications: NotificationService;
  files: FileService;
  casePolicy: CasePolicyService;
  caseConfig: CaseConfigService;
  publicSettings: PublicSettingsService;
  apiKeys: ApiKeyService;
  open311: Open311Service;
  /** 回访: citizens rate closed cases, HQ reviews 不满意, the per-unit indicator (issue 15). */
  satisfaction: SatisfactionService;
  /** Citizens without an account: report, +1, tracking, map (issue 15). */
  publicIntake: PublicIntakeService;
  cases: CaseService;
  caseQuery: CaseQueryService;
  frameworks: FrameworkService;
  checkpoints: CheckpointService;
  inspections: InspectionService;
  inspectionPlans: InspectionPlanService;
  campaigns: CampaignService;
  results: EvaluationResultsService;
  letters: LetterService;
  letterApproval: LetterApprovalService;
  escalation: EscalationService;
  dashboard: DashboardService;
  cockpit: CockpitService;
  assessmentModels: AssessmentModelService;
  briefings: BriefingService;
  actionItems: ActionItemService;
  escalateActionItem: EscalateActionItemCommand;
  sanctions: SanctionService;
  assessmentResults: AssessmentResultsService;
  assessmentAdjustments: AssessmentAdjustmentService;
  assessmentAppeals: AssessmentAppealService;
  projects: ProjectService;
  projectStages: ProjectStageService;
  projectBatches: ProjectBatchService;
  projectOc4ids: ProjectOc4idsService;
  projectSheets: ProjectSheetService;
  projectInvestment: ProjectInvestmentService;
  projectReportLapses: ProjectReportLapseService;
  projectVisits: ProjectVisitService;
  projectMeetings: ProjectMeetingService;
  projectObstacles: ProjectObstacleService;
  projectRollups: ProjectRollupService;
}

export type ServiceConfig = Pick<
  Config,
  'mode' | 'sessionSecret' | 'sessionIdleMinutes' | 'sessionAbsoluteHours' | 'lockoutMaxFailures' | 'lockoutWindowMinutes'
> &
  // Optional so callers without notification channels (tests, CLI) need not name them.
  Partial<Pick<Config, 'smtpUrl' | 'dingtalkWebhook' | 'wecomWebhook' | 'dataDir' | 'cityBbox' | 'photoLimitBytes'>> &
  // Login throttling and API token limits; config defaults when absent.
  Partial<
    Pick<Config, 'loginAddressMaxFailures' | 'loginAccountMaxFailures' | 'loginAccountDelaySeconds' | 'tokenDefaultDays' | 'tokenMaxDays'>
  > &
  // The audit key and anchors; loadConfig always gives them (see AUDIT.md).
  Partial<Pick<Config, 'auditKey' | 'auditAnchorEvery' | 'auditAnchorFile' | 'auditAnchorSyslog' | 'auditAnchorWebhook'>> &
  // The OC4IDS export's id prefix and the public origin of links (docs/OC4IDS.md, "Endpoints").
  Partial<Pick<Config, 'oc4idsPrefix' | 'publicUrl'>> &
  // The day of the next month a project's monthly investment report is due by (default 5).
  Partial<Pick<Config, 'projectReportDueDay'>> &
  // "4个1": the weekly visit target and the on-site radius (defaults 3 and 1 000 m).
  Partial<Pick<Config, 'visitWeeklyTarget' | 'visitRadiusM'>> &
  // Open311's jurisdiction_id (default: the root unit's code) and list cache (default 2 000 ms).
  Partial<Pick<Config, 'open311JurisdictionId' | 'open311CacheMs'>> &
  // An S3-compatible bucket for files; absent or null: the local folder.
  Partial<Pick<Config, 'storage'>>;

/**
 * Key for services built without one (tests that wire services by hand): fixed for
 * the process so every service instance over one database agrees. Real starts
 * (server, CLI) always pass the configured key.
 */
const PROCESS_AUDIT_KEY = randomBytes(32);

/** No area restriction beyond valid coordinates: production with no city area configured. */
const ANYWHERE: [number, number, number, number] = [-180, -90, 180, 90];

/** Wires every service over one database. Tests pass a manual clock or a cheap hasher. */
export function createServices(
  database: Database,
  config: ServiceConfig,
  deps: { clock?: Clock; hasher?: PasswordHasher; storage?: FileStorage; onAnchorError?: (message: string, err: unknown) => void } = {},
): Services {
  const clock = deps.clock ?? systemClock;
  const hasher = deps.hasher ?? argon2Hasher;
  const anchorFile = config.auditAnchorFile ?? (config.dataDir ? join(config.dataDir, 'audit-anchors.jsonl') : null);
  const audit = new AuditService(database, clock, {
    key: config.auditKey ?? PROCESS_AUDIT_KEY,
    anchorEvery: config.auditAnchorEvery,
    anchors: anchorFile
      ? new AuditAnchors({
          file: anchorFile,
          syslog: config.auditAnchorSyslog,
          webhook: config.auditAnchorWebhook,
          onError:
            deps.onAnchorError ?? ((message, err) => process.stderr.write(`${message}: ${(err as Error)?.message ?? String(err)}\n`)),
        })
      : null,
  });
  const notifications = new NotificationService(database, clock, {
    smtpUrl: config.smtpUrl,
    dingtalkWebhook: config.dingtalkWebhook,
    wecomWebhook: config.wecomWebhook,
  });
  const auth = new AuthService(
    database,
    clock,
    hasher,
    audit,
    {
      secret: config.sessionSecret,
      idleMinutes: config.sessionIdleMinutes,
      absoluteHours: config.sessionAbsoluteHours,
      windowMinutes: config.lockoutWindowMinutes,
      pairMaxFailures: config.lockoutMaxFailures,
      addressMaxFailures: config.loginAddressMaxFailures ?? 20,
      accountMaxFailures: config.loginAccountMaxFailures ?? 10,
      accountDelaySeconds: config.loginAccountDelaySeconds ?? 60,
      tokens: { defaultDays: config.tokenDefaultDays ?? 90, maxDays: config.tokenMaxDays ?? 365 },
    },
    notifications,
  );
  const units = new UnitService(database, clock, audit);
  const adminRequests = new AdminRequestService(database, clock, audit);
  const users = new UserService(database, clock, hasher, audit, adminRequests, passwordRules(config.mode));
  const directory = new DirectoryImportService(database, units, users, hasher, audit, clock);
  // Demo mode plugs in here, and only here (src/demo/demo-wiring.ts): the demo city's area and
  // ladder where config names none. Production without an area accepts any place (only
  // commands run so: `dudao serve` refuses to start without DUDAO_CITY_BBOX).
  const city = citySettings(config);
  const cityBbox = city.cityBbox ?? ANYWHERE;
  // Without a data dir (some tests) files go to a fresh temporary folder.
  const storage =
    deps.storage ??
    (config.storage
      ? new S3FileStorage(config.storage)
      : new LocalFileStorage(
          config.dataDir ? defaultFilesDir(config.dataDir) : join(mkdtempSync(join(tmpdir(), 'dudao-files-')), 'files'),
        ));
  const fileLimits = { maxBytes: config.photoLimitBytes ?? DEFAULT_PHOTO_LIMIT_BYTES, maxFiles: 9 };
  const files = new FileService(database, storage, clock, fileLimits);
  const casePolicy = new CasePolicyService(database);
  const caseConfig = new CaseConfigService(database, audit, casePolicy);
  const publicSettings = new PublicSettingsService(database, clock, audit, casePolicy);
  const campaigns = new CampaignService(database, clock, audit, city.ladder);
  const { cases, letters, letterApproval, escalation } = createCaseLetterServices(database, clock, {
    audit,
    casePolicy,
    campaigns,
    files,
    notifications,
    cityBbox,
  });
  const caseQuery = new CaseQueryService(database, clock);
  const apiKeys = new ApiKeyService(database, clock, audit);
  const open311 = new Open311Service(database, clock, {
    publicSettings,
    casePolicy,
    cases,
    apiKeys,
    jurisdictionId: config.open311JurisdictionId ?? null,
    cacheMs: config.open311CacheMs ?? 2000,
  });
  const satisfaction = new SatisfactionService(database, clock, audit, notifications, casePolicy, cases);
  const frameworks = new FrameworkService(database, clock, audit);
  const checkpoints = new CheckpointService(database, clock, audit, cityBbox, campaigns);
  const inspections = new InspectionService(database, clock, audit, cases, casePolicy, campaigns);
  const inspectionPlans = new InspectionPlanService(database, clock, audit, checkpoints);
  const results = new EvaluationResultsService(database, campaigns);
  const dashboard = new DashboardService(database, clock);
  const actionItems = new ActionItemService(database, clock, audit, notifications, files);
  // Action items are escalated through the same letter-issuing command as cases (a stateless command).
  const escalateActionItem = new EscalateActionItemCommand(
    database,
    clock,
    audit,
    campaigns,
    casePolicy,
    new IssueLetterCommand(database, audit, notifications, casePolicy),
    actionItems,
  );
  const assessmentResults = new AssessmentResultsService(database, clock, audit, notifications, casePolicy);
  const briefings = new BriefingService(database, clock, audit, notifications, results, campaigns, assessmentResults);
  const projects = new ProjectService(database, clock, audit, notifications, cityBbox);
  const demo = createDemoService({
    database,
    clock,
    hasher,
    audit,
    mode: config.mode,
    storage,
    fileLimits,
    cityBbox,
    casePolicy,
    campaigns,
  });
  return {
    clock,
    cityBbox,
    audit,
    auth,
    units,
    users,
    adminRequests,
    directory,
    demo,
    notifications,
    files,
    casePolicy,
    caseConfig,
    publicSettings,
    satisfaction,
    publicIntake: new PublicIntakeService(
      database,
      clock,
      { audit, cases, files, policies: casePolicy, settings: publicSettings },
      // Proofs of work are signed with a key derived from the session secret every instance shares.
      { cityBbox, secret: config.sessionSecret },
    ),
    apiKeys,
    open311,
    cases,
    caseQuery,
    frameworks,
    checkpoints,
    inspections,
    inspectionPlans,
    campaigns,
    results,
    letters,
    letterApproval,
    escalation,
    dashboard,
    cockpit: new CockpitService(database, clock, dashboard, results, campaigns),
    assessmentModels: new AssessmentModelService(database, clock, audit),
    briefings,
    actionItems,
    escalateActionItem,
    sanctions: new SanctionService(database, clock, audit, notifications),
    assessmentResults,
    assessmentAdjustments: new AssessmentAdjustmentService(database, clock, audit, notifications, assessmentResults),
    assessmentAppeals: new AssessmentAppealService(database, clock, audit, notifications, assessmentResults, files),
    projects,
    projectStages: new ProjectStageService(database, clock, audit, notifications, files, projects),
    projectBatches: new ProjectBatchService(database, clock, audit),
    projectOc4ids: new ProjectOc4idsService(database, clock, projects, {
      idPrefix: config.oc4idsPrefix ?? (config.mode === 'demo' ? DEMO_OC4IDS_PREFIX : null),
      publicUrl: config.publicUrl ?? null,
    }),
    projectSheets: new ProjectSheetService(database, clock, projects, cityBbox),
    projectInvestment: new ProjectInvestmentService(
      database,
      clock,
      audit,
      notifications,
      files,
      projects,
      config.projectReportDueDay ?? DEFAULT_PROJECT_REPORT_DUE_DAY,
    ),
    projectReportLapses: new ProjectReportLapseService(
      database,
      clock,
      campaigns,
      casePolicy,
      new IssueLetterCommand(database, audit, notifications, casePolicy),
      config.projectReportDueDay ?? DEFAULT_PROJECT_REPORT_DUE_DAY,
    ),
    projectVisits: new ProjectVisitService(database, clock, audit, files, {
      weeklyTarget: config.visitWeeklyTarget ?? DEFAULT_VISIT_SETTINGS.weeklyTarget,
      radiusM: config.visitRadiusM ?? DEFAULT_VISIT_SETTINGS.radiusM,
    }),
    projectMeetings: new ProjectMeetingService(database, clock, audit, notifications),
    projectObstacles: new ProjectObstacleService(database, clock, audit, notifications, cases, projects, casePolicy),
    // Its own (stateless) batch service, for the latest batch's rates.
    projectRollups: new ProjectRollupService(database, clock, new ProjectBatchService(database, clock, audit), projectInvestmentFigures),
  };
}
