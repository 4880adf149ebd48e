/**
 * Statements built once per shape (src/db/prepared.ts): what they store and read equals what
 * Kysely's own builder stores and reads, for any values (fast-check), on both databases, in and
 * out of transactions; a builder that does something with a value besides passing it fails on its
 * first run; a handle with plugins runs the builder each time.
 */
import fc from 'fast-check';
import { sql, type Generated, type Kysely, type KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Executor } from '../../src/db/database.js';
import { prepared } from '../../src/db/prepared.js';
import { inTransaction } from '../../src/db/transactions.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/db.js';

interface ProbeDB {
  probe: { id: Generated<number>; tag: string; body: string | null; n: number | null; note: Generated<string> };
}
const probe = (db: Executor) => db as unknown as Kysely<ProbeDB>;

type Row = { tag: string; body: string | null; n: number | null; note?: string };

const insertRows = prepared((db, p: { rows: Row[] }) =>
  probe(db).insertInto('probe').values(p.rows).returning(['id', 'tag', 'body', 'n', 'note']),
);
const byTags = prepared((db, p: { tags: string[]; min: number | null }) =>
  probe(db)
    .selectFrom('probe')
    .select(['tag', 'body', 'n', 'note'])
    .where('tag', 'in', p.tags)
    .where((eb) => eb.or([sql<boolean>`cast(${p.min} as integer) is null`, eb('n', '>=', p.min)]))
    .orderBy('id'),
);

for (const dialect of DIALECTS) {
  describe(`prepared statements on ${dialect}`, () => {
    let database: TestDatabase;

    beforeAll(async () => {
      database = await createTestDatabase(dialect, { migrate: false });
      await database.db.schema
        .createTable('probe')
        .addColumn('id', dialect === 'pg' ? 'serial' : 'integer', (c) => c.primaryKey())
        .addColumn('tag', 'varchar(200)', (c) => c.notNull())
        .addColumn('body', 'text')
        .addColumn('n', dialect === 'pg' ? 'double precision' : 'real')
        .addColumn('note', 'varchar(20)', (c) => c.notNull().defaultTo('default'))
        .execute();
    });
    afterAll(async () => database.drop());

    it('stores and reads what the builder run each time stores and reads, for any values and row counts', async () => {
      const text = fc.string({ unit: 'grapheme', maxLength: 30 }).map((s) => s.replaceAll('\u0000', ''));
      const row = fc.record({
        body: fc.option(text),
        n: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 })),
      });
      await fc.assert(
        fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 4 }), fc.option(fc.integer({ min: -5, max: 5 })), async (rows, min) => {
          const run = Math.random().toString(36).slice(2);
          const a = rows.map((r, i) => ({ tag: `a${run}${i}`, ...r }));
          const b = rows.map((r, i) => ({ tag: `b${run}${i}`, ...r }));
          const viaPrepared = (await insertRows(database.db, { rows: a })).rows;
          const viaBuilder = await probe(database.db).insertInto('probe').values(b).returning(['id', 'tag', 'body', 'n', 'note']).execute();
          const strip = (rs: { tag: string; id?: number }[]) => rs.map(({ id: _id, tag, ...rest }) => ({ ...rest, tag: tag.slice(1) }));
          expect(strip(viaPrepared)).toEqual(strip(viaBuilder));
          const readA = (await byTags(database.db, { tags: a.map((r) => r.tag), min })).rows;
          const readB = await probe(database.db)
            .selectFrom('probe')
            .select(['tag', 'body', 'n', 'note'])
            .where(
              'tag',
              'in',
              b.map((r) => r.tag),
            )
            .where((eb) => eb.or([sql<boolean>`cast(${min} as integer) is null`, eb('n', '>=', min)]))
            .orderBy('id')
            .execute();
          expect(strip(readA)).toEqual(strip(readB));
        }),
        { numRuns: 40 },
      );
    });

    it('an undefined value leaves its column out, as the builder does (the default applies)', async () => {
      const [withNote, without] = (
        await insertRows(database.db, {
          rows: [
            { tag: 'u1', body: null, n: null, note: 'given' },
            { tag: 'u2', body: null, n: null, note: 'given' },
          ],
        })
      ).rows;
      expect(withNote?.note).toBe('given');
      expect(without?.note).toBe('given');
      const [d] = (await insertRows(database.db, { rows: [{ tag: 'u3', body: null, n: null, note: undefined }] })).rows;
      expect(d?.note).toBe('default');
      // The shape with the note still takes the note (the plans are kept apart).
      const [g] = (await insertRows(database.db, { rows: [{ tag: 'u4', body: null, n: null, note: 'again' }] })).rows;
      expect(g?.note).toBe('again');
    });

    it('runs inside a transaction, and what it wrote rolls back with it', async () => {
      await expect(
        inTransaction(database.db, async (trx) => {
          await insertRows(trx, { rows: [{ tag: 'rolled-back', body: 'x', n: 1 }] });
          expect((await byTags(trx, { tags: ['rolled-back'], min: null })).rows).toHaveLength(1);
          throw new Error('undo');
        }),
      ).rejects.toThrow('undo');
      expect((await byTags(database.db, { tags: ['rolled-back'], min: null })).rows).toEqual([]);
    });

    it('a builder that changes a value, writes it into the SQL or uses it only in code fails on its first run', async () => {
      const trims = prepared((db, p: { tag: string }) => probe(db).selectFrom('probe').select('id').where('tag', '=', p.tag.trim()));
      await expect(trims(database.db, { tag: ' x ' })).rejects.toThrow(/changed while building/);
      const pattern = prepared((db, p: { tag: string }) => probe(db).selectFrom('probe').select('id').where('tag', 'like', `%${p.tag}%`));
      await expect(pattern(database.db, { tag: 'x' })).rejects.toThrow(/changed while building/);
      const literal = prepared((db, p: { tag: string }) => probe(db).selectFrom('probe').select('id').where('tag', '=', sql.lit(p.tag)));
      await expect(literal(database.db, { tag: 'x' })).rejects.toThrow(/into the SQL text/);
      const inCode = prepared((db, p: { tag: string; all: boolean }) =>
        p.all ? probe(db).selectFrom('probe').select('id') : probe(db).selectFrom('probe').select('id').where('tag', '=', p.tag),
      );
      await expect(inCode(database.db, { tag: 'x', all: false })).rejects.toThrow(/does not take.*all/);
    });

    it('a handle with plugins runs the builder every time, so the plugins see every statement', async () => {
      let seen = 0;
      const counter: KyselyPlugin = {
        transformQuery: (a) => {
          seen++;
          return a.node;
        },
        transformResult: async (a) => a.result,
      };
      const counted = database.db.withPlugin(counter);
      for (let i = 0; i < 3; i++) await byTags(counted, { tags: ['u1'], min: null });
      expect(seen).toBe(3);
    });
  });
}
