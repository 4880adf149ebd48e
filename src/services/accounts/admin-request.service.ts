import type { Database, Executor } from '../../db/database.js';
import { adminRequestRepository } from '../../db/repositories/admin-request.repository.js';
import { unitRepository } from '../../db/repositories/unit.repository.js';
import { userRepository } from '../../db/repositories/user.repository.js';
import type { AdminRequestRow, UserRow } from '../../db/schema.js';
import { adminRequestExpiry, decideApproval, roleSetProblemSaid, type AdminSubject } from '../../domain/policies/admin-separation.js';
import { can, canAtRoot, type Actor } from '../../domain/policies/permissions.js';
import { ADMIN_REQUEST_STATUSES, type AdminChangeKind, type AdminRequestStatus } from '../../shared/admin-requests.js';
import type { AdminRequest, AdminRequestDetails, AdminRequestList } from '../../shared/contracts/admin-requests.contract.js';
import type { Role } from '../../shared/enums.js';
import {
  createAccount,
  describeChanges,
  replaceRoles,
  setLockState,
  setPasswordHash,
  updateAccount,
  type AccountChanges,
  type NewAccount,
} from './account-writes.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Clock } from '../../core/clock.js';
import { systemContext, type RequestContext } from '../../core/context.js';
import { conflict, conflictSaid, forbidden, invalid, notFound, unauthorized } from '../../core/errors.js';

/** What an approval applies, per kind. Passwords travel only as hashes. */
export type AdminRequestPayload =
  | { kind: 'create'; account: NewAccount }
  | { kind: 'profile' | 'activate' | 'deactivate'; changes: AccountChanges }
  | { kind: 'roles'; roles: { role: Role; unitId: number }[] }
  | { kind: 'password'; passwordHash: string }
  | { kind: 'lock' | 'unlock' };

/** The roles an actor holds, as the split-of-duties policy sees them. */
export function subjectOf(actor: Actor): AdminSubject {
  return { userId: actor.userId, roles: [...new Set(actor.grants.map((g) => g.role))] };
}

/**
 * Admin requests (三员分立): a change one administrator may not make alone is filed here
 * and applied, in the approving transaction, when a different administrator approves.
 * Requests lapse after 72 hours; the requester may cancel. Every step is audited.
 */
