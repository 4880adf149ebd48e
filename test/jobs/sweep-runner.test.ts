import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/db.js';
import { makeCity, makeEnv, makeUser, type TestEnv } from '../helpers/factories.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { jobRepository } from '../../src/db/repositories/job.repository.js';
import { sessionCleanupSweep } from '../../src/jobs/session-cleanup.sweep.js';
import { SweepRunner, type Sweep, type SweepOutcome } from '../../src/jobs/sweep-runner.js';
import { ManualClock } from '../../src/core/clock.js';
import type { RequestContext } from '../../src/core/context.js';

const MIN = 60_000;
const anon: RequestContext = { actor: null, requestId: 'sweep-test', clientIp: null };

/** A sweep that waits for `open()` before finishing, so a test can hold its lease. */
function gatedSweep(name: string) {
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  let started!: () => void;
  const running = new Promise<void>((r) => (started = r));
  let runs = 0;
  const sweep: Sweep = {
    name,
    intervalMs: 60_000,
    leaseMs: 5 * MIN,
    async run() {
      runs += 1;
      started();
      await gate;
      return { ok: true };
    },
  };
  return { sweep, open: () => open(), running, runs: () => runs };
}

for (const dialect of DIALECTS) {
  describe(`SweepRunner on ${dialect}`, () => {
    let database: TestDatabase;
    let second: Database;
    let clock: ManualClock;

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      // A second connection to the same database stands in for a second instance.
      second = openDatabase(database.url);
      clock = new ManualClock(new Date('2026-03-02T01:00:00.000Z'));
    });
    afterAll(async () => {
      await second.close();
      await database.drop();
    });

    it('two instances racing for one sweep: exactly one runs, the other gets lease_held', async () => {
      const g = gatedSweep('race');
      const a = new SweepRunner(database, clock, [g.sweep]);
      const b = new SweepRunner(second, clock, [g.sweep]);
      expect(a.holder).not.toBe(b.holder);
      const pa = a.runOnce(g.sweep);
      const pb = b.runOnce(g.sweep);
      // The winner is parked inside run(); the loser answers first.
      const loser = await Promise.race([pa, pb]);
      expect(loser).toEqual({ ran: false, reason: 'lease_held' });
      await g.running;
      g.open();
      const outcomes = await Promise.all([pa, pb]);
      expect(outcomes.filter((o) => o.ran)).toEqual([{ ran: true, status: 'done', detail: { ok: true } }]);
      expect(g.runs()).toBe(1);
      const winner = outcomes[0].ran ? a : b;
      const runs = await jobRepository.runs(database.db, 'race');
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({ holder: winner.holder, status: 'done', detail: JSON.stringify({ ok: true }) });
      expect(runs[0]!.finished_at).not.toBeNull();
      const lease = await database.db.selectFrom('job_leases').selectAll().where('name', '=', 'race').executeTakeFirstOrThrow();
      expect(lease.holder).toBeNull();
    });

    it('many instances at once still run the sweep exactly once', async () => {
      const g = gatedSweep('crowd');
      const runners = Array.from({ length: 6 }, (_, i) => new SweepRunner(i % 2 ? second : database, clock, [g.sweep]));
      const all = runners.map((r) => r.runOnce(g.sweep));
      const settled: SweepOutcome[] = [];
      for (const p of all) void p.then((o) => settled.push(o));
      // The winner is parked inside run(); wait until every other instance has been turned away.
      await g.running;
      await vi.waitFor(() => expect(settled).toHaveLength(5), { timeout: 5_000 });
      expect(settled.every((o) => !o.ran)).toBe(true);
      g.open();
      const outcomes = await Promise.all(all);
      expect(outcomes.filter((o) => o.ran)).toHaveLength(1);
      expect(outcomes.filter((o) => !o.ran)).toHaveLength(5);
      expect(await jobRepository.runs(database.db, 'crowd')).toHaveLength(1);
    });

    it('after a finished run the lease is free for the next one', async () => {
      const sweep: Sweep = { name: 'sequential', intervalMs: MIN, leaseMs: MIN, run: async () => ({}) };
      const a = new SweepRunner(database, clock, [sweep]);
      const b = new SweepRunner(second, clock, [sweep]);
      expect((await a.runOnce(sweep)).ran).toBe(true);
      expect((await b.runOnce(sweep)).ran).toBe(true);
      expect(await jobRepository.runs(database.db, 'sequential')).toHaveLength(2);
    });

    it('a timer firing while its own instance still runs the sweep does not start a second run', async () => {
      const g = gatedSweep('long');
      const a = new SweepRunner(database, clock, [g.sweep]);
      const first = a.runOnce(g.sweep, { scheduled: true });
      await g.running;
      clock.advance(2 * MIN);
      expect(await a.runOnce(g.sweep, { scheduled: true })).toEqual({ ran: false, reason: 'lease_held' });
      g.open();
      expect((await first).ran).toBe(true);
      expect(g.runs()).toBe(1);
    });

    it('three instances whose timers all fire each interval run the sweep once per interval, not three times', async () => {
      const sweep: Sweep = { name: 'timed', intervalMs: MIN, leaseMs: MIN, run: async () => ({}) };
      const third = openDatabase(database.url);
      try {
        const runners = [database, second, third].map((d) => new SweepRunner(d, clock, [sweep]));
        const outcomes: SweepOutcome[] = [];
        for (let tick = 0; tick < 4; tick++) {
          // Each instance's timer fires once in the interval, a few seconds apart (no overlap).
          for (const r of runners) {
            outcomes.push(await r.runOnce(sweep, { scheduled: true }));
            clock.advance(3_000);
          }
          clock.advance(MIN - 9_000);
        }
        expect(outcomes.filter((o) => o.ran)).toHaveLength(4);
        expect(outcomes.filter((o) => !o.ran)).toEqual(Array.from({ length: 8 }, () => ({ ran: false, reason: 'ran_recently' })));
        const starts = (await jobRepository.runs(database.db, 'timed')).map((r) => Date.parse(r.started_at)).sort();
        for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(MIN * 0.9);
        // A run asked for by hand (CLI) is not held back by the schedule.
        expect((await runners[1]!.runOnce(sweep)).ran).toBe(true);
      } finally {
        await third.close();
      }
    });

    it('a lease left by a crashed instance blocks until it expires, then is taken over', async () => {
      const sweep: Sweep = { name: 'orphan', intervalMs: MIN, leaseMs: 5 * MIN, run: async () => ({ took: 'over' }) };
      const now = clock.now();
      expect(
        await jobRepository.tryAcquire(
          database.db,
          'orphan',
          'crashed:1',
          now.toISOString(),
          new Date(now.getTime() + 5 * MIN).toISOString(),
        ),
      ).toBe(true);
      const b = new SweepRunner(second, clock, [sweep]);
      expect(await b.runOnce(sweep)).toEqual({ ran: false, reason: 'lease_held' });
      clock.advance(4 * MIN + 59_000);
      expect(await b.runOnce(sweep)).toEqual({ ran: false, reason: 'lease_held' });
      clock.advance(2_000);
      expect(await b.runOnce(sweep)).toEqual({ ran: true, status: 'done', detail: { took: 'over' } });
      const runs = await jobRepository.runs(database.db, 'orphan');
      expect(runs.map((r) => r.holder)).toEqual([b.holder]);
    });

    it('a failing sweep is recorded as failed and releases its lease', async () => {
      const sweep: Sweep = {
        name: 'broken',
        intervalMs: MIN,
        leaseMs: MIN,
        run: async () => {
          throw new Error('disk on fire');
        },
      };
      const a = new SweepRunner(database, clock, [sweep]);
      expect(await a.runOnce(sweep)).toEqual({ ran: true, status: 'failed', detail: { error: 'disk on fire' } });
      const [run] = await jobRepository.runs(database.db, 'broken');
      expect(run).toMatchObject({ status: 'failed', detail: JSON.stringify({ error: 'disk on fire' }) });
      expect((await new SweepRunner(second, clock, [sweep]).runOnce(sweep)).ran).toBe(true);
    });
  });

  describe(`session-cleanup sweep on ${dialect}`, () => {
    let database: TestDatabase;
    let env: TestEnv;

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      env = makeEnv(database);
    });
    afterAll(async () => database.drop());

    it('deletes sessions that can no longer be used and keeps valid ones', async () => {
      const city = await makeCity(database);
      const u = await makeUser(database, { unit: city.dept, roles: [{ role: 'unit_handler', unit: city.dept }] });
      const login = () => env.services.auth.login(anon, u.username, u.password, null);
      const sessionIds = async () => (await database.db.selectFrom('sessions').select('id').execute()).map((r) => r.id).sort();

      const absolute = await login(); // kept busy, but more than 12 h old at sweep time
      for (let i = 0; i < 33; i += 1) {
        env.clock.advance(20 * MIN);
        expect(await env.services.auth.authenticateSession(absolute.token)).not.toBeNull();
      } // 11:00 after the first login
      const idle = await login(); // never used again
      env.clock.advance(20 * MIN); // 11:20
      expect(await env.services.auth.authenticateSession(absolute.token)).not.toBeNull();
      const revoked = await login();
      await env.services.auth.logout(anon, revoked.session.sessionId);
      const valid = await login();
      env.clock.advance(20 * MIN); // 11:40
      expect(await env.services.auth.authenticateSession(valid.token)).not.toBeNull();
      expect(await env.services.auth.authenticateSession(absolute.token)).not.toBeNull();
      const recent = await login();
      env.clock.advance(25 * MIN); // 12:05: `absolute` is 25 min idle but past its lifetime
      expect(await env.services.auth.authenticateSession(absolute.token)).toBeNull();
      expect(await env.services.auth.authenticateSession(idle.token)).toBeNull();
      expect(await sessionIds()).toHaveLength(5);

      const runner = new SweepRunner(database, env.clock, []);
      const sweep = sessionCleanupSweep(database, { idleMinutes: 30, absoluteHours: 12 });
      const out = await runner.runOnce(sweep);
      expect(out).toMatchObject({ ran: true, status: 'done', detail: { sessions: 3 } });
      expect(await sessionIds()).toEqual([valid.session.sessionId, recent.session.sessionId].sort());
      expect(await env.services.auth.authenticateSession(valid.token)).not.toBeNull();
      expect(await env.services.auth.authenticateSession(recent.token)).not.toBeNull();
      const runs = await jobRepository.runs(database.db, 'session-cleanup');
      expect(runs).toHaveLength(1);
      expect(JSON.parse(runs[0]!.detail!)).toMatchObject({ sessions: 3 });
    });

    it('deletes login attempts older than a day', async () => {
      const before = await database.db.selectFrom('login_attempts').select('id').execute();
      expect(before.length).toBeGreaterThan(0);
      env.clock.advance(24 * 3_600_000 + 1_000);
      await env.services.auth.login(anon, 'nobody-here', 'wrong-password', null).catch(() => undefined);
      const out = await new SweepRunner(database, env.clock, []).runOnce(
        sessionCleanupSweep(database, { idleMinutes: 30, absoluteHours: 12 }),
      );
      expect(out).toMatchObject({ ran: true, detail: { attempts: before.length } });
      expect(await database.db.selectFrom('login_attempts').select('username').execute()).toEqual([{ username: 'nobody-here' }]);
    });
  });
}
