/**
 * On PostgreSQL a transaction's BEGIN travels with its first statement, parameters inlined
 * (src/db/pg-transaction-ends.ts). What must hold: the inlined statement stores exactly what the
 * parameterized one stores, a failure there rolls back and leaves the connection clean, and a
 * report takes the round trips it should.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { prepared } from '../../src/db/prepared.js';
import { createTestDatabase, PG_URL, type TestDatabase } from '../helpers/db.js';
import { cityWithStaff, makeUser, type CityWithStaff } from '../helpers/factories.js';

/** The text of every message the pg clients send while `run` runs. */
async function sentDuring(run: () => Promise<unknown>): Promise<string[]> {
  const sent: string[] = [];
  const proto = pg.Client.prototype as unknown as { query: (this: pg.Client, ...a: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: pg.Client, q: unknown, ...rest: unknown[]) {
    sent.push(typeof q === 'string' ? q : (q as { text: string }).text);
    return original.call(this, q, ...rest);
  };
  try {
    await run();
  } finally {
    proto.query = original;
  }
  return sent;
}

/** A report found on video in area `areaUnitId`. */
const videoReport = (areaUnitId: number) => ({
  source: 'video' as const,
  categoryCode: 'E01-01',
  description: '视频发现问题',
  lon: 114.65,
  lat: 33.62,
  areaUnitId,
});

interface Probe {
  t: string | null;
  n: number | null;
  i: number | null;
  b: boolean | null;
  d: Date | null;
  a: string[] | null;
}

describe.runIf(PG_URL)('BEGIN with the first statement on PostgreSQL', () => {
  let db: TestDatabase;
  let w: CityWithStaff;

  beforeAll(async () => {
    db = await createTestDatabase('pg');
    w = await cityWithStaff(db);
    await sql`create table fuse_probe (id serial primary key, k text unique, t text, n double precision, i bigint, b boolean, d timestamptz, a text[])`.execute(
      db.db,
    );
  });
  afterAll(async () => db.drop());

  const insert = (ex: Parameters<ReturnType<typeof sql>['execute']>[0], k: string, p: Probe) =>
    sql<Probe>`insert into fuse_probe (k, t, n, i, b, d, a) values (${k}, ${p.t}, ${p.n}, ${p.i}, ${p.b}, ${p.d}, ${p.a}) returning t, n, i, b, d, a`.execute(
      ex,
    );

  // Built once (src/db/prepared.ts): as a transaction's first statement it is prepared on the
  // connection and sent as `begin; execute name(literals)`. An array is not one value there.
  const keptInsert = prepared(
    (ex, p: { k: string; t: string | null; n: number | null; i: number | null; b: boolean | null; d: Date | null }) => ({
      compile: () =>
        sql<
          Omit<Probe, 'a'>
        >`insert into fuse_probe (k, t, n, i, b, d) values (${p.k}, ${p.t}, ${p.n}, ${p.i}, ${p.b}, ${p.d}) returning t, n, i, b, d`.compile(
          ex,
        ),
    }),
  );

  it('ATTACK: what the inlined first statement stores is exactly what its parameters would have stored', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          t: fc.option(
            fc.oneof(
              fc.string({ unit: 'grapheme' }).map((s) => s.replaceAll('\u0000', '')),
              fc.constantFrom("'); drop table fuse_probe; --", "\\'; commit; --", '$1 $2', "E'x'", '\\\\'),
            ),
          ),
          n: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true })),
          i: fc.option(fc.integer()),
          b: fc.option(fc.boolean()),
          d: fc.option(fc.date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })),
          a: fc.option(
            fc.array(
              fc.string().map((s) => s.replaceAll('\u0000', '')),
              { maxLength: 4 },
            ),
          ),
        }),
        async (p) => {
          n++;
          // Outside a transaction: sent with parameters, as ever.
          const plain = await insert(db.db, `plain-${n}`, p);
          // First statement of a transaction: sent inlined, in one message with BEGIN.
          const fused = await db.db.transaction().execute((trx) => insert(trx, `fused-${n}`, p));
          expect(fused.rows).toEqual(plain.rows);
          // First statement of a transaction, built once: executed by name with its literals.
          const { a: _a, ...scalars } = p;
          const kept = await db.db.transaction().execute((trx) => keptInsert(trx, { k: `kept-${n}`, ...scalars }));
          expect(kept.rows).toEqual(plain.rows.map(({ a: _x, ...r }) => r));
        },
      ),
      { numRuns: 120 },
    );
    expect((await sql`select count(*)::int as c from fuse_probe`.execute(db.db)).rows).toEqual([{ c: 3 * n }]);
    // The kept statement went by name, not inlined.
    const sent = await sentDuring(() =>
      db.db.transaction().execute((trx) => keptInsert(trx, { k: 'kept-last', t: "it's", n: 1.5, i: 2, b: true, d: new Date(0) })),
    );
    expect(sent.filter((q) => !q.startsWith('prepare '))).toEqual([
      expect.stringMatching(/^begin; execute x[0-9a-f]+\(E'kept-last', E'it''s', E'1.5', E'2', E'true', E'.+'\)$/),
      'commit',
    ]);
  });

  it('a first statement that fails rolls its transaction back and leaves the connection clean', async () => {
    const p: Probe = { t: 'once', n: null, i: null, b: null, d: null, a: null };
    await insert(db.db, 'taken', p);
    await expect(
      db.db.transaction().execute(async (trx) => {
        await insert(trx, 'taken', p);
      }),
    ).rejects.toThrow(/duplicate key/);
    // Every pooled connection is usable and outside any transaction: writes commit for others to see.
    await Promise.all(
      Array.from({ length: 12 }, (_, k) =>
        db.db.transaction().execute(async (trx) => {
          await insert(trx, `after-${k}`, p);
          await sql`select 1`.execute(trx);
        }),
      ),
    );
    const other = new pg.Client({ connectionString: db.url });
    await other.connect();
    try {
      const seen = await other.query<{ c: number }>("select count(*)::int as c from fuse_probe where k like 'after-%'");
      expect(seen.rows[0]!.c).toBe(12);
    } finally {
      await other.end();
    }
  });

  it('a report takes three round trips (four with its credential): no BEGIN or COMMIT of their own', async () => {
    const body = videoReport(w.city.street.id);
    await w.env.services.cases.report(w.hq, body, []);
    const sent = await sentDuring(() => w.env.services.cases.report(w.hq, body, []));
    // Case, event and who hears of it (with BEGIN; the case's foreign key checks the area), the
    // number with the audit head, the audit record with the notices (with COMMIT).
    // A connection prepares the first statement once (SQL PREPARE), then runs it with its BEGIN.
    const prepares = sent.filter((s) => s.startsWith('prepare '));
    expect(prepares.every((s) => /^prepare x[0-9a-f]+ as with "c" as \(insert into "cases"/.test(s))).toBe(true);
    const trips = sent.filter((s) => !s.startsWith('prepare '));
    expect(trips.map((s) => s.trim().slice(0, 40))).toHaveLength(3);
    expect(trips[0]).toMatch(/^begin; execute x[0-9a-f]+\(E'/);
    expect(trips.at(-1)).toMatch(/; commit$/);
    expect(sent.filter((s) => /^\s*(begin|commit)\s*$/i.test(s))).toEqual([]);
  });

  it('with e-mail notices, the addresses are read before the number, not under its locks', async () => {
    // The counter row and the audit head are held from the number's statement to the commit;
    // every report queues for them, so a read there would lengthen every report's wait.
    const db = await createTestDatabase('pg');
    onTestFinished(() => db.drop());
    const mailing = await cityWithStaff(db, { smtpUrl: 'smtp://mail.example.test:25' });
    const other = await makeUser(db, { unit: mailing.city.city, roles: [{ role: 'hq_dispatcher', unit: mailing.city.city }] });
    await db.db.updateTable('users').set({ email: 'duty@example.test' }).where('id', '=', other.id).execute();
    const body = videoReport(mailing.city.street.id);
    await mailing.env.services.cases.report(mailing.hq, body, []);
    let created = { id: 0, number: '' };
    const sent = await sentDuring(async () => {
      created = await mailing.env.services.cases.report(mailing.hq, body, []);
    });
    const trips = sent.filter((s) => !s.startsWith('prepare '));
    const mailRead = trips.findIndex((s) => /"email"/.test(s) && /^select/i.test(s.trim()));
    const tail = trips.findIndex((s) => s.includes('case_number_tail'));
    expect(mailRead).toBeGreaterThanOrEqual(0);
    expect(tail).toBeGreaterThan(mailRead);
    expect(trips.slice(tail + 1)).toHaveLength(1);
    // And the e-mail is still written with the report, quoting its number.
    const mails = await db.db.selectFrom('outbox').select(['target', 'payload']).where('channel', '=', 'email').execute();
    expect(mails.filter((m) => m.target === 'duty@example.test' && m.payload.includes(created.number))).toHaveLength(1);
  });
});
