/** Unique-index violations on either engine (PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_UNIQUE), e.g. a raced second letter of a rung for a case. */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return err?.code === '23505' || err?.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/.test(err?.message ?? '');
}

/** Foreign-key violations on either engine (PostgreSQL 23503, SQLite SQLITE_CONSTRAINT_FOREIGNKEY): a row still referred to, or a reference to no row. */
export function isForeignKeyViolation(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return err?.code === '23503' || err?.code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || /FOREIGN KEY constraint failed/.test(err?.message ?? '');
}

/**
 * A transaction PostgreSQL aborted to break a deadlock (40P01) or a serialization conflict
 * (40001): nothing of it was written and the same request sent again normally succeeds.
 */
export function isConcurrencyAbort(e: unknown): boolean {
  const code = (e as { code?: string } | null)?.code;
  return code === '40P01' || code === '40001';
}
