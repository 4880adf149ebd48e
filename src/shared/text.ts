/**
 * `v` as text for a message or a parse: what `String` gives, except that a plain object
 * shows as JSON rather than "[object Object]". For values typed `unknown` (a config file,
 * an audit record, a reply from outside) where a string or number is expected but not certain.
 */
export function textOf(v: unknown): string {
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) return JSON.stringify(v);
  return String(v);
}
