/**
 * Enumerations of the 周例会 briefing (通报), shared by server and web. Plain values
 * without TypeBox (the web bundle imports them); the wire shapes are in
 * src/shared/contracts/briefings.contract.ts, the composition in src/domain/briefings.
 */

/** draft: HQ edits it and its content can be regenerated; published: 第N期, frozen. */
export const BRIEFING_STATUSES = ['draft', 'published'] as const;
export type BriefingStatus = (typeof BRIEFING_STATUSES)[number];

export const BRIEFING_STATUS_LABELS: Record<BriefingStatus, { zh: string; en: string }> = {
  draft: { zh: '草稿', en: 'Draft' },
  published: { zh: '已印发', en: 'Published' },
};

/** The period a briefing covers: a China week (Mon–Sun), a month, or any chosen days. */
export const BRIEFING_PERIOD_KINDS = ['week', 'month', 'custom'] as const;
export type BriefingPeriodKind = (typeof BRIEFING_PERIOD_KINDS)[number];

export const BRIEFING_PERIOD_LABELS: Record<BriefingPeriodKind, { zh: string; en: string }> = {
  week: { zh: '周', en: 'Week' },
  month: { zh: '月', en: 'Month' },
  custom: { zh: '自定义', en: 'Custom' },
};

/** The 版头 printed in red on every briefing. */
export const BRIEFING_MASTHEAD = '创建全国文明城市工作通报';
