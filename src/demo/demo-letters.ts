import type { Database } from '../db/database.js';
import { userRepository } from '../db/repositories/user.repository.js';
import { unitRepository } from '../db/repositories/unit.repository.js';
import { chinaDay, chinaMidnight, isWorkingDay, shiftDay } from '../domain/calendar/work-calendar.js';
import { loadActor } from '../services/accounts/auth.service.js';
import type { ManualClock } from '../core/clock.js';
import type { RequestContext } from '../core/context.js';
import type { EscalationService } from '../services/letters/escalation.service.js';
import type { LetterApprovalService } from '../services/letters/letter-approval.service.js';
import type { LetterService } from '../services/letters/letter.service.js';
import { chance, int, pick, seededRng } from './demo-random.js';

export interface DemoLetterServices {
  letters: LetterService;
  letterApproval: LetterApprovalService;
  escalation: EscalationService;
}

const HOUR = 3_600_000;

const REPLIES = [
  '已收到。我单位已召开专题会议研究部署，明确分管负责同志牵头，对照问题清单逐件整改，整改情况将按期书面报送。',
  '收悉。已组织执法人员现场核查，相关问题正在整改中，预计三个工作日内全部整改到位。',
  '已签收。问题已于当日交办责任科室和属地街道，整改完成后附前后对比照片报送市创建指挥部办公室。',
];

/**
 * The demo's letters: the escalation sweep played at 09:00 on each working day of
 * the last two weeks (on the demo's own clock), with the units that have demo
 * accounts signing most of their letters within a day and replying to some, so HQ's
 * ledger shows every state — and the units without an account leave theirs unsigned,
 * which is what climbs the ladder. The leader (陈市长) approves the 问责函 the sweep
 * prepared the next working morning, so the demo ends with the last one still waiting
 * for the leader's approval (待审批).
 */
export async function loadDemoLetters(
  deps: DemoLetterServices & { database: Database; clock: ManualClock },
  opts: { now: Date; seed?: number },
): Promise<{ letters: number }> {
  const { database, clock, letters, letterApproval, escalation } = deps;
  const db = database.db;
  const rng = seededRng(opts.seed ?? 20_261_126);
  const now = opts.now.getTime();
  const signers = new Map<number, RequestContext[]>();
  let leader: RequestContext | null = null;
  let hq: RequestContext | null = null;
  for (const u of await userRepository.all(db)) {
    if (!u.is_active) continue;
    const actor = await loadActor(database, u);
    if (leader === null && actor.grants.some((g) => g.role === 'leader' && g.unitPath.split('/').length === 3))
      leader = { actor, requestId: 'demo', clientIp: null };
    if (hq === null && actor.grants.some((g) => g.role === 'hq_dispatcher')) hq = { actor, requestId: 'demo', clientIp: null };
    for (const g of actor.grants) {
      if (g.role !== 'unit_handler' && g.role !== 'unit_head') continue;
      signers.set(g.unitId, [...(signers.get(g.unitId) ?? []), { actor, requestId: 'demo', clientIp: null }]);
    }
  }
  const units = new Map((await unitRepository.list(db)).map((u) => [u.id, u]));
  const signerFor = (unitId: number): RequestContext | null => {
    // The unit's own account, else one on a unit above it (a district handler signs for its streets).
    let u = units.get(unitId);
    while (u) {
      const list = signers.get(u.id);
      if (list?.length) return pick(rng, list);
      u = u.parent_id === null ? undefined : units.get(u.parent_id);
    }
    return null;
  };

  let day = chinaDay(new Date(now - 14 * 24 * HOUR));
  const today = chinaDay(new Date(now));
  while (day <= today) {
    const morning = chinaMidnight(day).getTime() + 9 * HOUR;
    if (isWorkingDay(day) && morning < now) {
      // The leader approves the letters prepared before, first thing (08:30, before the sweep looks at their cases).
      clock.set(new Date(morning - HOUR / 2));
      if (leader) {
        for (const l of await letters.list(leader, { state: 'pending_approval' })) await letterApproval.approve(leader, l.id);
      }
      clock.set(new Date(morning));
      await escalation.sweep(clock.now());
      // During the day, units sign for yesterday's and today's letters (most of them).
      for (const l of await letters.list({ actor: systemReader, requestId: 'demo', clientIp: null }, { state: 'issued' })) {
        const at = Math.min(now - HOUR, morning + int(rng, 1, 7) * HOUR);
        if (Date.parse(l.issuedAt!) >= at || !chance(rng, 0.7)) continue;
        // The recipient that signs: the unit, or the office a 问责函 is addressed to.
        const who = signerFor(l.signUnitId);
        if (!who) continue;
        clock.set(new Date(at));
        await letters.sign(who, l.id, chance(rng, 0.5) ? { reply: pick(rng, REPLIES) } : {});
      }
    }
    day = shiftDay(day, 1);
  }
  // However the days fell, one 问责函 waits for the leader at the end: the newest, the others approved.
  clock.set(new Date(now - 60_000));
  if (leader && hq && (await letters.list(leader, { state: 'pending_approval' })).length === 0) {
    // None prepared lately (the demo's two weeks rarely climb that far): HQ proposes one by
    // hand, about the cases of the newest 督办函 in force that have no 问责函 yet.
    for (const l of await letters.list(hq, { type: '督办函' })) {
      if (l.status !== 'issued') continue;
      const covered = await Promise.all(l.caseIds.map((caseId) => letters.list(hq, { caseId, type: '问责函' })));
      if (covered.some((ls) => ls.some((x) => x.status !== 'withdrawn'))) continue;
      const draft = await letters.draft(hq, { unitId: l.unitId, rungKey: 'accountability', caseIds: l.caseIds });
      await letters.issue(hq, draft.id);
      break;
    }
  }
  const waiting = leader ? await letters.list(leader, { state: 'pending_approval' }) : [];
  for (const l of waiting.slice(1)) await letterApproval.approve(leader!, l.id);
  clock.set(opts.now);
  // The units read their notices too: only the last days' are still unread.
  await db
    .updateTable('notifications')
    .set((eb) => ({ read_at: eb.ref('created_at') }))
    .where('created_at', '<', new Date(now - 72 * HOUR).toISOString())
    .where('read_at', 'is', null)
    .execute();
  const all = await letters.list({ actor: systemReader, requestId: 'demo', clientIp: null }, {});
  return { letters: all.length };
}

/** A reader that sees every letter (city-wide HQ grant), for the loader's own queries. */
const systemReader = {
  userId: 0,
  username: 'demo',
  displayName: 'demo',
  grants: [{ role: 'hq_dispatcher' as const, unitId: 0, unitPath: '/' }],
};
