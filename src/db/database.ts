import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import type pgTypes from 'pg';
import { Kysely, PostgresDialect, SqliteDialect, type PostgresPool, type PostgresPoolClient, type Transaction } from 'kysely';
import { GroupCommitter, type GroupCommitStats } from './group-commit.js';
import { isBuiltOnce } from './prepared.js';
import { fusingTransactionEnds } from './pg-transaction-ends.js';
import type { DB } from './schema.js';

export type Dialect = 'sqlite' | 'pg';

/** An open database: the Kysely handle plus what differs between engines. */
export interface Database {
  db: Kysely<DB>;
  dialect: Dialect;
  url: string;
  /**
   * Runs `fn` in a transaction and resolves once it is committed. On SQLite,
   * callers that arrive together share one commit (see {@link GroupCommitter});
   * on PostgreSQL each gets its own transaction, and the server groups the WAL
   * flushes of concurrent commits itself. Use it for the writes people wait on.
   */
  transact<T>(fn: (trx: Transaction<DB>) => Promise<T>): Promise<T>;
  /** How SQLite's commits were grouped so far; null on PostgreSQL or with grouping off. */
  groupCommitStats(): GroupCommitStats | null;
  close(): Promise<void>;
}

/** Either the database or a transaction; repositories accept both. */
export type Executor = Kysely<DB> | Transaction<DB>;
export type { GroupCommitStats };

let pgModule: typeof pgTypes | undefined;

/** The pg driver, loaded with the first PostgreSQL database (an embedded SQLite server never needs it). */
function loadPg(): typeof pgTypes {
  if (!pgModule) {
    pgModule = createRequire(import.meta.url)('pg') as typeof pgTypes;
    // int8 (COUNT, SUM of integers) arrives as a string by default; ours fit in a double.
    pgModule.types.setTypeParser(20, (v) => Number(v));
  }
  return pgModule;
}

/**
 * Opens the database named by a `sqlite:<file>` or `postgres://` URL.
 * SQLite gets WAL, synchronous=FULL (an acknowledged write survives power loss),
 * a busy timeout and foreign keys.
 */
export function openDatabase(url: string, opts: { poolSize?: number; groupCommit?: boolean } = {}): Database {
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length);
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    const sqlite = new SQLite(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('foreign_keys = ON');
    const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: cachingStatements(sqlite) }) });
    const group = opts.groupCommit === false ? null : new GroupCommitter(db);
    return {
      db,
      dialect: 'sqlite',
      url,
      transact: (fn) => (group ? group.run(fn) : db.transaction().execute(fn)),
      groupCommitStats: () => (group ? { ...group.stats } : null),
      close: async () => {
        // Work already accepted is committed, not dropped, when the server shuts down.
        await group?.drain();
        await db.destroy();
      },
    };
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    // PostgreSQL's own plan cache mode: only statements built once (keys and rows) are sent
    // named and may get a generic plan; every other statement goes unnamed and is planned for
    // its values each time (a generic plan could misjudge a dashboard's date range).
    const pool = new (loadPg().Pool)({ connectionString: url, max: opts.poolSize ?? 10 });
    // An idle client losing its connection must not crash the process.
    pool.on('error', () => undefined);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: namingStatements(pool) }) });
    const inflight = new Set<Promise<unknown>>();
    return {
      db,
      dialect: 'pg',
      url,
      transact: (fn) => {
        const p = db.transaction().execute(fn);
        const tracked = p.finally(() => inflight.delete(tracked)).catch(() => undefined);
        inflight.add(tracked);
        return p;
      },
      groupCommitStats: () => null,
      close: async () => {
        // As on SQLite: work already accepted is finished before the pool goes.
        await Promise.all(inflight);
        await db.destroy();
      },
    };
  }
  throw new Error(`Unsupported database URL: ${url}`);
}

/**
 * The connection as Kysely sees it, with prepared statements kept by SQL text.
 * Kysely prepares every query afresh; preparing was a tenth of the server's time
 * under case intake (bench/), and the same few dozen statements run again and again.
 * Safe to share: Kysely runs one query at a time on the connection, and SQLite
 * re-prepares a statement by itself after a schema change. Bounded, because
 * statements with IN lists differ by their length.
 */
