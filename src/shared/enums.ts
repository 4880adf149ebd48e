/**
 * Enumerations shared by server and web. Each is defined once here; the
 * TypeBox schemas and the web app both derive from these arrays.
 */

/** Kinds of organisational unit. */
export const UNIT_KINDS = [
  'city', // 市
  'district', // 区
  'county', // 县
  'county_city', // 县级市
  'dev_zone', // 开发区 (county-level statistical unit)
  'street', // 街道
  'town', // 镇
  'township', // 乡
  'farm', // 农场 and other township-level units
  'department', // 市直部门
  'hq', // 创建指挥部
  'work_team', // 工作专班
] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** Roles a person can hold on a unit; a grant covers the unit's subtree. */
export const ROLES = [
  'hq_dispatcher',
  'inspector',
  'unit_handler',
  'unit_head',
  'leader',
  'project_owner', // 项目单位: the people of a project's unit (their own projects, by the project's people list)
  'work_team', // 工作专班: granted on a unit of kind work_team; the projects assigned to that team
  'projects_office', // 项目办/发改委: granted on a county/district or the city; the register of its area
  'citizen',
  'sysadmin',
  'security_admin',
  'auditor',
] as const;
export type Role = (typeof ROLES)[number];

/**
 * Permissions checked by services and declared by routes. `public` marks routes
 * reachable without a session (login, health); `authenticated` needs only a session.
 */
export const PERMISSIONS = [
  'public',
  'authenticated',
  'unit.read',
  'unit.write',
  'user.read',
  'user.write',
  'user.security', // lock/unlock, reset passwords, revoke sessions
  'audit.read',
  'admin.requests', // see and decide changes to administrator accounts that wait for a second administrator
  'token.manage',
  'case.read', // see cases (scope: subtree of the grant, plus one's own reports)
  'case.report', // report a problem
  'case.act', // move cases through the workflow (the state machine checks roles per action)
  'case.configure', // categories, responsible-unit rules, working-day calendar
  'evaluation.read', // see frameworks, check points, plans and results
  'evaluation.manage', // edit frameworks and check points, create plans
  'inspection.perform', // record inspections at assigned check points
  'letter.read', // see official letters (scope: letters to units in the grant's subtree)
  'letter.manage', // draft, issue and withdraw letters; configure the escalation ladder
  'letter.approve', // approve a letter of a rung that needs it, or send it back to HQ (scope: the letter's unit)
  'letter.sign', // sign for (签收) and reply to letters addressed to one's unit
  'assessment.read', // see the 考核 models of campaigns
  'assessment.manage', // edit and publish 考核 models; compute and publish results; propose 加减分; decide appeals
  'assessment.results', // see published 考核 results (a unit: its group's, and the explanation of its own score)
  'assessment.approve', // approve or reject HQ's proposed 加减分 (a leader; never one's own proposal)
  'assessment.appeal', // appeal (申诉) a published result of one's own unit
  'briefing.read', // see published 周例会 briefings (通报)
  'briefing.manage', // generate, edit and publish briefings (drafts are seen by these only)
  'action_item.read', // see 周例会 action items (交办事项): units their own, leaders and HQ all
  'action_item.manage', // assign action items, confirm or send back their reports, escalate overdue ones
  'action_item.report', // report one's unit's action item done, with evidence
  'sanction.read', // see 奖惩 records (scope: records of units in the grant's subtree)
  'sanction.manage', // record 奖惩 decisions (通报表扬, 通报批评, 约谈, 问责 …) against units
  'project.read', // see major projects: leaders and project offices by county, work teams their team's, project units their own
  'project.edit', // edit a project's data: the projects office in its area, the project unit its own projects
  'project.manage', // create projects, assign county, work team, leader and people, terminate; manage "三个一批" batches
  'project.report', // the project unit records its stages with evidence (and, later, monthly reports)
  'project.confirm', // confirm or send back a recorded stage: the work team of the project or the projects office
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** Audit actions written by the services. */
export const AUDIT_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'auth.logout_all',
  'unit.create',
  'unit.update',
  'unit.delete',
  'unit.import',
  'user.create',
  'user.update',
  'user.roles',
  'user.password',
  'user.lock',
  'user.unlock',
  'user.import',
  'token.create',
  'token.revoke',
  'demo.load',
  'case.report',
  'case.act',
  'case.configure',
  'framework.create',
  'framework.update',
  'framework.publish',
  'campaign.create',
  'campaign.update',
  'letter.draft',
  'letter.issue',
  'letter.withdraw',
  'letter.sign',
  'letter.reply',
  'letter.prepare',
  'letter.approve',
  'letter.return',
  'escalation.sweep',
  'checkpoint.create',
  'checkpoint.update',
  'checkpoint.import',
  'plan.create',
  'inspection.submit',
  'letter.deliver',
  'admin_request.create',
  'admin_request.approve',
  'admin_request.reject',
  'admin_request.cancel',
  'admin_request.expire',
  'audit.rekey',
  'assessment_model.create',
  'assessment_model.update',
  'assessment_model.publish',
  'assessment_run.compute',
  'assessment_run.publish',
  'assessment_adjustment.propose',
  'assessment_adjustment.approve',
  'assessment_adjustment.reject',
  'assessment_appeal.create',
  'assessment_appeal.accept',
  'assessment_appeal.reject',
  'briefing.generate',
  'briefing.edit',
  'briefing.publish',
  'action_item.create',
  'action_item.report',
  'action_item.confirm',
  'action_item.return',
  'action_item.escalate',
  'sanction.record',
  'project.create',
  'project.update',
  'project.terminate',
  'project_stage.record',
  'project_stage.confirm',
  'project_stage.reject',
  'project_batch.create',
  'project_batch.add',
  'project_batch.remove',
  'project_plan.set',
  'project_report.file',
  'project_report.correct',
  'project_visit.log',
  'project_meeting.create',
  'project_meeting.report',
  'project_meeting.confirm',
  'project_meeting.return',
  'project_obstacle.raise',
  'public.configure',
  'public.plus_one',
  'case.satisfaction_rate',
  'case.satisfaction_review',
  'api_key.issue',
  'api_key.revoke',
  'data.export',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Languages the UI speaks. */
export const LOCALES = ['zh-CN', 'en-US'] as const;
export type Locale = (typeof LOCALES)[number];
