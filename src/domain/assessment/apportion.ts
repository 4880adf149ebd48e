/**
 * Rounding that keeps an explanation adding up. A score is computed from unrounded parts
 * and rounded to 2 decimals only at the end; to show its parts and lines in points with
 * 2 decimals that still add up to the score exactly, the rounded score (in hundredths) is
 * shared out over the parts, and each part's share over its lines, by the largest-remainder
 * method: every value becomes its rounded-down hundredths, and the hundredths left over go
 * to the values with the largest remainders. Every value thus moves by less than 0.01.
 */

/** Normalises `x × 100` to drop float noise such as 28.999999999999996 before rounding down. */
const hundredths = (x: number): number => Math.round(x * 1e8) / 1e6;

/** `x` rounded half up to whole hundredths, as an integer. */
export function toCents(x: number): number {
  return Math.round(hundredths(x)) + 0; // + 0 turns -0 into 0
}

/**
 * Whole hundredths for each of `values` (in points) summing to exactly `targetCents`,
 * each within one hundredth of its value when the target is the rounded sum. Ties in
 * the remainders go to the earlier value, so the result is deterministic.
 */
export function apportionCents(values: readonly number[], targetCents: number): number[] {
  const n = values.length;
  if (n === 0) return [];
  const scaled = values.map(hundredths);
  const out = scaled.map((s) => Math.floor(s));
  const order = scaled.map((s, i) => ({ i, frac: s - Math.floor(s) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  let left = targetCents - out.reduce((a, b) => a + b, 0);
  // Only in float edge cases does the leftover exceed the number of values; cycling keeps the sum exact.
  for (let k = 0; left > 0; k++, left--) out[order[k % n]!.i]! += 1;
  for (let k = 0; left < 0; k++, left++) out[order[n - 1 - (k % n)]!.i]! -= 1;
  return out.map((c) => c + 0);
}
