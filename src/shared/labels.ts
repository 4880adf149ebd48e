import type { AuditAction, Permission, Role, UnitKind } from './enums.js';

/** Chinese and English names of unit kinds, for UI and Excel templates. */
export const UNIT_KIND_LABELS: Record<UnitKind, { zh: string; en: string }> = {
  city: { zh: '市', en: 'City' },
  district: { zh: '区', en: 'District' },
  county: { zh: '县', en: 'County' },
  county_city: { zh: '县级市', en: 'County-level city' },
  dev_zone: { zh: '开发区', en: 'Development zone' },
  street: { zh: '街道', en: 'Subdistrict' },
  town: { zh: '镇', en: 'Town' },
  township: { zh: '乡', en: 'Township' },
  farm: { zh: '农场', en: 'Farm' },
  department: { zh: '市直部门', en: 'City department' },
  hq: { zh: '创建指挥部', en: 'Command HQ' },
  work_team: { zh: '工作专班', en: 'Work team' },
};

/** Chinese and English names of roles. */
export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  hq_dispatcher: { zh: '指挥部受理派遣', en: 'HQ dispatcher' },
  inspector: { zh: '督导员', en: 'Inspector' },
  unit_handler: { zh: '责任单位经办人', en: 'Unit handler' },
  unit_head: { zh: '责任单位负责人', en: 'Unit head' },
  leader: { zh: '市领导', en: 'City leader' },
  project_owner: { zh: '项目单位/专班', en: 'Project owner' },
  citizen: { zh: '市民', en: 'Citizen' },
  sysadmin: { zh: '系统管理员', en: 'System administrator' },
  security_admin: { zh: '安全管理员', en: 'Security administrator' },
  auditor: { zh: '审计管理员', en: 'Auditor' },
};

/** Chinese and English names of audit actions. */
export const AUDIT_ACTION_LABELS: Record<AuditAction, { zh: string; en: string }> = {
  'auth.login': { zh: '登录', en: 'Log in' },
  'auth.login_failed': { zh: '登录失败', en: 'Failed login' },
  'auth.logout': { zh: '退出登录', en: 'Log out' },
  'auth.logout_all': { zh: '退出所有设备', en: 'Log out everywhere' },
  'unit.create': { zh: '新建单位', en: 'Create unit' },
  'unit.update': { zh: '修改单位', en: 'Edit unit' },
  'unit.delete': { zh: '删除单位', en: 'Delete unit' },
  'unit.import': { zh: '导入单位', en: 'Import units' },
  'user.create': { zh: '新建用户', en: 'Create user' },
  'user.update': { zh: '修改用户', en: 'Edit user' },
  'user.roles': { zh: '调整角色', en: 'Change roles' },
  'user.password': { zh: '设置密码', en: 'Set password' },
  'user.lock': { zh: '锁定账号', en: 'Lock account' },
  'user.unlock': { zh: '解锁账号', en: 'Unlock account' },
  'user.import': { zh: '导入用户', en: 'Import users' },
  'token.create': { zh: '创建令牌', en: 'Create token' },
  'token.revoke': { zh: '吊销令牌', en: 'Revoke token' },
  'demo.load': { zh: '加载演示数据', en: 'Load demo data' },
  'case.report': { zh: '上报问题', en: 'Report a case' },
  'case.act': { zh: '办理案卷', en: 'Act on a case' },
  'case.configure': { zh: '配置案卷规则', en: 'Configure case rules' },
  'framework.create': { zh: '创建测评体系', en: 'Create a framework' },
  'framework.update': { zh: '修改测评体系', en: 'Edit a framework' },
  'framework.publish': { zh: '发布测评体系', en: 'Publish a framework' },
  'campaign.create': { zh: '新建测评活动', en: 'Create a campaign' },
  'campaign.update': { zh: '修改活动设置', en: 'Change campaign settings' },
  'letter.draft': { zh: '起草督办函件', en: 'Draft a letter' },
  'letter.issue': { zh: '印发督办函件', en: 'Issue a letter' },
  'letter.withdraw': { zh: '撤回督办函件', en: 'Withdraw a letter' },
  'letter.sign': { zh: '签收督办函件', en: 'Sign for a letter' },
  'letter.reply': { zh: '回复督办函件', en: 'Reply to a letter' },
  'escalation.sweep': { zh: '自动督办', en: 'Escalation sweep' },
  'checkpoint.create': { zh: '新增点位', en: 'Create a check point' },
  'checkpoint.update': { zh: '修改点位', en: 'Edit a check point' },
  'checkpoint.import': { zh: '导入点位', en: 'Import check points' },
  'plan.create': { zh: '创建测评计划', en: 'Create an inspection plan' },
  'inspection.submit': { zh: '提交测评', en: 'Submit an inspection' },
  'letter.deliver': { zh: '送达督办函件', en: 'Letter delivered' },
  'admin_request.create': { zh: '提交管理员变更申请', en: 'Request an admin change' },
  'admin_request.approve': { zh: '批准管理员变更', en: 'Approve an admin change' },
  'admin_request.reject': { zh: '驳回管理员变更', en: 'Reject an admin change' },
  'admin_request.cancel': { zh: '撤销管理员变更申请', en: 'Cancel an admin change request' },
  'admin_request.expire': { zh: '管理员变更申请过期', en: 'Admin change request expired' },
  'audit.rekey': { zh: '审计链启用密钥', en: 'Audit chain keyed' },
};

/**
 * Chinese and English names of permissions, shown where an owner picks API token scopes.
 * Partial so a new permission cannot break the build before it has a label (the code shows).
 */
export const PERMISSION_LABELS: Partial<Record<Permission, { zh: string; en: string }>> = {
  'unit.read': { zh: '查看单位', en: 'Read units' },
  'unit.write': { zh: '管理单位', en: 'Manage units' },
  'user.read': { zh: '查看用户', en: 'Read users' },
  'user.write': { zh: '管理用户', en: 'Manage users' },
  'user.security': { zh: '安全管理（锁定、重置密码）', en: 'Security (lock, reset passwords)' },
  'audit.read': { zh: '查看审计日志', en: 'Read the audit log' },
  'admin.requests': { zh: '审批管理员变更', en: 'Decide admin change requests' },
  'case.read': { zh: '查看案卷', en: 'Read cases' },
  'case.report': { zh: '上报问题', en: 'Report cases' },
  'case.act': { zh: '办理案卷', en: 'Act on cases' },
  'case.configure': { zh: '配置案卷规则', en: 'Configure case rules' },
  'evaluation.read': { zh: '查看测评', en: 'Read evaluations' },
  'evaluation.manage': { zh: '管理测评', en: 'Manage evaluations' },
  'inspection.perform': { zh: '实地检查', en: 'Perform inspections' },
  'letter.read': { zh: '查看督办函', en: 'Read letters' },
  'letter.manage': { zh: '管理督办函', en: 'Manage letters' },
  'letter.sign': { zh: '签收与回复督办函', en: 'Sign and answer letters' },
};
