import type { Permission, Role } from '../../../src/shared/enums.js';
import type { Me } from '../api/auth.js';
import type { MessageKey } from '../i18n/zh-CN.js';

/** Menu keys double as test ids (`menu-<key>`) and route names (`home-<key>`). */
export type NavKey =
  | 'dispatch'
  | 'inspect'
  | 'unit-work'
  | 'dashboard'
  | 'projects'
  | 'project-batches'
  | 'project-meetings'
  | 'citizen'
  | 'case-new'
  | 'verify'
  | 'case-map'
  | 'cases'
  | 'units'
  | 'admin-units'
  | 'admin-users'
  | 'admin-security'
  | 'admin-requests'
  | 'audit'
  | 'tokens'
  | 'password'
  | 'eval-frameworks'
  | 'eval-checkpoints'
  | 'eval-plans'
  | 'eval-campaigns'
  | 'eval-results'
  | 'letters'
  | 'briefings'
  | 'action-items'
  | 'assess-model'
  | 'assess-results'
  | 'assess-mine'
  | 'assess-appeals'
  | 'sanctions'
  | 'project-dashboard'
  | 'public-settings'
  | 'satisfaction'
  | 'api-keys';

export type NavGroup = 'work' | 'admin' | 'audit' | 'settings';

export interface NavItem {
  key: NavKey;
  path: string;
  label: MessageKey;
  group: NavGroup;
  /** Shown in the menu; routes use `canOpen` so a link to a read-only view still works. */
  inMenu: (me: Me) => boolean;
  canOpen: (me: Me) => boolean;
}

const hasRole = (me: Me, ...roles: Role[]) => me.roles.some((r) => roles.includes(r.role));
const hasPerm = (me: Me, p: Permission) => me.permissions.includes(p);

function item(
  key: NavKey,
  path: string,
  label: MessageKey,
  group: NavGroup,
  inMenu: (me: Me) => boolean,
  canOpen: (me: Me) => boolean = inMenu,
): NavItem {
  return { key, path, label, group, inMenu, canOpen };
}

