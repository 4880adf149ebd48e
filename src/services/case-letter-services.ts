import type { Clock } from '../core/clock.js';
import type { Database } from '../db/database.js';
import type { NotificationService } from '../notify/notification.service.js';
import type { AuditService } from './audit/audit.service.js';
import type { CasePolicyService } from './cases/case-policy.service.js';
import { CaseService } from './cases/case.service.js';
import type { CampaignService } from './evaluation/campaign.service.js';
import type { FileService } from './files/file.service.js';
import { EscalationService } from './letters/escalation.service.js';
import { IssueLetterCommand } from './letters/issue-letter.command.js';
import { LetterApprovalService } from './letters/letter-approval.service.js';
import { LetterService } from './letters/letter.service.js';

/** What the case and letter services share with the rest of the wiring. */
export interface CaseLetterDeps {
  audit: AuditService;
  casePolicy: CasePolicyService;
  campaigns: CampaignService;
  files: FileService;
  notifications: NotificationService;
  /** The city's area: [minLon, minLat, maxLon, maxLat]; reports outside it are refused. */
  cityBbox: [number, number, number, number];
}

/**
 * The services that act at their clock's time: cases, letters and the escalation sweep.
 * Wired in one place for the product (services/index.ts) and for the demo, which plays
 * its past weeks through them on clocks of its own (src/demo/demo-wiring.ts).
 */
export function createCaseLetterServices(
  database: Database,
  clock: Clock,
  deps: CaseLetterDeps,
): { cases: CaseService; letters: LetterService; letterApproval: LetterApprovalService; escalation: EscalationService } {
  const cases = new CaseService(database, clock, deps.audit, deps.casePolicy, deps.files, deps.notifications, deps.cityBbox);
  const issuing = new IssueLetterCommand(database, deps.audit, deps.notifications, deps.casePolicy);
  const letters = new LetterService(database, clock, deps.audit, deps.campaigns, deps.casePolicy, issuing);
  const letterApproval = new LetterApprovalService(database, clock, deps.audit, deps.notifications, deps.campaigns, issuing, letters);
  const escalation = new EscalationService(database, issuing, deps.campaigns, deps.casePolicy);
  return { cases, letters, letterApproval, escalation };
}
