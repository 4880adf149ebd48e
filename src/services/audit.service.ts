import type { Database, Executor } from '../db/database.js';
import { auditRepository, type AuditFilter } from '../db/repositories/audit.repository.js';
import type { AuditRow } from '../db/schema.js';
import { ChainVerifier, chainHash, type AuditRecordContent, type ChainBreak, type ChainedAuditRecord } from '../domain/audit/audit-chain.js';
import { can } from '../domain/policies/permissions.js';
import type { AuditAction } from '../shared/enums.js';
import type { Clock } from './clock.js';
import type { RequestContext } from './context.js';
import { forbidden } from './errors.js';

/** What a service says about the change it just made. */
export interface AuditEntry {
  action: AuditAction;
  targetType?: string;
  targetId?: string | number;
  summary?: Record<string, unknown>;
  /** Overrides the actor's name, e.g. for a failed login by an unknown name. */
  actorName?: string;
}

/** An audit record as the API shows it: the hashed content plus its hash. */
export type AuditRecordView = AuditRecordContent & { hash: string };

export interface VerifyResult {
  ok: boolean;
  checked: number;
  headSeq: number;
  firstBroken: ChainBreak | null;
}

/** A stored row as the chained record it claims to be (a summary that is not JSON stays text). */
function recordOf(r: AuditRow): ChainedAuditRecord {
  return {
    seq: r.seq,
    at: r.at,
    actorId: r.actor_id,
    actorName: r.actor_name,
    actorRole: r.actor_role,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    summary: safeParse(r.summary),
    requestId: r.request_id,
    clientIp: r.client_ip,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

function present(r: AuditRow): AuditRecordView {
  const { prevHash: _prev, ...view } = recordOf(r);
  return view;
}

/** Appends to, searches and verifies the tamper-evident audit log. */
export class AuditService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
  ) {}

  /**
   * Appends one record inside the caller's transaction, so the record exists if
   * and only if the change it describes was committed.
   */
  async record(trx: Executor, ctx: RequestContext, entry: AuditEntry): Promise<void> {
    const head = await auditRepository.lockHead(trx, this.database.dialect);
    const actor = ctx.actor;
    const content = {
      seq: head.seq + 1,
      at: this.clock.now().toISOString(),
      actorId: actor?.userId ?? null,
      actorName: entry.actorName ?? actor?.username ?? (ctx.requestId === 'cli' ? 'cli' : 'system'),
      actorRole: actor ? [...new Set(actor.grants.map((g) => g.role))].sort().join(',') || null : null,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId === undefined ? null : String(entry.targetId),
      summary: entry.summary ?? {},
      requestId: ctx.requestId,
      clientIp: ctx.clientIp,
    };
    const hash = chainHash(head.hash, content);
    await auditRepository.append(trx, {
      seq: content.seq,
      at: content.at,
      actor_id: content.actorId,
      actor_name: content.actorName,
      actor_role: content.actorRole,
      action: content.action,
      target_type: content.targetType,
      target_id: content.targetId,
      summary: JSON.stringify(content.summary),
      request_id: content.requestId,
      client_ip: content.clientIp,
      prev_hash: head.hash,
      hash,
    }, this.database.dialect);
  }

  /** Audit log search; auditors only. */
  async search(ctx: RequestContext, filter: AuditFilter): Promise<{ items: AuditRecordView[]; total: number }> {
    if (!ctx.actor || !can(ctx.actor, 'audit.read')) throw forbidden('only the auditor may read the audit log');
    const { rows, total } = await auditRepository.search(this.database.db, filter);
    return { items: rows.map(present), total };
  }

  /** Verifies the whole chain in pages; names the first broken record. */
  async verify(ctx: RequestContext | null): Promise<VerifyResult> {
    if (ctx && (!ctx.actor || !can(ctx.actor, 'audit.read'))) throw forbidden('only the auditor may verify the audit log');
    const db = this.database.db;
    const v = new ChainVerifier();
    let after = 0;
    for (;;) {
      const page = await auditRepository.page(db, after, 1000);
      for (const r of page) {
        const brk = v.push(recordOf(r));
        if (brk) return { ok: false, checked: v.checked, headSeq: (await auditRepository.head(db))?.seq ?? 0, firstBroken: brk };
      }
      if (page.length < 1000) break;
      after = page[page.length - 1]!.seq;
    }
    const head = await auditRepository.head(db);
    const brk = v.finish(head ?? null);
    return { ok: brk === null, checked: v.checked, headSeq: head?.seq ?? 0, firstBroken: brk };
  }
}

function safeParse(s: string): unknown {
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return s;
  }
}
