import type { Database, Executor } from '../../db/database.js';
import { inTransaction } from '../../db/transactions.js';
import { resolveAuditRefs } from '../../db/repositories/audit-refs.repository.js';
import { auditRepository, type AlongsideRows, type AuditFilter } from '../../db/repositories/audit.repository.js';
import type { AuditRow } from '../../db/schema.js';
import { AnchorChecker, type AnchorReason } from '../../domain/audit/anchors.js';
import {
  ChainVerifier,
  chainMac,
  KEYED_CHAIN,
  LEGACY_CHAIN,
  REKEY_ACTION,
  type AuditRecordContent,
  type ChainedAuditRecord,
} from '../../domain/audit/audit-chain.js';
import { can } from '../../domain/policies/permissions.js';
import { collectAuditRefs } from '../../shared/audit-refs.js';
import type { AuditList, AuditProblem, AuditRecord, AuditVerify } from '../../shared/contracts/audit.contract.js';
import type { AuditAction } from '../../shared/enums.js';
import type { AuditAnchors } from './audit-anchors.js';
import type { Clock } from '../../core/clock.js';
import type { RequestContext } from '../../core/context.js';
import { forbidden } from '../../core/errors.js';

/** How long (ms, the last of doubling waits from 5 ms) an anchor waits for its record to commit. */
const ANCHOR_COMMIT_WAIT_MS = 2560;

/** What a service says about the change it just made. */
export interface AuditEntry {
  action: AuditAction;
  targetType?: string;
  targetId?: string | number;
  summary?: Record<string, unknown>;
  /** Overrides the actor's name, e.g. for a failed login by an unknown name. */
  actorName?: string;
}

export interface AuditOptions {
  /** The chain key (≥ 32 bytes); never stored in the database. */
  key: Uint8Array;
  /** Where anchors go; null = no anchoring (tests without a data directory). */
  anchors?: AuditAnchors | null;
  /** Anchor after this many records. */
  anchorEvery?: number;
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
    version: r.chain_version === LEGACY_CHAIN ? LEGACY_CHAIN : KEYED_CHAIN,
  };
}

function present(r: AuditRow, names: Record<string, string>): AuditRecord {
  const { prevHash: _prev, version: _v, ...view } = recordOf(r);
  const refs: Record<string, string> = {};
  for (const k of collectAuditRefs(view)) if (names[k] !== undefined) refs[k] = names[k];
  const targetLabel = view.targetType && view.targetId ? (names[`${view.targetType}:${view.targetId}`] ?? null) : null;
  return { ...view, targetLabel, refs };
}

