import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/db.js';
import { contextFor, makeEnv, type TestEnv } from '../../helpers/factories.js';
import { userRepository } from '../../../src/db/repositories/user.repository.js';
import { DEMO_CASE_ACCOUNTS } from '../../../src/demo/demo-cases.js';
import { replay, type CaseEvent, type CaseSnapshot } from '../../../src/domain/cases/case-machine.js';
import type { CaseAction, CaseState } from '../../../src/shared/case-enums.js';
import type { RequestContext } from '../../../src/core/context.js';

const DAY = 86_400_000;
const BBOX = [114.09, 33.05, 115.66, 34.34] as const;

/** The case log of one case as the domain's events. */
function toEvents(
  rows: {
    case_id: number;
    seq: number;
    action: string;
    from_state: string | null;
    to_state: string;
    actor_id: number | null;
    at: string;
    note: string | null;
    data: string;
    deadline_before: string | null;
    deadline_after: string | null;
    unit_before: number | null;
    unit_after: number | null;
  }[],
): CaseEvent[] {
  return rows.map((e) => {
    const data = JSON.parse(e.data) as Record<string, unknown>;
    return {
      caseId: e.case_id,
      version: e.seq,
      action: e.action as CaseAction,
      fromState: e.from_state as CaseState | null,
      toState: e.to_state as CaseState,
      actorId: e.actor_id ?? 0,
      at: e.at,
      note: e.note,
      evidenceCount: Number(data.evidenceCount ?? 0),
      deadlineBefore: e.deadline_before,
      deadlineAfter: e.deadline_after,
      unitBefore: e.unit_before,
      unitAfter: e.unit_after,
      data,
    };
  });
}

async function as(database: TestDatabase, username: string): Promise<RequestContext> {
  return contextFor(database, (await userRepository.byUsername(database.db, username))!.id);
}

/** What the demo produced, in a form two loads can be compared by. */
async function digest(database: TestDatabase): Promise<string> {
  const cases = await database.db
    .selectFrom('cases')
    .select(['number', 'state', 'category_code', 'severity', 'source', 'description', 'address', 'lon', 'lat', 'deadline', 'created_at'])
    .orderBy('id')
    .execute();
  // By case number, not id: ids keep counting after a reset.
  const events = await database.db
    .selectFrom('case_events')
    .innerJoin('cases', 'cases.id', 'case_events.case_id')
    .select(['cases.number', 'case_events.seq', 'case_events.action', 'case_events.at', 'case_events.note', 'case_events.deadline_after'])
    .orderBy('cases.number')
    .orderBy('case_events.seq')
    .execute();
  return JSON.stringify({ cases: cases.map((c) => ({ ...c, lon: Number(c.lon), lat: Number(c.lat) })), events });
}

