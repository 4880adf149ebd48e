import type { Permission, Role, UnitKind } from '../../../src/shared/enums.js';

/** Wire types from docs/API.md; the server's TypeBox schemas are the source of truth. */

export interface RoleGrant {
  role: Role;
  unitId: number;
  unitCode: string;
  unitName: string;
}

export interface Me {
  user: { id: number; username: string; displayName: string; unitId: number | null; unitName: string | null };
  roles: RoleGrant[];
  permissions: Permission[];
  csrfToken: string;
  home: string;
}

export interface Unit {
  id: number;
  code: string;
  name: string;
  kind: UnitKind;
  parentId: number | null;
  path: string;
  depth: number;
  leaderUserId: number | null;
  leaderName: string | null;
  sortOrder: number;
  createdAt: string;
  updatedAt: string;
}

export interface User {
  id: number;
  username: string;
  displayName: string;
  unitId: number | null;
  unitName: string | null;
  phone: string | null;
  email: string | null;
  active: boolean;
  locked: boolean;
  lockedAt: string | null;
  createdAt: string;
  roles: RoleGrant[];
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface AuditRecord {
  seq: number;
  at: string;
  actorId: number | null;
  actorName: string | null;
  actorRole: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  /** Free-form: a sentence or a structured object, depending on the action. */
  summary: unknown;
  requestId: string | null;
  clientIp: string | null;
  hash: string;
  /** The target by name as it is now (unit, person, letter number…); null when unknown. */
  targetLabel: string | null;
  /** Names of what the record refers to, by `kind:id` (`unit:224` → 川汇区城管局). */
  refs: Record<string, string>;
}

export interface AuditVerify {
  ok: boolean;
  checked: number;
  headSeq: number;
  firstBroken: null | AuditProblem;
  problems: AuditProblem[];
  legacyRecords: number;
  keyedFrom: number | null;
  anchors: { file: string | null; count: number; checked: number };
}

/** One thing `GET /api/audit/verify` found wrong (seq and a reason such as mac_mismatch). */
export interface AuditProblem {
  seq: number;
  reason: string;
  expectedSeq?: number;
  detail?: string;
}

export interface ApiToken {
  id: number;
  name: string;
  prefix: string;
  scopes: Permission[];
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  status: 'active' | 'expired' | 'revoked';
}

/** What a new token may have: `GET /api/auth/tokens/options`. */
export interface TokenOptions {
  scopes: Permission[];
  defaultDays: number;
  maxDays: number;
}

export interface ImportRowError {
  sheet: string;
  row: number;
  field?: string;
  message: string;
}

export interface ImportResult {
  created: number;
  updated: number;
}
