/** Arranging 考核 results tests: a small model over the test city, cases and letters inserted directly. */
import type { Database } from '../../src/db/database.js';
import type { AssessmentModel, AssessmentRunGroup } from '../../src/shared/contracts/assessment.contract.js';

/** 中心城区各区 (districts) on cases and letters, 市直部门 (departments) on cases; 红榜 1, 黑榜 1. */
export function resultsModel(): Omit<AssessmentModel, 'version'> {
  return {
    name: '考核办法（测试）',
    groups: [
      {
        key: 'districts',
        name: '中心城区各区',
        members: { unitKinds: ['district'], unitIds: [] },
        components: [
          { kind: 'cases', weight: 100, onTimeWeight: 50, closureWeight: 30, reworkWeight: 20 },
          { kind: 'letters', deductions: { reminder: 1, supervision: 3, accountability: 10 }, unansweredDeduction: 2, cap: 10 },
        ],
        total: { floor: 0, cap: 100 },
        lists: { kind: 'rank', red: 1, black: 1 },
      },
      {
        key: 'departments',
        name: '市直部门',
        members: { unitKinds: ['department'], unitIds: [] },
        components: [{ kind: 'cases', weight: 100, onTimeWeight: 60, closureWeight: 40, reworkWeight: 0 }],
        total: { floor: 0, cap: 100 },
        lists: { kind: 'rank', red: 1, black: 0 },
      },
    ],
  };
}

let caseSeq = 0;

/** A case inserted with the timestamps the reader uses (and a rework event per `reworkAt`). */
export async function insertCase(
  database: Database,
  c: {
    unitId: number;
    state: string;
    dispatchedAt: string;
    deadline: string;
    handledAt?: string | null;
    closedAt?: string | null;
    reworkAt?: string[];
  },
): Promise<number> {
  const n = ++caseSeq;
  const owed = c.state === 'dispatched' || c.state === 'acknowledged';
  const row = await database.db
    .insertInto('cases')
    .values({
      number: `2026-9${String(n).padStart(5, '0')}`,
      year: 2026,
      source: 'inspection',
      state: c.state,
      version: 1,
      category_code: 'E01',
      severity: 'normal',
      description: '测试案件',
      assigned_unit_id: c.unitId,
      deadline: c.deadline,
      owed_deadline: owed ? c.deadline : null,
      dispatched_at: c.dispatchedAt,
      first_dispatched_at: c.dispatchedAt,
      handled_at: c.handledAt ?? null,
      closed_at: c.closedAt ?? null,
      reopen_count: c.reworkAt?.length ?? 0,
      extension_count: 0,
      snapshot: '{}',
      created_at: c.dispatchedAt,
      updated_at: c.dispatchedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  let seq = 1;
  for (const at of c.reworkAt ?? [])
    await database.db
      .insertInto('case_events')
      .values({ case_id: row.id, seq: seq++, action: 'verify_reopen', from_state: 'rectified', to_state: 'dispatched', at, data: '{}' })
      .execute();
  return row.id;
}

let letterSeq = 0;

/** An issued letter to a unit (rung `rungKey`), unanswered unless `repliedAt`. */
export async function insertLetter(
  database: Database,
  l: { unitId: number; rungKey: string; issuedAt: string; replyDeadline: string; repliedAt?: string | null; campaignId?: number | null },
): Promise<number> {
  const seq = ++letterSeq;
  const row = await database.db
    .insertInto('letters')
    .values({
      number: `周创指督〔2026〕${seq}号`,
      year: 2026,
      seq,
      type: '督办函',
      rung_key: l.rungKey,
      campaign_id: l.campaignId ?? null,
      issuer_name: '周口市创文指挥部',
      issuer_code: '周创指督',
      unit_id: l.unitId,
      addressee: '测试单位',
      title: '关于督办问题整改的函',
      body: '[]',
      status: 'issued',
      reply_deadline: l.replyDeadline,
      issued_at: l.issuedAt,
      issued_by: null,
      delivered_at: null,
      signed_at: null,
      signed_by: null,
      reply: l.repliedAt ? '已整改' : null,
      replied_at: l.repliedAt ?? null,
      withdrawn_at: null,
      withdrawn_by: null,
      withdraw_reason: null,
      created_by: null,
      created_at: l.issuedAt,
      updated_at: l.issuedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Every explained unit's parts add up to its score and every part's lines to the part, in hundredths. */
export function explanationMismatches(groups: readonly AssessmentRunGroup[]): string[] {
  const c = (x: number) => Math.round(x * 100);
  const out: string[] = [];
  for (const g of groups)
    for (const i of g.items) {
      if (!i.explained) continue;
      const parts = i.parts.reduce((s, p) => s + c(p.points), 0);
      if (c(i.score ?? 0) !== parts) out.push(`${i.unitName}: parts ${parts / 100} ≠ score ${i.score}`);
      for (const p of i.parts) {
        const lines = p.lines.reduce((s, l) => s + c(l.points), 0);
        if (lines !== c(p.points)) out.push(`${i.unitName} ${p.kind}: lines ${lines / 100} ≠ ${p.points}`);
      }
    }
  return out;
}