for (const dialect of DIALECTS) {
  describe(`demo cases on ${dialect}`, () => {
    let database: TestDatabase;
    let env: TestEnv;
    let loadMs = 0;
    let now: Date;

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      env = makeEnv(database);
      now = env.clock.now();
      const t0 = performance.now();
      await env.services.demo.load();
      loadMs = performance.now() - t0;
      console.info(`demo city with cases loaded on ${dialect} in ${Math.round(loadMs)} ms`);
    }, 120_000);
    afterAll(async () => database.drop());

    const allCases = () => database.db.selectFrom('cases').selectAll().orderBy('id').execute();

    it('loads about 150 cases reported over the four weeks before now', async () => {
      const cases = await allCases();
      expect(cases.length).toBeGreaterThanOrEqual(100);
      expect(cases.length).toBeLessThanOrEqual(200);
      const first = Math.min(...cases.map((c) => Date.parse(c.created_at)));
      const last = Math.max(...cases.map((c) => Date.parse(c.created_at)));
      expect(first).toBeGreaterThanOrEqual(now.getTime() - 28 * DAY);
      expect(first).toBeLessThan(now.getTime() - 20 * DAY);
      expect(last).toBeLessThan(now.getTime());
      expect(last).toBeGreaterThan(now.getTime() - DAY);
      // Loading relaxes SQLite's fsync per commit and must put it back.
      if (dialect === 'sqlite')
        expect((await sql<{ synchronous: number }>`pragma synchronous`.execute(database.db)).rows[0]?.synchronous).toBe(2);
    });

    it('spreads the cases over states, categories, units, sources and areas, with some overdue', async () => {
      const cases = await allCases();
      const distinct = (f: (c: (typeof cases)[number]) => unknown) => new Set(cases.map(f).filter((x) => x !== null));
      const states = distinct((c) => c.state);
      expect(states.size).toBeGreaterThanOrEqual(6);
      for (const s of ['reported', 'accepted', 'dispatched', 'acknowledged', 'rectified', 'closed', 'rejected', 'suspended'])
        expect(states).toContain(s);
      expect(distinct((c) => c.category_code).size).toBeGreaterThanOrEqual(6);
      expect(distinct((c) => c.assigned_unit_id).size).toBeGreaterThanOrEqual(4);
      expect(distinct((c) => c.source).size).toBeGreaterThanOrEqual(3);
      // Most cases are closed; the rest are at work somewhere.
      expect(cases.filter((c) => c.state === 'closed').length).toBeGreaterThan(cases.length / 2);
      expect(cases.some((c) => c.reopen_count > 0 && c.state === 'closed')).toBe(true);
      expect(cases.some((c) => c.extension_count > 0)).toBe(true);
      expect(cases.some((c) => c.pending_extension !== null)).toBe(true);
      const overdue = await env.services.caseQuery.list(await as(database, 'hq'), { overdue: true, offset: 0, limit: 500 });
      expect(overdue.total).toBeGreaterThan(0);
      expect(overdue.items.every((c) => c.overdue && Date.parse(c.deadline!) < now.getTime())).toBe(true);
      // Located in the city, in a street or town of the demo directory, in Chinese.
      const areas = new Set<number>();
      for (const c of cases) {
        expect(Number(c.lon)).toBeGreaterThanOrEqual(BBOX[0]);
        expect(Number(c.lon)).toBeLessThanOrEqual(BBOX[2]);
        expect(Number(c.lat)).toBeGreaterThanOrEqual(BBOX[1]);
        expect(Number(c.lat)).toBeLessThanOrEqual(BBOX[3]);
        // A citizen on the public page gives a point, not a district (issue 15): those carry no area.
        if (c.public_token_hash === null) {
          expect(c.area_unit_id).not.toBeNull();
          areas.add(c.area_unit_id!);
        }
        expect(c.description).toMatch(/[\u4e00-\u9fff]/);
        // Street cases carry an address; the projects' obstacles (issue 14) are located by the project's position.
        if (c.source !== 'project_obstacle') expect(c.address).toMatch(/^(周口|.+县|项城市)/);
      }
      expect(areas.size).toBeGreaterThanOrEqual(10);
    });

    it('numbers each year gaplessly from 1', async () => {
      const byYear = new Map<number, number[]>();
      for (const c of await allCases()) {
        const [year, n] = c.number.split('-');
        expect(Number(year)).toBe(c.year);
        byYear.set(c.year, [...(byYear.get(c.year) ?? []), Number(n)]);
      }
      for (const ns of byYear.values()) expect(ns.sort((a, b) => a - b)).toEqual(Array.from({ length: ns.length }, (_, i) => i + 1));
    });

    it("replays every case's events to its stored snapshot, each event in order and in the past", async () => {
      const events = await database.db.selectFrom('case_events').selectAll().orderBy('case_id').orderBy('seq').execute();
      const cases = await allCases();
      for (const c of cases) {
        const log = events.filter((e) => e.case_id === c.id);
        expect(replay(toEvents(log))).toEqual(JSON.parse(c.snapshot) as CaseSnapshot);
        const times = log.map((e) => Date.parse(e.at));
        expect(times).toEqual([...times].sort((a, b) => a - b));
        expect(times[0]).toBe(Date.parse(c.created_at));
        expect(times[times.length - 1]!).toBeLessThan(now.getTime());
      }
    });

    it('keeps the maintained aggregates equal to a recompute of the event log', async () => {
      const r = await env.services.caseQuery.recompute();
      expect(r.differences).toEqual([]);
      expect(r.equal).toBe(true);
      expect(r.cases).toBe((await allCases()).length);
      const ind = await env.services.caseQuery.indicators(await as(database, 'leader'), { from: '2026-01-01', to: '2026-12-31' });
      expect(ind.sums.closed).toBeGreaterThan(0);
      expect(ind.indicators.disposalRate).not.toBeNull();
    });

    it('follows the rules a person would: photos where required, verifier never the rectifier, the right people acting', async () => {
      const events = await database.db.selectFrom('case_events').selectAll().orderBy('case_id').orderBy('seq').execute();
      const files = await database.db.selectFrom('files').select(['event_id', 'phase']).execute();
      const photos = (eventId: number) => files.filter((f) => f.event_id === eventId).length;
      const cases = new Map((await allCases()).map((c) => [c.id, c]));
      const users = new Map((await userRepository.all(database.db)).map((u) => [u.id, u.username]));
      for (const e of events) {
        if (e.action === 'report' && cases.get(e.case_id)!.source === 'inspection') expect(photos(e.id)).toBeGreaterThanOrEqual(1);
        if (['rectify', 'verify_close', 'verify_reopen'].includes(e.action)) expect(photos(e.id)).toBeGreaterThanOrEqual(1);
        if (
          ['accept', 'dispatch', 'redispatch', 'reject', 'merge', 'approve_extension', 'deny_extension', 'suspend', 'resume'].includes(
            e.action,
          )
        )
          expect(users.get(e.actor_id!)).toBe('hq');
        if (['acknowledge', 'rectify', 'return', 'request_extension'].includes(e.action))
          expect(users.get(e.actor_id!)).toMatch(/^(handler|unithead)/);
      }
      for (const e of events.filter((x) => x.action.startsWith('verify_'))) {
        const rectifier = [...events].reverse().find((x) => x.case_id === e.case_id && x.action === 'rectify' && x.seq < e.seq)!;
        expect(e.actor_id).not.toBe(rectifier.actor_id);
      }
      expect(files.some((f) => f.phase === 'before')).toBe(true);
      expect(files.some((f) => f.phase === 'after')).toBe(true);
    });

    it('gives each demo handler an inbox, and every extra account logs in with the demo password', async () => {
      const handler = await env.services.caseQuery.list(await as(database, 'handler'), {
        states: ['dispatched', 'acknowledged'],
        offset: 0,
        limit: 500,
      });
      expect(handler.total).toBeGreaterThan(0);
      let withWork = 0;
      for (const a of DEMO_CASE_ACCOUNTS) {
        const r = await env.services.caseQuery.list(await as(database, a.username), { offset: 0, limit: 500 });
        if (r.total > 0) withWork += 1;
        const { session } = await env.services.auth.login(
          { actor: null, requestId: 't', clientIp: null },
          a.username,
          'Dudao-Demo-2026',
          null,
        );
        expect(session.actor.grants.map((g) => g.role)).toEqual(['unit_handler']);
      }
      expect(withWork).toBeGreaterThanOrEqual(DEMO_CASE_ACCOUNTS.length - 2);
    });

    it('keeps the notices in-app: nothing queued for e-mail or robots, and only recent ones unread', async () => {
      const outbox = await database.db.selectFrom('outbox').selectAll().execute();
      expect(outbox).toHaveLength(0);
      const notes = await database.db.selectFrom('notifications').selectAll().execute();
      expect(notes.length).toBeGreaterThan(100);
      const unread = notes.filter((n) => n.read_at === null);
      expect(unread.length).toBeGreaterThan(0);
      expect(unread.length).toBeLessThan(notes.length / 2);
      expect(unread.every((n) => Date.parse(n.created_at) >= now.getTime() - 3 * DAY)).toBe(true);
      expect((await env.services.notifications.list(await as(database, 'hq'))).unread).toBeGreaterThan(0);
    });

    it('reset() empties the cases and plays them again, numbering from 1', { timeout: 120_000 }, async () => {
      const before = await digest(database);
      await env.services.demo.reset();
      const cases = await allCases();
      expect(cases[0]!.number).toMatch(/-000001$/);
      expect(await digest(database)).toBe(before);
      expect((await env.services.caseQuery.recompute()).equal).toBe(true);
      expect((await env.services.audit.verify(null)).ok).toBe(true);
    });
  });
}

