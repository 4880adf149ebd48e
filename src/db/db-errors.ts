/** Unique-index violations on either engine (PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_UNIQUE), e.g. a raced second letter of a rung for a case. */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return err?.code === '23505' || err?.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/.test(err?.message ?? '');
}
