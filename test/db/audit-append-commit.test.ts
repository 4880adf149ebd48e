/**
 * A report's audit record commits its transaction in the same round trip on PostgreSQL
 * (`auditRepository.append` with `commit`), so the audit head and the case-number counter are
 * released one round trip sooner. What must hold: the literals carry any text exactly, the
 * locks go at that commit, a failure there rolls everything back (numbers stay gapless), and a
 * write after it by mistake fails instead of committing on its own.
 */
import fc from 'fast-check';
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRepository } from '../../src/db/repositories/audit.repository.js';
import type { AuditRow } from '../../src/db/schema.js';
import { pgLiteral } from '../../src/db/pg-literal.js';
import { GENESIS_HASH } from '../../src/domain/audit/audit-chain.js';
import { createTestDatabase, PG_URL, type TestDatabase } from '../helpers/db.js';
import { cityWithStaff, type CityWithStaff } from '../helpers/factories.js';

/** An audit row with a made-up MAC after `prev` (the tests put the chain back afterwards). */
function madeUpRecord(prev: { seq: number; hash: string }, action: string, mac: string): AuditRow {
  return {
    seq: prev.seq + 1,
    at: new Date().toISOString(),
    actor_id: null,
    actor_name: 'test',
    actor_role: null,
    action,
    target_type: null,
    target_id: null,
    summary: '{}',
    request_id: null,
    client_ip: null,
    prev_hash: prev.hash || GENESIS_HASH,
    hash: mac.repeat(64),
    chain_version: 2,
  };
}

describe('PostgreSQL literals', () => {
  it('strings are escape strings with quotes and backslashes doubled; numbers, null and booleans as such', () => {
    expect(pgLiteral("it's \\ fine")).toBe("E'it''s \\\\ fine'");
    expect(pgLiteral(12)).toBe('12');
    expect(pgLiteral(-1.5)).toBe('-1.5');
    expect(pgLiteral(null)).toBe('null');
    expect(pgLiteral(true)).toBe('true');
    expect(() => pgLiteral(Number.NaN)).toThrow();
    expect(() => pgLiteral('a\u0000b')).toThrow();
    expect(() => pgLiteral({})).toThrow();
  });
});

describe.runIf(PG_URL)('the audit record that commits on PostgreSQL', () => {
  let db: TestDatabase;
  let w: CityWithStaff;
  let client: pg.Client;

  beforeAll(async () => {
    db = await createTestDatabase('pg');
    w = await cityWithStaff(db);
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await db.drop();
  });

  it('ATTACK: any text (quotes, backslashes, $1, comments, semicolons) comes back exactly as it was sent', async () => {
    for (const standard of ['on', 'off']) {
      await client.query(`set standard_conforming_strings = ${standard}`);
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.string({ unit: 'grapheme' }),
            fc.constantFrom("'); drop table audit_log; --", "\\'; commit; --", '$1 $2', '/* */ ;', '\\\\\\', "E'x'"),
          ),
          async (s) => {
            const text = s.replaceAll('\u0000', '');
            const r = await client.query<{ v: string }>(`select ${pgLiteral(text)}::text as v`);
            expect(r.rows[0]!.v).toBe(text);
          },
        ),
        { numRuns: 150 },
      );
    }
  });

  const report = (i: number) =>
    w.env.services.cases.report(
      w.hq,
      { source: 'video', categoryCode: 'E01-01', description: `视频发现问题 ${i}`, lon: 114.65, lat: 33.62, areaUnitId: w.city.street.id },
      [],
    );

  it('a report commits with its audit record: rows, notices and a verifying chain', async () => {
    const r = await report(1);
    expect(r.number).toMatch(/^\d{4}-000001$/);
    expect(await db.db.selectFrom('cases').select('number').where('id', '=', r.id).executeTakeFirst()).toEqual({ number: r.number });
    const last = await db.db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(JSON.parse(last.summary)).toMatchObject({ number: r.number, action: 'report' });
    expect((await w.env.services.audit.verify(null)).ok).toBe(true);
  });

  it('the audit head is free for others once the record is written, before the caller’s transaction returns', async () => {
    let lockedByOther: boolean | null = null;
    await db.db.transaction().execute(async (trx) => {
      const head = await auditRepository.lockHead(trx, 'pg');
      await auditRepository.append(trx, madeUpRecord(head, 'test.append', 'f'), 'pg', [], { commit: true });
      const r = await client.query<{ seq: number }>('begin; select seq from audit_head where id = 1 for update nowait');
      lockedByOther = Array.isArray(r);
      await client.query('rollback');
      // The transaction is over: a write sent in it by mistake is refused, it does not commit alone.
      await expect(sql`insert into counters (name, value) values ('stray', 1)`.execute(trx)).rejects.toThrow(
        /committed by its last statement/,
      );
    });
    expect(lockedByOther).toBe(true);
    expect(await db.db.selectFrom('audit_log').select('action').where('action', '=', 'test.append').execute()).toHaveLength(1);
    expect(await db.db.selectFrom('counters').select('name').where('name', '=', 'stray').execute()).toEqual([]);
    // Put the chain back as it was for the next test (the record above has a made-up MAC).
    await db.db.deleteFrom('audit_log').where('action', '=', 'test.append').execute();
    const prev = await db.db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    await db.db.updateTable('audit_head').set({ seq: prev.seq, hash: prev.hash }).where('id', '=', 1).execute();
  });

  it('a failure in the committing statement rolls the whole report back, and the next report takes the same number', async () => {
    const head = await db.db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
    const cases = await db.db
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    // A record planted at the next seq behind the service's back: the append collides with it.
    await db.db
      .insertInto('audit_log')
      .values(madeUpRecord(head, 'test.planted', 'e'))
      .execute();
    await expect(report(2)).rejects.toThrow();
    expect(
      await db.db
        .selectFrom('cases')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ).toEqual(cases);
    await db.db.deleteFrom('audit_log').where('action', '=', 'test.planted').execute();
    const next = await report(3);
    expect(next.number).toMatch(/^\d{4}-000002$/);
    expect((await w.env.services.audit.verify(null)).ok).toBe(true);
  });
});
