import type { TFunction } from '../../i18n/i18n.js';

/** 亿元 = 10 000 万元. */
const WAN_PER_YI = 10_000;

/**
 * An amount in 万元 as the register speaks of it: 亿元 (2 places) from 1亿 up, else 万元
 * ("13.50 亿元", "800 万元").
 */
export function fmtInvestment(wan: number, t: TFunction): string {
  if (wan >= WAN_PER_YI) return t('project.yi', { v: (wan / WAN_PER_YI).toFixed(2) });
  return t('project.wan', { v: Number.isInteger(wan) ? String(wan) : wan.toFixed(2) });
}

/** An amount in 万元 for a table column: two places, grouped ("2,053.94"). */
export function fmtWan(wan: number): string {
  return wan.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** A rate in [0, 1] as a percentage, or "—" when its denominator is empty. */
export function fmtRate(v: number | null): string {
  return v === null ? '—' : `${(v * 100).toFixed(1).replace(/\.0$/, '')}%`;
}
