/**
 * Admin requests (三员分立): a change to an administrator account, or one that makes an
 * account an administrator, waiting for a second administrator. Kinds, statuses and their
 * labels (plain values the web bundle may import); the wire shapes are in
 * contracts/admin-requests.contract.ts.
 */

/** Kinds of account change governed by the split of duties (src/domain/policies/admin-separation.ts). */
export const ADMIN_CHANGE_KINDS = ['create', 'profile', 'activate', 'deactivate', 'roles', 'password', 'lock', 'unlock'] as const;
export type AdminChangeKind = (typeof ADMIN_CHANGE_KINDS)[number];

export const ADMIN_REQUEST_STATUSES = ['pending', 'approved', 'rejected', 'cancelled', 'expired'] as const;
export type AdminRequestStatus = (typeof ADMIN_REQUEST_STATUSES)[number];

export const ADMIN_CHANGE_LABELS: Record<AdminChangeKind, { zh: string; en: string }> = {
  create: { zh: '新建管理员账号', en: 'Create an administrator account' },
  profile: { zh: '修改资料', en: 'Edit profile' },
  activate: { zh: '启用账号', en: 'Activate account' },
  deactivate: { zh: '停用账号', en: 'Deactivate account' },
  roles: { zh: '调整角色', en: 'Change roles' },
  password: { zh: '重置密码', en: 'Reset password' },
  lock: { zh: '锁定账号', en: 'Lock account' },
  unlock: { zh: '解锁账号', en: 'Unlock account' },
};

export const ADMIN_REQUEST_STATUS_LABELS: Record<AdminRequestStatus, { zh: string; en: string }> = {
  pending: { zh: '待批准', en: 'Pending' },
  approved: { zh: '已批准', en: 'Approved' },
  rejected: { zh: '已驳回', en: 'Rejected' },
  cancelled: { zh: '已撤销', en: 'Cancelled' },
  expired: { zh: '已过期', en: 'Expired' },
};
