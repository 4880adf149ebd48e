/**
 * Amounts of the projects module on the wire and in the database: the wire carries 万元 (and 亩)
 * as decimals with at most two places, the database integer hundredths ("wan-cents"), so sums
 * never drift.
 */
import { AppError, invalidSaid } from '../../core/errors.js';

/** 万元 (or 亩) with at most 2 decimals as an integer of hundredths; 422 naming `field` otherwise. */
export function toHundredths(value: number, field: string): number {
  if (!Number.isFinite(value) || value < 0) throw invalidSaid(field, { zh: '须为不小于 0 的数', en: 'must be a number ≥ 0' });
  const h = Math.round(value * 100);
  if (Math.abs(h - value * 100) > 1e-6) throw invalidSaid(field, { zh: '最多两位小数', en: 'at most 2 decimal places' });
  if (h > Number.MAX_SAFE_INTEGER) throw new AppError(422, 'invalid_input', `${field}: too large`, { field });
  return h;
}

/** Hundredths back to the decimal the wire carries. */
export function fromHundredths(h: number): number {
  return Number(h) / 100;
}