function cachingStatements(sqlite: SQLite.Database): { close(): void; prepare(sql: string): SQLite.Statement } {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare: (text: string) => {
      let stmt = cache.get(text);
      if (!stmt) {
        if (cache.size >= 500) cache.clear();
        stmt = sqlite.prepare(text);
        cache.set(text, stmt);
      }
      return stmt;
    },
  };
}

/** The statements a PostgreSQL connection keeps parsed; past it, statements go unnamed as before. */
const NAMED_PER_CONNECTION = 256;
/** Statement names by SQL text (a digest, so one text always gets the same name on every connection). */
const statementNames = new Map<string, string>();
/** Connections whose kept statements went stale (see `namingStatements`). */
const stale = new WeakSet<object>();
/** What each pooled connection has already parsed under a name. */
const namedOn = new WeakMap<object, Set<string>>();
/** What each pooled connection has prepared by SQL `PREPARE`, for `begin; execute …` (`fusingTransactionEnds`). */
const preparedOn = new WeakMap<object, Set<string>>();
/** Statements PostgreSQL would not `PREPARE` (a parameter whose type it cannot tell): sent inlined instead. */
const unpreparable = new Set<string>();

/** The name a statement built once is kept under on every connection: a digest of its text. */
function nameOf(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    if (statementNames.size >= 4096) statementNames.clear();
    name = createHash('sha1').update(text).digest('hex');
    statementNames.set(text, name);
  }
  return name;
}

/** A connection's statement failed because a table changed under a kept one (a migration run by another instance). */
function noteStale(client: object) {
  return (error: unknown) => {
    if (error instanceof Error && /cached plan must not change result type/.test(error.message)) stale.add(client);
    throw error;
  };
}

/**
 * The pool as Kysely sees it, sending the statements built once (`src/db/prepared.ts`) as named
 * (prepared) statements. Kysely sends every query unnamed, so PostgreSQL parses, analyses and
 * plans it afresh each time. Planning alone was 1.2 ms of PostgreSQL's CPU per report while
 * every named statement was forced to custom plans (docs/PERFORMANCE.md, 7 December, night):
 * a named statement built once now gets PostgreSQL's default plan cache mode, a generic plan
 * after its first runs, which for a key lookup or an insert is the plan a custom one would be.
 * Every other statement stays unnamed, so a query over a range of values is still planned for
 * them. Named by a digest of the text, so a name always means the same text; at most
 * {@link NAMED_PER_CONNECTION} per connection, because statements with IN lists differ by their
 * length.
 */
function namingStatements(pool: pgTypes.Pool): PostgresPool {
  return {
    connect: async () => {
      const client = await pool.connect();
      let named = namedOn.get(client);
      if (!named) namedOn.set(client, (named = new Set()));
      const set = named;
      let kept = preparedOn.get(client);
      if (!kept) preparedOn.set(client, (kept = new Set()));
      const keptHere = kept;
      // A stale statement fails once, and the connection is closed on release so none of its
      // statements is reused.
      const stale_ = noteStale(client);
      const preparedAs = async (text: string): Promise<string | null> => {
        if (!isBuiltOnce(text) || unpreparable.has(text)) return null;
        // Not the protocol's names (`d…`): both live in one namespace per connection.
        const name = `x${nameOf(text)}`;
        if (keptHere.has(name)) return name;
        if (keptHere.size >= NAMED_PER_CONNECTION) return null;
        try {
          await client.query(`prepare ${name} as ${text}`);
        } catch {
          unpreparable.add(text);
          return null;
        }
        keptHere.add(name);
        return name;
      };
      const send = (text: unknown, values?: readonly unknown[]): Promise<unknown> => {
        if (typeof text !== 'string') return client.query(text as never, values as never);
        if (!isBuiltOnce(text)) return client.query(text, values as unknown[]).catch(stale_);
        const name = `d${nameOf(text)}`;
        if (!set.has(name)) {
          if (set.size >= NAMED_PER_CONNECTION) return client.query(text, values as unknown[]);
          set.add(name);
        }
        return client.query({ name, text, values: values as unknown[] }).catch(stale_);
      };
      const ends = fusingTransactionEnds(send, preparedAs);
      const wrapped: PostgresPoolClient = {
        query: ends.query as unknown as PostgresPoolClient['query'],
        release: (destroy?: boolean) => {
          ends.reset();
          client.release(destroy || stale.has(client));
        },
      };
      return wrapped;
    },
    end: () => pool.end(),
  };
}
