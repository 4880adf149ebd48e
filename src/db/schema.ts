import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

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
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
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

export interface DB {
  units: UnitsTable;
  users: UsersTable;
  role_grants: RoleGrantsTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  job_leases: JobLeasesTable;
  job_runs: JobRunsTable;
  meta: MetaTable;
}

export type UnitRow = Selectable<UnitsTable>;
export type NewUnitRow = Insertable<UnitsTable>;
export type UnitUpdate = Updateable<UnitsTable>;
export type UserRow = Selectable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type AuditRow = Selectable<AuditLogTable>;
export type ApiTokenRow = Selectable<ApiTokensTable>;
