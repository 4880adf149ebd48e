/**
 * PostgreSQL literals, for statements that cannot carry parameters: those sent in one
 * simple-protocol message with a transaction's BEGIN or COMMIT (src/db/pg-transaction-ends.ts).
 * The extended protocol, which carries parameters, takes one statement per message, and every
 * message is a round trip.
 */

/**
 * `value` as a PostgreSQL literal: a string always as an escape string (`E'…'`, quotes and
 * backslashes doubled), so the result does not depend on `standard_conforming_strings`.
 * Throws on what a parameter of Dudao's writes never is (NUL, non-finite numbers, objects).
 */
export function pgLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`pgLiteral: ${value} has no literal`);
    return String(value);
  }
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') {
    // PostgreSQL text cannot hold NUL; a parameter would be refused the same way.
    if (value.includes('\u0000')) throw new Error('pgLiteral: a string with NUL has no literal');
    return `E'${value.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
  }
  throw new Error(`pgLiteral: a ${typeof value} has no literal`);
}
