import type { Database } from '../db/database.js';
import { userRepository } from '../db/repositories/user.repository.js';
import { unitRepository } from '../db/repositories/unit.repository.js';
import { chinaDay, chinaMidnight, isWorkingDay, shiftDay } from '../domain/calendar/work-calendar.js';
import { loadActor } from '../services/accounts/auth.service.js';
import type { ManualClock } from '../core/clock.js';
import type { RequestContext } from '../core/context.js';
import type { EscalationService } from '../services/letters/escalation.service.js';
import type { LetterService } from '../services/letters/letter.service.js';
import { chance, int, pick, seededRng } from './demo-random.js';

export interface DemoLetterServices {
  letters: LetterService;
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
 * which is what climbs the ladder.
 */
export async function loadDemoLetters(
  deps: DemoLetterServices & { database: Database; clock: ManualClock },
  opts: { now: Date; seed?: number },
): Promise<{ letters: number }> {
  const { database, clock, letters, escalation } = deps;
  const db = database.db;
  const rng = seededRng(opts.seed ?? 20_261_126);
  const now = opts.now.getTime();
  const signers = new Map<number, RequestContext[]>();
  for (const u of await userRepository.all(db)) {
    if (!u.is_active) continue;
    const actor = await loadActor(database, u);
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
      clock.set(new Date(morning));
      await escalation.sweep(clock.now());
      // During the day, units sign for yesterday's and today's letters (most of them).
      for (const l of await letters.list({ actor: systemReader, requestId: 'demo', clientIp: null }, { state: 'issued' })) {
        const at = Math.min(now - HOUR, morning + int(rng, 1, 7) * HOUR);
        if (Date.parse(l.issuedAt!) >= at || !chance(rng, 0.7)) continue;
        const who = signerFor(l.unitId);
        if (!who) continue;
        clock.set(new Date(at));
        await letters.sign(who, l.id, chance(rng, 0.5) ? { reply: pick(rng, REPLIES) } : {});
      }
    }
    day = shiftDay(day, 1);
  }
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
