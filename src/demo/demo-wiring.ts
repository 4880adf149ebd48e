import type { Clock } from '../core/clock.js';
import type { Database } from '../db/database.js';
import type { Ladder } from '../domain/letters/ladder.js';
import { NotificationService } from '../notify/notification.service.js';
import type { PasswordHasher } from '../services/accounts/crypto.js';
import type { AuditService } from '../services/audit/audit.service.js';
import { createCaseLetterServices } from '../services/case-letter-services.js';
import type { CasePolicyService } from '../services/cases/case-policy.service.js';
import type { CampaignService } from '../services/evaluation/campaign.service.js';
import type { FileLimits } from '../services/files/file.service.js';
import type { FileStorage } from '../storage/file-storage.js';
import { DEMO_CITY_BBOX } from './demo-city.js';
import { DemoFileService } from './demo-file.service.js';
import { DEMO_LADDER } from './demo-ladder.js';
import { DemoService } from './demo.service.js';
import { AssessmentModelService } from '../services/assessment/assessment-model.service.js';
import { AssessmentResultsService } from '../services/assessment/assessment-results.service.js';
import { AssessmentAdjustmentService } from '../services/assessment/assessment-adjustments.service.js';
import { AssessmentAppealService } from '../services/assessment/assessment-appeals.service.js';
import { SanctionService } from '../services/sanctions/sanction.service.js';
import { BriefingService } from '../services/briefings/briefing.service.js';
import { EvaluationResultsService } from '../services/evaluation/evaluation-results.service.js';
import { ActionItemService } from '../services/action-items/action-item.service.js';
import { ProjectService } from '../services/projects/project.service.js';
import { ProjectStageService } from '../services/projects/project-stage.service.js';
import { ProjectBatchService } from '../services/projects/project-batch.service.js';
import { ProjectVisitService } from '../services/projects/project-visit.service.js';
import { ProjectMeetingService } from '../services/projects/project-meeting.service.js';
import { ProjectObstacleService } from '../services/projects/project-obstacle.service.js';
import { DEFAULT_PROJECT_REPORT_DUE_DAY, ProjectInvestmentService } from '../services/projects/project-investment.service.js';
import { PublicSettingsService } from '../services/public/public-settings.service.js';
import { PublicIntakeService } from '../services/public/public-intake.service.js';
import { SatisfactionService } from '../services/public/satisfaction.service.js';
import { randomBytes } from 'node:crypto';

/**
 * Where demo mode plugs into the product's wiring (src/services/index.ts), and the
 * only place: the demo city's settings where config names none, and the demo loader.
 */

/** The city settings a deployment configures; in demo mode those of the demo city 周口市. */
export interface CitySettings {
  /** The city's area: [minLon, minLat, maxLon, maxLat]; null when none is configured. */
  cityBbox: [number, number, number, number] | null;
  /** The escalation ladder in force where no campaign configures one; undefined: the product's default (no issuer). */
  ladder?: Ladder;
}

/**
 * The city settings in force: the configured area, else in demo mode the demo city's
 * area and ladder. Production gets nothing from the demo.
 */
export function citySettings(config: { mode: 'demo' | 'production'; cityBbox?: [number, number, number, number] | null }): CitySettings {
  if (config.mode !== 'demo') return { cityBbox: config.cityBbox ?? null };
  return { cityBbox: config.cityBbox ?? DEMO_CITY_BBOX, ladder: DEMO_LADDER };
}

/** What the demo loader is built from: the product's shared services and settings. */
export interface DemoWiringDeps {
  database: Database;
  clock: Clock;
  hasher: PasswordHasher;
  audit: AuditService;
  mode: 'demo' | 'production';
  storage: FileStorage;
  fileLimits: FileLimits;
  cityBbox: [number, number, number, number];
  casePolicy: CasePolicyService;
  campaigns: CampaignService;
}

/**
 * The demo loader (refused in production mode). It plays the demo's past weeks of cases
 * and letters through the product's case and letter services, each time on a clock of
 * its own; their notices stay in-app (no outbox) and each distinct photo is stored once.
 */
export function createDemoService(deps: DemoWiringDeps): DemoService {
  const { database, clock, hasher, audit, mode, storage, fileLimits, cityBbox, casePolicy, campaigns } = deps;
  return new DemoService(database, clock, hasher, audit, mode, (at) => {
    const files = new DemoFileService(database, storage, at, fileLimits);
    const notifications = new NotificationService(database, at, {});
    const services = createCaseLetterServices(database, at, { audit, casePolicy, campaigns, files, notifications, cityBbox });
    // The leadership loop (issue 13): 考核, 加减分, 申诉, 奖惩, 周例会 briefings and their action items.
    const assessmentResults = new AssessmentResultsService(database, at, audit, notifications, casePolicy);
    // The major projects (issue 14): register, stages and batches.
    const projects = new ProjectService(database, at, audit, notifications, cityBbox);
    // The public side (issue 15): citizens' reports through the public page's service, and their ratings.
    const publicSettings = new PublicSettingsService(database, at, audit, casePolicy);
    const publicIntake = new PublicIntakeService(
      database,
      at,
      { audit, cases: services.cases, files, policies: casePolicy, settings: publicSettings },
      // Challenges are issued and spent within this loader: a key of its own will do.
      { cityBbox, secret: randomBytes(32).toString('hex') },
    );
    return {
      casePolicy,
      ...services,
      assessmentModels: new AssessmentModelService(database, at, audit),
      assessmentResults,
      assessmentAdjustments: new AssessmentAdjustmentService(database, at, audit, notifications, assessmentResults),
      assessmentAppeals: new AssessmentAppealService(database, at, audit, notifications, assessmentResults, files),
      sanctions: new SanctionService(database, at, audit, notifications),
      briefings: new BriefingService(
        database,
        at,
        audit,
        notifications,
        new EvaluationResultsService(database, campaigns),
        campaigns,
        assessmentResults,
      ),
      actionItems: new ActionItemService(database, at, audit, notifications, files),
      projects,
      projectStages: new ProjectStageService(database, at, audit, notifications, files, projects),
      projectBatches: new ProjectBatchService(database, at, audit),
      // The "4个1" follow-ups: site visits, 推进例会 and obstacles (as cases).
      projectVisits: new ProjectVisitService(database, at, audit, files),
      projectMeetings: new ProjectMeetingService(database, at, audit, notifications),
      projectObstacles: new ProjectObstacleService(database, at, audit, notifications, services.cases, projects, casePolicy),
      projectInvestment: new ProjectInvestmentService(database, at, audit, notifications, files, projects, DEFAULT_PROJECT_REPORT_DUE_DAY),
      publicSettings,
      publicIntake,
      satisfaction: new SatisfactionService(database, at, audit, notifications, casePolicy, services.cases),
    };
  });
}
