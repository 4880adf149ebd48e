import { CompiledQuery, type Compilable, type DialectAdapter, type QueryResult } from 'kysely';
import type { Executor } from './database.js';

/**
 * Statements built by Kysely once per shape and then run with new values.
 *
 * Kysely builds an immutable tree for every query (each node frozen) and compiles it to SQL on
 * every run: 15–22 µs of CPU per statement here, against well under a microsecond to bind new
 * values into SQL compiled before. A report runs about a dozen statements, so that was a quarter
 * of its server CPU (issue 16; docs/PERFORMANCE.md). {@link prepared} keeps Kysely as the one
 * way SQL is written: the builder runs once per shape with marked stand-ins for the values, the
 * compiled SQL is kept, and each run puts the real values where the stand-ins were.
 *
 * The rule for a builder: what it builds may depend on the *shape* of its parameters (which keys
 * are present or undefined, how long each array is) and never on their values, which it must pass
 * to Kysely untouched (not trimmed, not formatted, not put into a `like` pattern). A builder that
 * breaks it fails on its first run, not silently: every stand-in must reach the compiled
 * parameters unchanged and none may end up in the SQL text.
 *
 * Use it for statements whose best plan does not depend on the values: keys, ids, rows to insert.
 * On PostgreSQL these are kept parsed and may run on a generic plan; a statement over a range of
 * dates or a pattern stays a plain Kysely query, planned for its values each time.
 */

/** SQL texts {@link compiledOnce} has built: bounded, as array lengths make shapes. */
const builtOnce = new Set<string>();
const BUILT_ONCE_KEPT = 4096;

/**
 * Whether `sql` is a statement built once per shape here. Such a statement's plan does not depend
 * on its values (they are keys and rows, never ranges, by the module's rule): PostgreSQL may keep
 * one generic plan for it instead of planning each run (src/db/database.ts `namingStatements`).
 */
export function isBuiltOnce(sql: string): boolean {
  return builtOnce.has(sql);
}

/** A value a statement takes: a leaf, or a plain object or array of them (rows to insert, `in` lists). */
export type Param =
  string | number | bigint | boolean | null | undefined | Date | Uint8Array | readonly Param[] | { readonly [k: string]: Param };

/** Where the compiled parameters come from: a value's path into the run's parameters, or a constant of the builder. */
type Slot = { path: readonly (string | number)[] } | { constant: unknown };

interface Plan {
  sql: string;
  slots: Slot[];
}

/**
 * Stand-ins are ` <MARK><path as JSON> `: the spaces and the capital make a trimmed, cased or
 * otherwise reworked value differ from every stand-in while still carrying the mark.
 */
const MARK = '\u0000Dudao-param\u0000';

/** The parameters of a statement: plain objects and arrays of values (see the module's rule). */
export type Params = { readonly [k: string]: Param };

/**
 * A statement built once per shape of its parameters (per dialect) and run with new values.
 * `build` gets the executor and stand-ins shaped like the run's parameters (see the module's
 * rule). Handles with Kysely plugins (tests that count statements) run the builder every time,
 * so a plugin sees each statement as it would without this.
 */
export function prepared<P extends Params, R>(
  build: (db: Executor, p: P) => Compilable<R>,
): (db: Executor, p: P) => Promise<QueryResult<R>> {
  const compile = compiledOnce(build);
  return async (db, p) => db.executeQuery(compile(db, p));
}

/**
 * What {@link prepared} runs, for a caller that sends the SQL itself (the audit record that also
 * commits, whose values are inlined): the statement compiled once per shape, with this run's values.
 */
export function compiledOnce<P extends Params, R>(build: (db: Executor, p: P) => Compilable<R>): (db: Executor, p: P) => CompiledQuery<R> {
  const plans = new WeakMap<DialectAdapter, Map<string, Plan>>();
  return (db, p) => {
    const executor = db.getExecutor();
    if (executor.plugins.length > 0) return build(db, p).compile();
    let byShape = plans.get(executor.adapter);
    if (!byShape) plans.set(executor.adapter, (byShape = new Map<string, Plan>()));
    const shape = shapeOf(p);
    let plan = byShape.get(shape);
    if (!plan) {
      const leaves: string[] = [];
      plan = planOf(build(db, standIns(p, [], leaves) as P).compile(), leaves);
      byShape.set(shape, plan);
      if (builtOnce.size < BUILT_ONCE_KEPT) builtOnce.add(plan.sql);
    }
    const values = plan.slots.map((s) => ('constant' in s ? s.constant : valueAt(p, s.path)));
    return CompiledQuery.raw(plan.sql, values);
  };
}

/** True for a plain object, which {@link prepared} walks into (as it does arrays); anything else is one value. */
function isObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** The shape of parameters: keys, array lengths and undefined leaves; values never. */
function shapeOf(v: unknown): string {
  if (v === undefined) return 'u';
  if (Array.isArray(v)) return `[${v.map(shapeOf).join(',')}]`;
  if (isObject(v))
    return `{${Object.keys(v)
      .map((k) => `${JSON.stringify(k)}:${shapeOf(v[k])}`)
      .join(',')}}`;
  return '.';
}

/** `v` with every leaf replaced by a stand-in naming its path (undefined stays undefined); the stand-ins go to `leaves`. */
function standIns(v: unknown, path: (string | number)[], leaves: string[]): unknown {
  if (v === undefined) return undefined;
  if (Array.isArray(v)) return v.map((x, i) => standIns(x, [...path, i], leaves));
  if (isObject(v)) return Object.fromEntries(Object.keys(v).map((k) => [k, standIns(v[k], [...path, k], leaves)]));
  const mark = ` ${MARK}${JSON.stringify(path)} `;
  leaves.push(mark);
  return mark;
}

/** The compiled statement as SQL and slots; throws when the builder did not pass every value to Kysely as it got it. */
function planOf(compiled: CompiledQuery, leaves: readonly string[]): Plan {
  if (compiled.sql.includes(MARK)) throw new Error(`prepared: a value was written into the SQL text: ${compiled.sql}`);
  const known = new Set(leaves);
  const pathOf = (mark: string) => JSON.parse(mark.slice(1 + MARK.length, -1)) as (string | number)[];
  const slots = compiled.parameters.map((v): Slot => {
    if (typeof v === 'string' && known.has(v)) return { path: pathOf(v) };
    if (typeof v === 'string' && v.includes(MARK)) throw new Error(`prepared: a value was changed while building: ${JSON.stringify(v)}`);
    return { constant: v };
  });
  const passed = new Set(compiled.parameters);
  const unused = leaves.filter((l) => !passed.has(l));
  if (unused.length)
    throw new Error(
      `prepared: values the statement does not take (used in code instead?): ${unused.map((l) => pathOf(l).join('.')).join(', ')}`,
    );
  return { sql: compiled.sql, slots };
}

function valueAt(p: unknown, path: readonly (string | number)[]): unknown {
  let v = p;
  for (const step of path) v = (v as Record<string | number, unknown>)[step];
  return v;
}
