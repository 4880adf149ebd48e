/**
 * A lower-cased `%…%` LIKE pattern with `%`, `_` and `\` escaped by `\`.
 * Pair it with `lower(column) like ? escape '\'`, which both engines read alike.
 */
export function likePattern(term: string): string {
  return `%${term.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
}
