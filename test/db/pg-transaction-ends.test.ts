/**
 * BEGIN sent with a transaction's first statement and COMMIT answered after a message that
 * committed (src/db/pg-transaction-ends.ts): what reaches the connection, and what is refused.
 * The PostgreSQL half (`pg-transaction-ends.pg.test.ts`) checks that the inlined statements mean
 * what their parameters meant.
 */
import { describe, expect, it } from 'vitest';
import { fusingTransactionEnds, inlinedStatement, THEN_COMMIT } from '../../src/db/pg-transaction-ends.js';

interface Sent {
  text: unknown;
  values?: readonly unknown[];
}

/**
 * A fake connection recording what is sent; `fail` makes matching messages fail; `kept` names the
 * statements it has prepared (SQL PREPARE) for `begin; execute …`.
 */
function fakeConnection(fail?: RegExp, kept?: (text: string) => string | null) {
  const sent: Sent[] = [];
  const send = (text: unknown, values?: readonly unknown[]) => {
    sent.push(values === undefined ? { text } : { text, values });
    if (typeof text === 'string' && fail?.test(text)) return Promise.reject(new Error('boom'));
    const parts = typeof text === 'string' ? text.split(';').filter((s) => s.trim()) : ['x'];
    const results = parts.map((p) => ({ command: p.trim().split(' ')[0]!.toUpperCase(), rowCount: 1, rows: [{ said: p.trim() }] }));
    return Promise.resolve(results.length === 1 ? results[0] : results);
  };
  return { sent, ...fusingTransactionEnds(send, kept ? (text) => Promise.resolve(kept(text)) : undefined) };
}

describe('a transaction’s BEGIN goes with its first statement', () => {
  it('begin is held and sent in one message with the first statement, its parameters inlined', async () => {
    const c = fakeConnection();
    expect(await c.query('begin')).toMatchObject({ command: 'BEGIN' });
    expect(c.sent).toEqual([]);
    const r = (await c.query('insert into t (a, b) values ($1, $2) returning id', ['it’s', 7])) as { rows: unknown[] };
    expect(c.sent).toEqual([{ text: "begin; insert into t (a, b) values (E'it’s', E'7') returning id" }]);
    // The caller gets its own statement's result, not BEGIN's.
    expect(r.rows).toEqual([{ said: "insert into t (a, b) values (E'it’s', E'7') returning id" }]);
    await c.query('select 1', []);
    await c.query('commit');
    expect(c.sent.slice(1)).toEqual(
      [
        { text: 'select 1', values: [] },
        { text: 'commit', values: undefined },
      ].map(clean),
    );
  });

  it('a first statement the connection keeps prepared goes as `begin; execute name(literals)`; others inlined', async () => {
    const c = fakeConnection(undefined, (text) => (text.startsWith('insert') ? 'x1' : null));
    await c.query('begin');
    await c.query('insert into t (a, b, c) values ($1, $2, $3)', ['it’s', null, 7]);
    await c.query('commit');
    await c.query('begin');
    await c.query('select * from t where a = $1', ['y']);
    await c.query('commit');
    await c.query('begin');
    await c.query('insert into t default values', []);
    await c.query('commit');
    expect(c.sent.map((s) => s.text)).toEqual([
      "begin; execute x1(E'it’s', null, E'7')",
      'commit',
      "begin; select * from t where a = E'y'",
      'commit',
      'begin; execute x1',
      'commit',
    ]);
  });

  it('a statement marked THEN_COMMIT goes with COMMIT in one message: by name when kept, else inlined; COMMIT is then answered here', async () => {
    const c = fakeConnection(undefined, (text) => (text.startsWith('insert into a') ? 'x2' : null));
    await c.query('begin');
    await c.query('select 1', []);
    const r = (await c.query(`insert into a values ($1)${THEN_COMMIT}`, ['v'])) as { rows: unknown[] };
    expect(r.rows).toEqual([{ said: "execute x2(E'v')" }]);
    await expect(c.query('select 2', [])).rejects.toThrow(/committed by its last statement/);
    expect(await c.query('commit')).toMatchObject({ command: 'COMMIT' });
    await c.query('begin');
    await c.query(`insert into b values ($1)${THEN_COMMIT}`, ['w']);
    await c.query('commit');
    await c.query('begin');
    await c.query(`insert into c values ('q', $1)${THEN_COMMIT}`, [1]);
    await c.query('commit');
    expect(c.sent.map((s) => s.text)).toEqual([
      'begin; select 1',
      "execute x2(E'v'); commit",
      "begin; insert into b values (E'w'); commit",
      'begin',
      "insert into c values ('q', $1)",
      'commit',
    ]);
  });

  it('a transaction that sends nothing sends neither begin nor commit', async () => {
    const c = fakeConnection();
    await c.query('begin');
    expect(await c.query('commit')).toMatchObject({ command: 'COMMIT' });
    await c.query('begin');
    expect(await c.query('rollback')).toMatchObject({ command: 'ROLLBACK' });
    expect(c.sent).toEqual([]);
  });

  it('a statement that cannot be inlined follows a begin of its own', async () => {
    const c = fakeConnection();
    await c.query('begin');
    await c.query("select * from t where a = 'x' and b = $1", [1]);
    await c.query('begin');
    await c.query('insert into f (data) values ($1)', [Buffer.from([0, 1, 2])]);
    await c.query('begin');
    await c.query('insert into t (a) values ($1)', ['nul\u0000inside']);
    expect(c.sent.map((s) => s.text)).toEqual([
      'begin',
      "select * from t where a = 'x' and b = $1",
      'begin',
      'insert into f (data) values ($1)',
      'begin',
      'insert into t (a) values ($1)',
    ]);
  });

  it('outside a transaction nothing changes', async () => {
    const c = fakeConnection();
    await c.query('select * from t where id = $1', [3]);
    expect(c.sent).toEqual([{ text: 'select * from t where id = $1', values: [3] }]);
  });
});