export class AdminRequestService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  private actorOf(ctx: RequestContext): Actor {
    if (!ctx.actor) throw unauthorized();
    return ctx.actor;
  }

  /** Files a request inside the caller's transaction (UserService, when the policy says needs_approval). */
  async file(trx: Executor, ctx: RequestContext, target: UserRow | null, payload: AdminRequestPayload): Promise<AdminRequest> {
    const actor = this.actorOf(ctx);
    const now = this.clock.now();
    const id = await adminRequestRepository.insert(trx, {
      kind: payload.kind,
      target_user_id: target?.id ?? null,
      payload: JSON.stringify(payload),
      requested_by: actor.userId,
      expires_at: adminRequestExpiry(now).toISOString(),
      created_at: now.toISOString(),
    });
    const row = (await adminRequestRepository.byId(trx, id))!;
    await this.audit.record(trx, ctx, {
      action: 'admin_request.create',
      targetType: 'admin_request',
      targetId: id,
      summary: {
        kind: payload.kind,
        username: target?.username ?? (payload.kind === 'create' ? payload.account.username : null),
        ...detailsOf(row),
      },
    });
    return (await this.present(trx, [row]))[0]!;
  }

  /** Lists requests (newest first) for administrators; lapsed ones are marked expired first. */
  async list(ctx: RequestContext, f: { status?: string; page: number; pageSize: number }): Promise<AdminRequestList> {
    const actor = this.actorOf(ctx);
    if (!can(actor, 'admin.requests')) throw forbidden();
    if (f.status !== undefined && !(ADMIN_REQUEST_STATUSES as readonly string[]).includes(f.status))
      throw invalid('status', `unknown status "${f.status}"`);
    await this.expireDue();
    const db = this.database.db;
    const { rows, total } = await adminRequestRepository.list(db, {
      status: f.status,
      offset: (f.page - 1) * f.pageSize,
      limit: f.pageSize,
    });
    return { items: await this.present(db, rows), total };
  }

  /** Marks every lapsed pending request expired, each audited; returns how many. */
  async expireDue(): Promise<number> {
    const nowIso = this.clock.now().toISOString();
    return this.database.db.transaction().execute(async (trx) => {
      let n = 0;
      for (const r of await adminRequestRepository.duePending(trx, nowIso)) {
        if (!(await adminRequestRepository.decide(trx, r.id, 'expired', null, nowIso))) continue;
        await this.audit.record(trx, systemContext('admin-requests'), {
          action: 'admin_request.expire',
          targetType: 'admin_request',
          targetId: r.id,
          summary: { kind: r.kind, expiresAt: r.expires_at },
        });
        n += 1;
      }
      return n;
    });
  }

  /** A second administrator approves: the change is applied in the same transaction. */
  async approve(ctx: RequestContext, id: number): Promise<AdminRequest> {
    return this.decide(ctx, id, 'approved');
  }

  /** A second administrator turns the request down; nothing changes. */
  async reject(ctx: RequestContext, id: number): Promise<AdminRequest> {
    return this.decide(ctx, id, 'rejected');
  }

  /** The requester withdraws their own pending request. */
  async cancel(ctx: RequestContext, id: number): Promise<AdminRequest> {
    const actor = this.actorOf(ctx);
    await this.expireDue();
    return this.database.db.transaction().execute(async (trx) => {
      const row = await this.pending(trx, id);
      if (row.requested_by !== actor.userId) throw forbidden('only the administrator who made the request may cancel it');
      await this.close(trx, ctx, row, 'cancelled', actor.userId);
      return (await this.present(trx, [(await adminRequestRepository.byId(trx, id))!]))[0]!;
    });
  }

  private async decide(ctx: RequestContext, id: number, status: 'approved' | 'rejected'): Promise<AdminRequest> {
    const actor = this.actorOf(ctx);
    await this.expireDue();
    return this.database.db.transaction().execute(async (trx) => {
      const row = await this.pending(trx, id);
      const verdict = decideApproval(subjectOf(actor), { requestedBy: row.requested_by, targetUserId: row.target_user_id });
      if (verdict !== 'allow') throw forbidden(verdict.deny);
      const payload = JSON.parse(row.payload) as AdminRequestPayload;
      const target = row.target_user_id === null ? null : await userRepository.byId(trx, row.target_user_id);
      if (row.target_user_id !== null && !target) throw conflict('targetUserId', 'the account no longer exists');
      const unitId = target ? target.unit_id : payload.kind === 'create' ? payload.account.unitId : null;
      const path = unitId === null ? null : ((await unitRepository.byId(trx, unitId))?.path ?? null);
      if (!(path === null ? canAtRoot(actor, 'admin.requests') : can(actor, 'admin.requests', path)))
        throw forbidden('the account is outside the units you administer');
      if (status === 'approved') await this.apply(trx, ctx, row, payload, target);
      await this.close(trx, ctx, row, status, actor.userId);
      return (await this.present(trx, [(await adminRequestRepository.byId(trx, id))!]))[0]!;
    });
  }

  private async pending(trx: Executor, id: number): Promise<AdminRequestRow> {
    const row = await adminRequestRepository.byId(trx, id);
    if (!row) throw notFound('admin request', id);
    if (row.status !== 'pending') throw conflict('status', `the request is already ${row.status}`);
    return row;
  }

  private async close(trx: Executor, ctx: RequestContext, row: AdminRequestRow, status: AdminRequestStatus, by: number): Promise<void> {
    // The conditional update makes two racing decisions end with exactly one winner.
    if (!(await adminRequestRepository.decide(trx, row.id, status, by, this.clock.now().toISOString())))
      throw conflict('status', 'the request was decided meanwhile');
    const action =
      status === 'approved' ? 'admin_request.approve' : status === 'rejected' ? 'admin_request.reject' : 'admin_request.cancel';
    await this.audit.record(trx, ctx, {
      action,
      targetType: 'admin_request',
      targetId: row.id,
      summary: { kind: row.kind, requestedBy: row.requested_by, targetUserId: row.target_user_id },
    });
  }

  /** Applies the approved change, re-checking what may have changed since it was asked. */
  private async apply(
    trx: Executor,
    ctx: RequestContext,
    row: AdminRequestRow,
    p: AdminRequestPayload,
    target: UserRow | null | undefined,
  ): Promise<void> {
    const nowIso = this.clock.now().toISOString();
    const extra = { requestId: row.id, requestedBy: row.requested_by };
    if (p.kind === 'create') {
      if (await userRepository.byUsername(trx, p.account.username))
        throw conflict('username', `username "${p.account.username}" already exists`);
      await this.checkRoles(trx, p.account.roles);
      await createAccount(trx, this.audit, ctx, p.account, nowIso, extra);
      return;
    }
    const t = target!;
    switch (p.kind) {
      case 'profile':
      case 'activate':
      case 'deactivate':
        if (p.changes.unit_id != null && !(await unitRepository.byId(trx, p.changes.unit_id)))
          throw conflict('unitId', `unit ${p.changes.unit_id} no longer exists`);
        return updateAccount(trx, this.audit, ctx, t, p.changes, nowIso, extra);
      case 'roles':
        await this.checkRoles(trx, p.roles);
        return replaceRoles(trx, this.audit, ctx, t, p.roles, nowIso, extra);
      case 'password':
        return setPasswordHash(trx, this.audit, ctx, t, p.passwordHash, nowIso, extra);
      case 'lock':
      case 'unlock':
        return setLockState(trx, this.audit, ctx, t, p.kind === 'lock', nowIso, extra);
    }
  }

  private async checkRoles(trx: Executor, roles: { role: Role; unitId: number }[]): Promise<void> {
    const problem = roleSetProblemSaid(roles.map((r) => r.role));
    if (problem) throw conflictSaid('roles', problem);
    for (const r of roles) if (!(await unitRepository.byId(trx, r.unitId))) throw conflict('roles', `unit ${r.unitId} no longer exists`);
  }

  private async present(db: Executor, rows: AdminRequestRow[]): Promise<AdminRequest[]> {
    const ids = new Set<number>();
    for (const r of rows) for (const x of [r.target_user_id, r.requested_by, r.decided_by]) if (x !== null) ids.add(x);
    const people = new Map(
      (await adminRequestRepository.people(db, [...ids])).map((p) => [
        p.id,
        { id: p.id, username: p.username, displayName: p.display_name },
      ]),
    );
    const person = (id: number | null) => (id === null ? null : (people.get(id) ?? { id, username: '', displayName: '' }));
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind as AdminChangeKind,
      status: r.status as AdminRequestStatus,
      target: person(r.target_user_id),
      details: detailsOf(r),
      requestedBy: person(r.requested_by)!,
      decidedBy: person(r.decided_by),
      decidedAt: r.decided_at,
      expiresAt: r.expires_at,
      createdAt: r.created_at,
    }));
  }
}

/** What people see of a request's payload: never a password hash. */
function detailsOf(row: AdminRequestRow): AdminRequestDetails {
  const p = JSON.parse(row.payload) as AdminRequestPayload;
  switch (p.kind) {
    case 'create':
      return { username: p.account.username, displayName: p.account.displayName, roles: p.account.roles };
    case 'roles':
      return { roles: p.roles };
    case 'profile':
    case 'activate':
    case 'deactivate':
      return { changes: Object.fromEntries(Object.entries(describeChanges({} as UserRow, p.changes)).map(([k, v]) => [k, v.to])) };
    default:
      return {};
  }
}
