/**
 * Concurrent reports: on SQLite they share commits (group commit) and still get
 * gapless numbers; on PostgreSQL a report takes the serializing locks (the case
 * number's counter row, the audit head) only at the end of its transaction.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/db.js';
import { contextFor, makeCity, makeEnv, makeUser, type TestEnv } from '../../helpers/factories.js';
import type { RequestContext } from '../../../src/core/context.js';

for (const dialect of DIALECTS) {
  describe(`concurrent case reports on ${dialect}`, () => {
    let database: TestDatabase;
    let env: TestEnv;
    let insp: RequestContext;
    let hq: RequestContext;
    let deptId: number;

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      env = makeEnv(database);
      await env.services.casePolicy.ensureDefaults();
      const city = await makeCity(database);
      hq = await contextFor(
        database,
        (await makeUser(database, { unit: city.city, roles: [{ role: 'hq_dispatcher', unit: city.city }] })).id,
      );
      deptId = city.dept.id;
      insp = await contextFor(
        database,
        (await makeUser(database, { unit: city.city, roles: [{ role: 'inspector', unit: city.city }] })).id,
      );
    });
    afterAll(async () => database.drop());

    const report = (i: number) =>
      env.services.cases.report(
        insp,
        { source: 'video', categoryCode: 'E01-01', description: `垃圾暴露 ${i}`, lon: 114.65, lat: 33.62 },
        [],
      );

    it('gives 30 simultaneous reports the numbers 1..30 with no gap, each case with its event, audit record and aggregates', async () => {
      const before = database.groupCommitStats();
      const made = await Promise.all(Array.from({ length: 30 }, (_, i) => report(i)));
      const seqs = made.map((m) => Number(m.number.slice(5))).sort((a, b) => a - b);
      expect(seqs).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      const rows = await database.db.selectFrom('cases').select(['id', 'number']).execute();
      expect(rows.every((r) => /^2026-\d{6}$/.test(r.number))).toBe(true);
      const events = await database.db
        .selectFrom('case_events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(events.n)).toBe(30);
      const audits = await database.db.selectFrom('audit_log').select(['summary']).where('action', '=', 'case.report').execute();
      expect(audits.map((a) => (JSON.parse(a.summary) as { number: string }).number).sort()).toEqual(made.map((m) => m.number).sort());
      // The audit chain stays one unbroken line although 30 writers appended to it at once.
      const chain = await env.services.audit.verify(null);
      expect(chain.ok).toBe(true);
      expect(chain.checked).toBeGreaterThanOrEqual(30);
      const check = await env.services.caseQuery.recompute();
      expect(check.equal).toBe(true);
      if (dialect === 'sqlite') {
        const after = database.groupCommitStats()!;
        // All 30 were in flight together: far fewer commits than reports.
        expect(after.works - before!.works).toBe(30);
        expect(after.commits - before!.commits).toBeLessThan(10);
      }
    });

    it.runIf(dialect === 'pg')('writes the case and its event before it waits for the number counter', async () => {
      await report(-1); // the year's counter row exists from here on
      const holder = new pg.Client({ connectionString: database.url });
      await holder.connect();
      try {
        await holder.query('begin');
        await holder.query(`select value from counters where name = 'case:2026' for update`);
        const pending = report(-2);
        let waiter: number | undefined;
        for (let i = 0; i < 200 && waiter === undefined; i++) {
          const r = await holder.query<{ pid: number }>(
            `select l.pid from pg_locks l join pg_stat_activity a on a.pid = l.pid where not l.granted and l.pid <> pg_backend_pid() and a.datname = current_database()`,
          );
          waiter = r.rows[0]?.pid;
          if (waiter === undefined) await new Promise((res) => setTimeout(res, 25));
        }
        expect(waiter).toBeDefined();
        const held = await holder.query<{ rel: string }>(
          `select relation::regclass::text as rel from pg_locks where pid = $1 and granted and relation is not null`,
          [waiter],
        );
        const tables = new Set(held.rows.map((r) => r.rel));
        // Without the late numbering the report would wait at its first statement, holding nothing.
        expect(tables).toContain('cases');
        expect(tables).toContain('case_events');
        await holder.query('commit');
        const done = await pending;
        expect(done.number).toMatch(/^2026-\d{6}$/);
      } finally {
        await holder.end();
      }
    });

    it.runIf(dialect === 'pg')(
      'takes the number, writes it and locks the audit head in one statement, then writes the audit record with the notices in one more',
      async () => {
        const holder = new pg.Client({ connectionString: database.url });
        // pg_stat_activity is read once per transaction: watched from outside the holder's.
        const watcher = new pg.Client({ connectionString: database.url });
        await holder.connect();
        await watcher.connect();
        try {
          await holder.query('begin');
          await holder.query('select seq from audit_head where id = 1 for update');
          const pending = report(-3);
          let waiting: { pid: number; query: string } | undefined;
          for (let i = 0; i < 200 && waiting === undefined; i++) {
            const r = await watcher.query<{ pid: number; query: string }>(
              `select a.pid, a.query from pg_stat_activity a where a.wait_event_type = 'Lock' and a.state = 'active' and a.pid <> pg_backend_pid() and a.datname = current_database()`,
            );
            waiting = r.rows[0];
            if (waiting === undefined) await new Promise((res) => setTimeout(res, 25));
          }
          // The report waits for the head inside the statement that took its number (migration
          // 0025): statement by statement it would wait at a `select … from audit_head`.
          expect(waiting?.query).toMatch(/case_number_tail/);
          const counter = await holder.query(
            `select 1 from pg_locks l where l.pid = $1 and l.granted and l.relation = 'counters'::regclass`,
            [waiting!.pid],
          );
          expect(counter.rowCount).toBeGreaterThan(0);
          await holder.query('commit');
          const done = await pending;
          const row = await database.db
            .selectFrom('cases')
            .select(['number', 'snapshot'])
            .where('id', '=', done.id)
            .executeTakeFirstOrThrow();
          expect(row.number).toBe(done.number);
          expect((JSON.parse(row.snapshot) as { id: number }).id).toBe(done.id);
          // Notices are written in the audit record's statement (here the unit's, on dispatch) and quote the number.
          await env.services.cases.act(hq, done.id, { action: 'accept', version: 1 } as never, []);
          await env.services.cases.act(hq, done.id, { action: 'dispatch', unitId: deptId, version: 2 } as never, []);
          const notes = await database.db.selectFrom('notifications').select('title').where('case_id', '=', done.id).execute();
          expect(notes.length).toBeGreaterThan(0);
          for (const n of notes) expect(n.title).toContain(done.number);
          expect((await env.services.audit.verify(null)).ok).toBe(true);
        } finally {
          await holder.end();
          await watcher.end();
        }
      },
    );
  });
}
