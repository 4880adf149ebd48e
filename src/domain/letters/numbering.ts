import { chinaDay } from '../calendar/work-calendar.js';

/**
 * Letter numbers (发文字号) in the GB/T 9704-2012 form `机关代字〔YYYY〕N号`: the issuer's
 * code, the full year in 六角括号 〔〕, the serial number without leading zeros, and 号.
 * Serial numbers run per issuer code, letter type and year with no gaps; the counter
 * itself is a database row incremented inside the transaction that issues the letter
 * (so a rolled-back issue gives its number back), keyed by {@link counterKey}.
 * A withdrawn letter keeps its number: it was issued, and reusing it would make two
 * documents carry the same 发文字号.
 */

/**
 * The key of the gapless counter for one issuer code, letter type and year, e.g.
 * `letter:周创指督:督办函:2026`. The parts are joined with `:`, which neither a
 * 机关代字 (see checkLadder) nor a year can contain; a `:` inside a type is escaped so
 * two different (code, type) pairs can never produce the same key.
 */
export function counterKey(issuerCode: string, type: string, year: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`year must have four digits, got ${year}`);
  const esc = (s: string): string => s.replace(/%/g, '%25').replace(/:/g, '%3A');
  return `letter:${esc(issuerCode)}:${esc(type)}:${year}`;
}

/**
 * The key of the gapless counter of hand-drafted letters whose type is no rung (see
 * `HandLetters` in ladder.ts), e.g. `letter:周创指函:2026`: one series per 代字 and year
 * whatever the type, because the printed number `周创指函〔2026〕1号` names no type. Having
 * one part fewer than {@link counterKey}'s (and the same escaping), it can never equal a
 * rung's key.
 */
export function handCounterKey(issuerCode: string, year: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`year must have four digits, got ${year}`);
  return `letter:${issuerCode.replace(/%/g, '%25').replace(/:/g, '%3A')}:${year}`;
}

/**
 * The year an instant belongs to in China time: a letter issued at 2027-01-01 00:10
 * Beijing time (still 2026 in UTC) is numbered in 2027's series.
 */
export function chinaYear(instant: Date): number {
  return Number(chinaDay(instant).slice(0, 4));
}

/** Formats a letter number: `formatLetterNumber('周创指督', 2026, 7)` → `周创指督〔2026〕7号`. */
export function formatLetterNumber(issuerCode: string, year: number, serial: number): string {
  if (!Number.isInteger(serial) || serial < 1) throw new RangeError(`serial must be a whole number ≥ 1, got ${serial}`);
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`year must have four digits, got ${year}`);
  return `${issuerCode}〔${year}〕${serial}号`;
}

/** Parses `代字〔YYYY〕N号` back into its parts; null when the text is not such a number. */
export function parseLetterNumber(text: string): { issuerCode: string; year: number; serial: number } | null {
  const m = /^([^\s〔〕]+)〔(\d{4})〕([1-9]\d*)号$/.exec(text.trim());
  if (!m) return null;
  return { issuerCode: m[1] as string, year: Number(m[2]), serial: Number(m[3]) };
}