/** Appends to, searches and verifies the tamper-evident audit log. */
export class AuditService {
  private readonly key: Uint8Array;
  private readonly anchors: AuditAnchors | null;
  private readonly anchorEvery: number;
  /** Seq of the last anchor this process wrote (undefined until it writes one). */
  private lastAnchored: number | undefined;
  private anchoring: Promise<unknown> = Promise.resolve();
  private readonly scheduled = new Set<Promise<unknown>>();

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    opts: AuditOptions,
  ) {
    if (opts.key.length < 32) throw new Error('audit key must be at least 32 bytes');
    this.key = opts.key;
    this.anchors = opts.anchors ?? null;
    this.anchorEvery = opts.anchorEvery ?? 100;
  }

  /**
   * Appends one record inside the caller's transaction, so the record exists if
   * and only if the change it describes was committed. A chain still on the legacy
   * hash gets its `audit.rekey` record first. `opts.lockedHead` is the head the caller already
   * read and locked in this transaction (a report's tail takes it with its number in one
   * statement); `opts.alongside` are rows written with the record, in its statement on PostgreSQL;
   * `opts.commit`: the record is the transaction's last write, committed with it on PostgreSQL
   * (`auditRepository.append`), so the caller writes nothing after it.
   */
  async record(
    trx: Executor,
    ctx: RequestContext,
    entry: AuditEntry,
    opts: { lockedHead?: { seq: number; hash: string; chain_version: number }; alongside?: AlongsideRows[]; commit?: boolean } = {},
  ): Promise<void> {
    let head = opts.lockedHead ?? (await auditRepository.lockHead(trx, this.database.dialect));
    if (head.chain_version === LEGACY_CHAIN && head.seq > 0) {
      head = await this.appendKeyed(
        trx,
        head,
        { actorId: null, actorName: 'system', actorRole: null, requestId: ctx.requestId, clientIp: ctx.clientIp },
        {
          action: REKEY_ACTION,
          summary: { legacyHeadSeq: head.seq, legacyHeadHash: head.hash, legacyVerified: null },
        },
      );
    }
    const actor = ctx.actor;
    head = await this.appendKeyed(
      trx,
      head,
      {
        actorId: actor?.userId ?? null,
        actorName: entry.actorName ?? actor?.username ?? (ctx.requestId === 'cli' ? 'cli' : 'system'),
        actorRole: actor ? [...new Set(actor.grants.map((g) => g.role))].sort().join(',') || null : null,
        requestId: ctx.requestId,
        clientIp: ctx.clientIp,
      },
      entry,
      opts.alongside,
      opts.commit,
    );
    if (
      this.anchors &&
      (head.seq % this.anchorEvery === 0 || (this.lastAnchored !== undefined && head.seq - this.lastAnchored >= this.anchorEvery))
    ) {
      this.scheduleAnchor(head.seq, head.hash);
    }
  }

  private async appendKeyed(
    trx: Executor,
    head: { seq: number; hash: string },
    who: Pick<AuditRecordContent, 'actorId' | 'actorName' | 'actorRole' | 'requestId' | 'clientIp'>,
    entry: { action: AuditAction; targetType?: string; targetId?: string | number; summary?: Record<string, unknown> },
    alongside: AlongsideRows[] = [],
    commit = false,
  ): Promise<{ seq: number; hash: string; chain_version: number }> {
    const content: AuditRecordContent = {
      seq: head.seq + 1,
      at: this.clock.now().toISOString(),
      ...who,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId === undefined ? null : String(entry.targetId),
      summary: entry.summary ?? {},
    };
    const hash = chainMac(this.key, head.hash, content);
    await auditRepository.append(
      trx,
      {
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
        chain_version: KEYED_CHAIN,
      },
      this.database.dialect,
      alongside,
      { commit },
    );
    return { seq: content.seq, hash, chain_version: KEYED_CHAIN };
  }

  /**
   * Records a bulk export (a spreadsheet of users, cases, letters, projects, results …) in its
   * own transaction, before the file is sent: who took what, with which filters and how many
   * rows. 等保 audits the export of personal and official data like any important action.
   */
  async recordExport(
    ctx: RequestContext,
    summary: { what: string; file: string; rows?: number; query?: Record<string, unknown> },
  ): Promise<void> {
    await inTransaction(this.database.db, (trx) => this.record(trx, ctx, { action: 'data.export', targetType: 'export', summary }));
  }

  /**
   * Ends a legacy (unkeyed) chain: verifies it, appends an `audit.rekey` record that
   * pins the legacy head and says whether it verified, and anchors the new head.
   * Run at start and by `dudao audit rekey`; does nothing on a keyed chain.
   */
  async rekey(): Promise<{ rekeyed: boolean; legacyHeadSeq: number; legacyBreak: AuditProblem | null }> {
    const head = await auditRepository.head(this.database.db);
    if (!head || head.chain_version !== LEGACY_CHAIN || head.seq === 0) return { rekeyed: false, legacyHeadSeq: 0, legacyBreak: null };
    const v = await this.verify(null);
    const legacyBreak = v.firstBroken;
    const done = await this.database.transact(async (trx) => {
      const h = await auditRepository.lockHead(trx, this.database.dialect);
      if (h.chain_version !== LEGACY_CHAIN) return false; // another instance got there first
      await this.appendKeyed(
        trx,
        h,
        { actorId: null, actorName: 'system', actorRole: null, requestId: 'rekey', clientIp: null },
        {
          action: REKEY_ACTION,
          summary: {
            legacyHeadSeq: h.seq,
            legacyHeadHash: h.hash,
            legacyVerified: legacyBreak === null,
            ...(legacyBreak ? { legacyBreak: { seq: legacyBreak.seq, reason: legacyBreak.reason } } : {}),
          },
        },
      );
      return true;
    });
    if (done) await this.anchorNow('rekey');
    return { rekeyed: done, legacyHeadSeq: head.seq, legacyBreak };
  }

  /**
   * Writes the committed head's seq and MAC to the anchors, unless this process
   * anchored that seq already. Returns what was anchored, or null.
   */
  anchorNow(reason: AnchorReason): Promise<{ seq: number } | null> {
    const run = this.anchoring.then(async () => {
      if (!this.anchors) return null;
      // Read outside any transaction: only a committed head is ever anchored.
      const head = await auditRepository.head(this.database.db);
      if (!head || head.seq === 0 || head.seq === this.lastAnchored) return null;
      await this.anchors.append({ seq: head.seq, mac: head.hash, at: this.clock.now().toISOString(), reason });
      this.lastAnchored = Math.max(this.lastAnchored ?? 0, head.seq);
      return { seq: head.seq };
    });
    this.anchoring = run.catch(() => undefined);
    return run;
  }

  /** Waits for anchors scheduled by appends and their copies (tests, shutdown). */
  async settleAnchors(): Promise<void> {
    await Promise.allSettled([...this.scheduled]);
    await this.anchoring;
    await this.anchors?.settle();
  }

  /**
   * Anchors record `seq` once its transaction has committed: the read outside the
   * transaction waits for it (SQLite) or sees only committed rows (PostgreSQL). A
   * rolled-back record is not there (or is another record), and is not anchored.
   */
  private scheduleAnchor(seq: number, hash: string): void {
    const p = new Promise<void>((resolve) => {
      setImmediate(() => {
        const run = this.anchoring.then(async () => {
          if (!this.anchors) return;
          // Records that came while the due anchor was being written scheduled stand-ins for it
          // (in case its transaction had rolled back); once it is written they are not needed.
          if (this.lastAnchored !== undefined && seq < this.lastAnchored + this.anchorEvery && seq % this.anchorEvery !== 0) return;
          const row = await this.committedRecord(seq);
          if (row?.seq !== seq || row.hash !== hash) return;
          await this.anchors.append({ seq, mac: hash, at: this.clock.now().toISOString(), reason: 'every' });
          this.lastAnchored = Math.max(this.lastAnchored ?? 0, seq);
        });
        this.anchoring = run.catch(() => undefined);
        run.then(
          () => resolve(),
          (e: unknown) => {
            this.anchors?.targets.onError?.('audit anchor: write failed', e);
            resolve();
          },
        );
      });
    });
    this.scheduled.add(p);
    void p.finally(() => this.scheduled.delete(p));
  }

  /**
   * The record at `seq` once it is visible outside its transaction. On PostgreSQL
   * the append's commit may still be in flight when the anchor runs (the event
   * loop turns before the COMMIT round trip ends), so an absent record is read
   * again for a while; still absent after that, its transaction rolled back.
   */
  private async committedRecord(seq: number): Promise<{ seq: number; hash: string } | undefined> {
    for (let wait = 5; ; wait *= 2) {
      const row = (await auditRepository.page(this.database.db, seq - 1, 1))[0];
      if (row || wait > ANCHOR_COMMIT_WAIT_MS) return row;
      await new Promise((r) => setTimeout(r, wait));
    }
  }

  /** Audit log search; auditors only. */
  async search(ctx: RequestContext, filter: AuditFilter): Promise<AuditList> {
    if (!ctx.actor || !can(ctx.actor, 'audit.read')) throw forbidden('only the auditor may read the audit log');
    const { rows, total } = await auditRepository.search(this.database.db, filter);
    const keys = new Set<string>();
    for (const r of rows) for (const k of collectAuditRefs(recordOf(r))) keys.add(k);
    const names = await resolveAuditRefs(this.database.db, [...keys]);
    return { items: rows.map((r) => present(r, names)), total };
  }

  /**
   * Verifies the whole chain in pages (unkeyed hashes for legacy records, MACs
   * after) and every anchor; lists what is wrong, first problem first.
   */
  async verify(ctx: RequestContext | null): Promise<AuditVerify> {
    if (ctx && (!ctx.actor || !can(ctx.actor, 'audit.read'))) throw forbidden('only the auditor may verify the audit log');
    const db = this.database.db;
    const read = this.anchors ? await this.anchors.read() : { anchors: [], problems: [] };
    const anchorCheck = new AnchorChecker(read.anchors);
    const v = new ChainVerifier(this.key);
    const problems: AuditProblem[] = [...read.problems];
    let after = 0;
    let lastSeq = 0;
    let chainBroken = false;
    for (;;) {
      const page = await auditRepository.page(db, after, 1000);
      for (const r of page) {
        anchorCheck.see(r.seq, r.hash);
        lastSeq = r.seq;
        if (chainBroken) continue;
        const brk = v.push(recordOf(r));
        if (brk) {
          problems.push(brk);
          chainBroken = true;
        }
      }
      if (page.length < 1000) break;
      after = page[page.length - 1]!.seq;
    }
    const head = await auditRepository.head(db);
    if (!chainBroken) {
      const brk = v.finish(head ?? null);
      if (brk) problems.push(brk);
    }
    const keyedRecords = v.keyedFrom === null ? 0 : lastSeq - v.keyedFrom + 1;
    // With anchoring off (no anchor file configured) there is nothing to miss.
    problems.push(...anchorCheck.finish(lastSeq, keyedRecords, this.anchors ? this.anchorEvery : Number.POSITIVE_INFINITY));
    problems.sort((a, b) => a.seq - b.seq);
    return {
      ok: problems.length === 0,
      checked: v.checked,
      headSeq: head?.seq ?? 0,
      firstBroken: problems[0] ?? null,
      problems,
      legacyRecords: v.legacyRecords,
      keyedFrom: v.keyedFrom,
      anchors: { file: this.anchors?.targets.file ?? null, count: read.anchors.length, checked: anchorCheck.checked },
    };
  }
}

function safeParse(s: string): unknown {
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return s;
  }
}
