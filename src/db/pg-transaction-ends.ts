/**
 * A transaction's BEGIN and COMMIT without round trips of their own (PostgreSQL).
 *
 * Kysely sends `begin` and `commit` as statements of their own, and each statement is a round
 * trip that costs the server about as much CPU as a small query (issue 16's profile: ≈ 0.13 ms
 * of the Node process per round trip on this machine, a report being ≈ 11 of them). Here, per
 * pooled connection:
 *
 * - `begin` is held back and sent in one simple-protocol message with the transaction's first
 *   statement (`begin; insert …`), its parameters inlined as quoted literals. A literal
 *   `E'…'` of unknown type is what an untyped parameter is to PostgreSQL, so the statement means
 *   the same. A statement that cannot be inlined (a quote in its text, a binary value) goes
 *   after a `begin` of its own, as before. A transaction that sends nothing sends nothing.
 * - A message whose last statement is `commit` (a report's audit record, `auditRepository.append`)
 *   ends the transaction itself; Kysely's `commit` after it is answered here without a round trip,
 *   and any other statement after it is refused here (it would otherwise run on its own,
 *   outside the transaction that was meant to hold it).
 */
import { createRequire } from 'node:module';
import { pgLiteral } from './pg-literal.js';

type Send = (text: unknown, values?: readonly unknown[]) => unknown;

interface PgResult {
  command: string;
  rowCount: number | null;
  rows: unknown[];
}

let prepare: ((value: unknown) => unknown) | undefined;

/** pg's own conversion of a parameter to its text form (dates, arrays, JSON as pg sends them). */
function prepareValue(value: unknown): unknown {
  if (!prepare) prepare = (createRequire(import.meta.url)('pg/lib/utils.js') as { prepareValue: (v: unknown) => unknown }).prepareValue;
  return prepare(value);
}

const answered = (command: string): Promise<PgResult> => Promise.resolve({ command, rowCount: null, rows: [] });

/** The parameters as a list of unknown-typed literals (for EXECUTE), or null when one cannot be. */
export function inlinedArguments(values: readonly unknown[]): string | null {
  const out: string[] = [];
  for (const value of values) {
    const v = prepareValue(value);
    if (v === null || v === undefined) out.push('null');
    else if (typeof v !== 'string' || v.includes('\u0000')) return null;
    else out.push(pgLiteral(v));
  }
  return out.join(', ');
}

/** The message's text with parameters inlined as unknown-typed literals, or null when it cannot be. */
export function inlinedStatement(text: string, values: readonly unknown[] = []): string | null {
  // Only builder output: placeholders are then the only `$n`, and the text holds no string literal.
  if (text.includes("'") || text.includes('$$')) return null;
  let failed = false;
  const out = text.replace(/\$(\d+)/g, (m, n: string) => {
    const i = Number(n) - 1;
    if (i < 0 || i >= values.length) {
      failed = true;
      return m;
    }
    const v = prepareValue(values[i]);
    if (v === null || v === undefined) return 'null';
    if (typeof v !== 'string' || v.includes('\u0000')) {
      failed = true;
      return m;
    }
    return pgLiteral(v);
  });
  return failed ? null : out;
}

/** `execute name(args)`: a statement the connection keeps prepared, run with its arguments inlined ({@link inlinedArguments}). */
const executing = (name: string, args: string): string => `execute ${name}${args ? `(${args})` : ''}`;

const ENDS_WITH_COMMIT = /;\s*commit\s*;?\s*$/i;

/**
 * Appended to a statement (with its parameters) that is its transaction's last: the connection
 * sends it and COMMIT in one message, by name with literals when it keeps it prepared, else
 * inlined (a report's audit record: `auditRepository.append`).
 */
export const THEN_COMMIT = '\n/* then commit */';