/** One table drives the side menu, the route guards and the breadcrumbs. */
export const NAV: readonly NavItem[] = [
  item('dispatch', '/dispatch', 'nav.dispatch', 'work', (me) => hasRole(me, 'hq_dispatcher')),
  item('inspect', '/inspect', 'nav.inspect', 'work', (me) => hasRole(me, 'inspector')),
  item('unit-work', '/unit-work', 'nav.unitWork', 'work', (me) => hasRole(me, 'unit_handler', 'unit_head')),
  // 领导驾驶舱: the leader's landing; HQ opens it from the menu (its own landing is /dispatch).
  item('dashboard', '/dashboard', 'nav.dashboard', 'work', (me) => hasRole(me, 'leader', 'hq_dispatcher')),
  // 项目库; leaders read it (and open /projects/:id) without a menu entry of their own.
  item(
    'projects',
    '/projects',
    'nav.projects',
    'work',
    (me) => hasRole(me, 'project_owner', 'work_team', 'projects_office'),
    (me) => hasPerm(me, 'project.read'),
  ),
  // "三个一批" batches and their rates; /projects/batches/:id falls under it (App.tsx routes it).
  // Leaders read the rates there, so they get the menu entry too (issue 14 point 7).
  item(
    'project-batches',
    '/projects/batches',
    'nav.projectBatches',
    'work',
    (me) => hasRole(me, 'leader', 'work_team', 'projects_office'),
    (me) => hasPerm(me, 'project.read'),
  ),
  // "4个1" 推进例会 and the visit compliance; /projects/meetings/:id falls under it (App.tsx routes it).
  // Leaders open it by link, as they do 项目库 (no menu entry of their own, like the other project pages).
  item(
    'project-meetings',
    '/projects/meetings',
    'nav.projectMeetings',
    'work',
    (me) => hasRole(me, 'work_team', 'projects_office'),
    (me) => hasPerm(me, 'project.read'),
  ),
  item('citizen', '/citizen', 'nav.citizen', 'work', (me) => hasRole(me, 'citizen')),
  // Case pages; /cases/:id falls under `cases` (App.tsx routes it).
  item(
    'case-new',
    '/cases/new',
    'nav.caseNew',
    'work',
    (me) => hasRole(me, 'inspector', 'hq_dispatcher', 'citizen', 'project_owner'),
    (me) => hasPerm(me, 'case.report'),
  ),
  item(
    'verify',
    '/verify',
    'nav.verify',
    'work',
    (me) => hasRole(me, 'inspector'),
    (me) => hasRole(me, 'inspector', 'hq_dispatcher'),
  ),
  // Citizens read their own reports (the server scopes the list to them).
  item(
    'cases',
    '/cases',
    'nav.cases',
    'work',
    (me) => hasPerm(me, 'case.read'),
    (me) => hasPerm(me, 'case.read') || hasPerm(me, 'case.report'),
  ),
  item('case-map', '/cases/map', 'nav.caseMap', 'work', (me) => hasPerm(me, 'case.read')),
  // Official letters (督查督办): HQ's ledger, a unit's inbox, a leader's reading; one page, columns by permission.
  item(
    'letters',
    '/letters',
    'nav.letters',
    'work',
    (me) => hasPerm(me, 'letter.manage') || hasPerm(me, 'letter.sign') || hasRole(me, 'leader'),
    (me) => hasPerm(me, 'letter.read'),
  ),
  // 周例会通报: HQ generates and publishes, leaders read in the menu; units open published ones by link.
  item(
    'briefings',
    '/briefings',
    'nav.briefings',
    'work',
    (me) => hasPerm(me, 'briefing.manage') || hasRole(me, 'leader'),
    (me) => hasPerm(me, 'briefing.read'),
  ),
  // 周例会交办事项: HQ assigns and decides, leaders read all, units report their own.
  item('action-items', '/action-items', 'nav.actionItems', 'work', (me) => hasPerm(me, 'action_item.read')),
  // 考核奖惩: HQ edits the model, computes and publishes results and decides appeals; leaders read
  // (and approve 加减分); a unit reads its own results and appeals on 我的考核.
  item(
    'assess-results',
    '/assessment/results',
    'nav.assessResults',
    'work',
    (me) => hasPerm(me, 'assessment.manage') || hasRole(me, 'leader'),
    (me) => hasPerm(me, 'assessment.read'),
  ),
  item(
    'assess-appeals',
    '/assessment/appeals',
    'nav.assessAppeals',
    'work',
    (me) => hasPerm(me, 'assessment.manage'),
    (me) => hasPerm(me, 'assessment.read'),
  ),
  item(
    'assess-model',
    '/assessment/model',
    'nav.assessModel',
    'work',
    (me) => hasPerm(me, 'assessment.manage') || hasRole(me, 'leader'),
    (me) => hasPerm(me, 'assessment.read'),
  ),
  item('assess-mine', '/assessment/mine', 'nav.assessMine', 'work', (me) => hasPerm(me, 'assessment.appeal')),
  // Issue 15, the public side as HQ runs it: 回访复核 (leaders read the unit table there too),
  // 市民上报设置 (case.configure), and integrators' API keys (HQ or the sysadmin).
  item(
    'satisfaction',
    '/satisfaction',
    'nav.satisfaction',
    'work',
    (me) => hasPerm(me, 'case.configure') || hasRole(me, 'leader'),
    (me) => hasPerm(me, 'case.configure') || hasPerm(me, 'assessment.read'),
  ),
  item('public-settings', '/public-settings', 'nav.publicSettings', 'work', (me) => hasPerm(me, 'case.configure')),
  item('api-keys', '/admin/api-keys', 'nav.apiKeys', 'admin', (me) => hasRole(me, 'hq_dispatcher', 'sysadmin')),
  // 奖惩记录: HQ records, leaders read all, units read their own.
  item('sanctions', '/sanctions', 'nav.sanctions', 'work', (me) => hasPerm(me, 'sanction.read')),
  // Read-only directory for roles that may read units but not change them.
  item(
    'units',
    '/units',
    'nav.units',
    'work',
    (me) => hasPerm(me, 'unit.read') && !hasPerm(me, 'unit.write'),
    (me) => hasPerm(me, 'unit.read'),
  ),
  item('admin-units', '/admin/units', 'nav.adminUnits', 'admin', (me) => hasPerm(me, 'unit.write')),
  item('admin-users', '/admin/users', 'nav.adminUsers', 'admin', (me) => hasPerm(me, 'user.write')),
  item('admin-security', '/admin/security', 'nav.adminSecurity', 'admin', (me) => hasPerm(me, 'user.security')),
  // 三员分立: any administrator sees changes waiting for a second administrator.
  item('admin-requests', '/admin/requests', 'nav.adminRequests', 'admin', (me) => hasPerm(me, 'admin.requests')),
  // HQ evaluation pages (测评体系, 点位, 计划, 结果); anyone with evaluation.read may open them.
  item(
    'eval-frameworks',
    '/evaluation/frameworks',
    'nav.evalFrameworks',
    'work',
    (me) => hasPerm(me, 'evaluation.manage'),
    (me) => hasPerm(me, 'evaluation.read'),
  ),
  item(
    'eval-checkpoints',
    '/evaluation/checkpoints',
    'nav.evalCheckpoints',
    'work',
    (me) => hasPerm(me, 'evaluation.manage'),
    (me) => hasPerm(me, 'evaluation.read'),
  ),
  item(
    'eval-plans',
    '/evaluation/plans',
    'nav.evalPlans',
    'work',
    (me) => hasPerm(me, 'evaluation.manage'),
    (me) => hasPerm(me, 'evaluation.read'),
  ),
  item(
    'eval-campaigns',
    '/evaluation/campaigns',
    'nav.evalCampaigns',
    'work',
    (me) => hasPerm(me, 'evaluation.manage'),
    (me) => hasPerm(me, 'evaluation.read'),
  ),
  item(
    'eval-results',
    '/evaluation/results',
    'nav.evalResults',
    'work',
    (me) => hasPerm(me, 'evaluation.manage') || hasRole(me, 'leader'),
    (me) => hasPerm(me, 'evaluation.read'),
  ),
  item('audit', '/audit', 'nav.audit', 'audit', (me) => hasPerm(me, 'audit.read')),
  item('tokens', '/settings/tokens', 'nav.tokens', 'settings', (me) => hasPerm(me, 'token.manage')),
  item('password', '/settings/password', 'nav.password', 'settings', () => true),
  // 重大项目总览 (issue 14 point 7): leaders and the project roles, each within their scope.
  item(
    'project-dashboard',
    '/projects/dashboard',
    'nav.projectDashboard',
    'work',
    (me) => hasRole(me, 'leader', 'projects_office', 'work_team', 'project_owner'),
    (me) => hasPerm(me, 'project.read'),
  ),
];

export const GROUP_LABELS: Record<NavGroup, MessageKey> = {
  work: 'nav.group.work',
  admin: 'nav.group.admin',
  audit: 'nav.group.audit',
  settings: 'nav.group.settings',
};

/** The item whose path is `pathname` or, failing that, the longest prefix of it (/cases/12 → cases). */
export function navByPath(pathname: string): NavItem | undefined {
  const exact = NAV.find((n) => pathname === n.path);
  if (exact) return exact;
  let best: NavItem | undefined;
  for (const n of NAV) if (pathname.startsWith(`${n.path}/`) && (!best || n.path.length > best.path.length)) best = n;
  return best;
}

/** Where to go after login: the requested page if this user may open it, else home. */
export function landingFor(me: Me, next: string | null): string {
  if (next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login')) {
    const target = navByPath(next.split('?')[0] ?? next);
    if (target?.canOpen(me)) return next;
  }
  return me.home;
}