describe('a message that commits ends the transaction', () => {
  it('the caller’s COMMIT after it is answered without a round trip; any other statement is refused', async () => {
    const c = fakeConnection();
    await c.query('begin');
    await c.query('insert into t (a) values ($1)', [1]);
    await c.query('/* append + commit */ insert into log values (1); commit');
    await expect(c.query('insert into stray values ($1)', [1])).rejects.toThrow(/committed by its last statement/);
    expect(await c.query('commit')).toMatchObject({ command: 'COMMIT' });
    expect(c.sent.map((s) => s.text)).toEqual([
      "begin; insert into t (a) values (E'1')",
      '/* append + commit */ insert into log values (1); commit',
    ]);
    // The next transaction on the connection is an ordinary one again.
    await c.query('select 2', []);
    expect(c.sent).toHaveLength(3);
  });

  it('when that message fails, the transaction is still open and the ROLLBACK goes to the server', async () => {
    const c = fakeConnection(/append/);
    await c.query('begin');
    await c.query('insert into t (a) values ($1)', [1]);
    await expect(c.query('/* append + commit */ insert into log values (1); commit')).rejects.toThrow('boom');
    await c.query('rollback');
    expect(c.sent.at(-1)).toEqual({ text: 'rollback', values: undefined });
  });

  it('returning the connection to the pool forgets a held begin and a finished transaction', async () => {
    const c = fakeConnection();
    await c.query('begin');
    c.reset();
    await c.query('select $1', [1]);
    await c.query('x; commit');
    c.reset();
    await c.query('select $1', [2]);
    expect(c.sent.map((s) => s.text)).toEqual(['select $1', 'x; commit', 'select $1']);
  });
});

describe('inlinedStatement', () => {
  it('replaces $10 as itself, not as $1 followed by 0', () => {
    const values = Array.from({ length: 10 }, (_, i) => `v${i + 1}`);
    expect(inlinedStatement('select $1, $10', values)).toBe("select E'v1', E'v10'");
  });

  it('gives every value the text form pg sends for it, quoted as an untyped literal', () => {
    expect(inlinedStatement('select $1, $2, $3, $4, $5', [null, true, 2.5, ['a', 'b'], 'back\\slash'])).toBe(
      "select null, E'true', E'2.5', E'{\"a\",\"b\"}', E'back\\\\slash'",
    );
  });

  it('refuses a placeholder without a value and text it could corrupt', () => {
    expect(inlinedStatement('select $2', [1])).toBeNull();
    expect(inlinedStatement("select '$1'", [1])).toBeNull();
    expect(inlinedStatement('select $$ $1 $$', [1])).toBeNull();
  });
});

function clean(s: Sent): Sent {
  return s.values === undefined ? { text: s.text } : s;
}