/**
 * Wraps one pooled connection's `query` (see the module comment). `reset` forgets the state when
 * the connection goes back to the pool. `preparedAs`, when given, names the statement as the
 * connection has it prepared by SQL `PREPARE` (doing that first if needed), or answers null for
 * a statement that is not to be kept: a transaction's first statement kept so is sent as
 * `begin; execute name(literals)`, planned by PostgreSQL's plan cache rather than on every run
 * as an inlined statement is (a report's first statement spent 0.38 ms of PostgreSQL's CPU planning).
 */
export function fusingTransactionEnds(send: Send, preparedAs?: (text: string) => Promise<string | null>): { query: Send; reset(): void } {
  let beginHeld = false;
  let committed = false;
  const afterwards = (text: string, p: unknown): unknown => {
    if (!ENDS_WITH_COMMIT.test(text) || !(p instanceof Promise)) return p;
    return p.then((r: unknown) => {
      committed = true;
      return r;
    });
  };
  /** A transaction's last statement and COMMIT in one message (see {@link THEN_COMMIT}); answers the statement's result. */
  const committing = async (text: string, values: readonly unknown[]): Promise<unknown> => {
    const begin = beginHeld ? 'begin; ' : '';
    beginHeld = false;
    const args = inlinedArguments(values);
    const name = preparedAs && args !== null ? await preparedAs(text) : null;
    const body = name && args !== null ? executing(name, args) : inlinedStatement(text, values);
    if (body === null) {
      // Not to be inlined: as separate statements, the caller's COMMIT then answered here.
      if (begin) await send('begin');
      const r = await send(text, values);
      await send('commit');
      committed = true;
      return r;
    }
    const message = `${begin}${body}; commit`;
    const r = (await send(message)) as PgResult | PgResult[];
    committed = true;
    return Array.isArray(r) ? r[r.length - 2]! : r;
  };
  const query: Send = (text, values) => {
    const word = typeof text === 'string' && (!values || values.length === 0) ? text.trim().toLowerCase() : '';
    if (committed) {
      if (word === 'commit' || word === 'rollback') {
        committed = false;
        return answered(word.toUpperCase());
      }
      return Promise.reject(new Error('this transaction was committed by its last statement; nothing may be sent in it after that'));
    }
    if (word === 'begin') {
      beginHeld = true;
      return answered('BEGIN');
    }
    if (typeof text === 'string' && text.endsWith(THEN_COMMIT)) return committing(text.slice(0, -THEN_COMMIT.length), values ?? []);
    if (!beginHeld) return typeof text === 'string' ? afterwards(text, send(text, values)) : send(text, values);
    beginHeld = false;
    if (word === 'commit' || word === 'rollback') return answered(word.toUpperCase());
    if (typeof text === 'string') {
      // Several statements in one message: pg answers with one result each; the caller's is the last.
      const withBegin = (message: string) =>
        afterwards(
          message,
          (send(message) as Promise<PgResult | PgResult[]>).then((r) => (Array.isArray(r) ? r[r.length - 1]! : r)),
        );
      const args = preparedAs ? inlinedArguments(values ?? []) : null;
      if (preparedAs && args !== null && !ENDS_WITH_COMMIT.test(text))
        return preparedAs(text).then((name) => {
          if (name) return withBegin(`begin; ${executing(name, args)}`);
          const inlined = inlinedStatement(text, values);
          return inlined !== null ? withBegin(`begin; ${inlined}`) : (send('begin') as Promise<unknown>).then(() => send(text, values));
        });
      const inlined = inlinedStatement(text, values);
      if (inlined !== null) return withBegin(`begin; ${inlined}`);
      return afterwards(
        text,
        (send('begin') as Promise<unknown>).then(() => send(text, values)),
      );
    }
    // A cursor or config object is answered synchronously by pg; its queue keeps `begin` first.
    (send('begin') as Promise<unknown>).catch(() => undefined);
    return send(text, values);
  };
  return {
    query,
    reset: () => {
      beginHeld = false;
      committed = false;
    },
  };
}