describe('demo case generation', () => {
  // Year end, Spring Festival (holidays and make-up working days), National Day, a summer weekday.
  const NOWS = ['2026-01-05T01:30:00.000Z', '2026-02-20T09:00:00.000Z', '2025-10-06T04:00:00.000Z', '2025-07-14T12:00:00.000Z'];

  it.each(NOWS)('plays out without a refusal and stays consistent when now is %s', { timeout: 120_000 }, async (iso) => {
    const database = await createTestDatabase('sqlite');
    try {
      const env = makeEnv(database);
      env.clock.set(iso);
      await env.services.demo.load();
      const cases = await database.db.selectFrom('cases').select(['number', 'year', 'state', 'created_at']).execute();
      expect(cases.length).toBeGreaterThanOrEqual(100);
      expect(new Set(cases.map((c) => c.state)).size).toBeGreaterThanOrEqual(6);
      for (const year of new Set(cases.map((c) => c.year))) {
        const ns = cases
          .filter((c) => c.year === year)
          .map((c) => Number(c.number.split('-')[1]))
          .sort((a, b) => a - b);
        expect(ns).toEqual(Array.from({ length: ns.length }, (_, i) => i + 1));
      }
      expect(cases.every((c) => Date.parse(c.created_at) < Date.parse(iso))).toBe(true);
      expect((await env.services.caseQuery.recompute()).equal).toBe(true);
    } finally {
      await database.drop();
    }
  });

  it('is deterministic: the same now gives the same cases, events and texts', { timeout: 120_000 }, async () => {
    const digests: string[] = [];
    for (let i = 0; i < 2; i++) {
      const database = await createTestDatabase('sqlite');
      try {
        await makeEnv(database).services.demo.load();
        digests.push(await digest(database));
      } finally {
        await database.drop();
      }
    }
    expect(digests[0]).toBe(digests[1]);
  });
});
