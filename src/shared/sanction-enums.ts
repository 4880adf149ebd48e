/**
 * Enumerations of the 奖惩 records (issue 13 point 5, DOMAIN.md §3.5), shared by server and
 * web. Plain values without TypeBox (the web bundle imports them); the wire shapes are in
 * src/shared/contracts/sanctions.contract.ts.
 */

/** The decisions HQ records against a unit after a period's results, letters or inspections. */
export const SANCTION_KINDS = ['commendation', 'criticism', 'interview', 'accountability', 'other'] as const;
export type SanctionKind = (typeof SANCTION_KINDS)[number];

export const SANCTION_KIND_LABELS: Record<SanctionKind, { zh: string; en: string }> = {
  commendation: { zh: '通报表扬', en: 'Public commendation' },
  criticism: { zh: '通报批评', en: 'Public criticism' },
  interview: { zh: '约谈', en: 'Admonitory talk' },
  accountability: { zh: '问责', en: 'Accountability' },
  other: { zh: '其他', en: 'Other' },
};

/** True for the decisions that reward (shown green); the others are sanctions (shown red). */
export function isReward(kind: SanctionKind): boolean {
  return kind === 'commendation';
}
