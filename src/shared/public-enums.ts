/**
 * Enumerations of the public side (issue 15, DESIGN.md §3.8): citizens without an
 * account, the Open311 GeoReport v2 server and its integrators' API keys. Shared by
 * server and web; each list is defined once here.
 */
import type { CaseSource, CaseState } from './case-enums.js';

/** A reporter's rating of a closed case (回访). */
export const SATISFACTION_RATINGS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
/** One of {@link SATISFACTION_RATINGS}. */
export type SatisfactionRating = (typeof SATISFACTION_RATINGS)[number];

/** Chinese and English names of {@link SATISFACTION_RATINGS}. */
export const SATISFACTION_LABELS: Record<SatisfactionRating, { zh: string; en: string }> = {
  satisfied: { zh: '满意', en: 'Satisfied' },
  basically_satisfied: { zh: '基本满意', en: 'Mostly satisfied' },
  dissatisfied: { zh: '不满意', en: 'Dissatisfied' },
};

/** What HQ did about a 不满意 rating: reopened the case (verify_reopen) or recorded why not. */
export const SATISFACTION_REVIEWS = ['reopened', 'declined'] as const;
/** One of {@link SATISFACTION_REVIEWS}. */
export type SatisfactionReview = (typeof SATISFACTION_REVIEWS)[number];

/** Case sources an integrator's API key may report as (never inspection or project obstacles). */
export const API_KEY_SOURCES = ['citizen', 'hotline', 'video', 'higher_level'] as const satisfies readonly CaseSource[];
/** One of {@link API_KEY_SOURCES}. */
export type ApiKeySource = (typeof API_KEY_SOURCES)[number];

/**
 * A case's state in plain words for the public (tracking page, Open311 status_notes).
 * Several internal states read the same to a citizen: returned and accepted both wait
 * for a unit; rectified waits for the check.
 */
export const PUBLIC_STAGES = ['received', 'accepted', 'in_progress', 'checking', 'suspended', 'closed', 'rejected', 'merged'] as const;
/** One of {@link PUBLIC_STAGES}. */
export type PublicStage = (typeof PUBLIC_STAGES)[number];

/** Which public stage each case state shows as. */
export const PUBLIC_STAGE_OF_STATE: Record<CaseState, PublicStage> = {
  reported: 'received',
  accepted: 'accepted',
  returned: 'accepted',
  rejected: 'rejected',
  dispatched: 'in_progress',
  acknowledged: 'in_progress',
  rectified: 'checking',
  suspended: 'suspended',
  closed: 'closed',
  merged: 'merged',
};

/** Chinese and English plain words of {@link PUBLIC_STAGES}. */
export const PUBLIC_STAGE_LABELS: Record<PublicStage, { zh: string; en: string }> = {
  received: { zh: '已收到，等待受理', en: 'Received, awaiting acceptance' },
  accepted: { zh: '已受理，正在安排责任单位', en: 'Accepted, assigning a responsible unit' },
  in_progress: { zh: '责任单位处置中', en: 'Being fixed by the responsible unit' },
  checking: { zh: '已整改，等待核查', en: 'Fixed, awaiting verification' },
  suspended: { zh: '需长期处置，已列入计划', en: 'Long-term work, scheduled' },
  closed: { zh: '已办结', en: 'Resolved' },
  rejected: { zh: '不予受理', en: 'Not accepted' },
  merged: { zh: '与已有问题合并处理', en: 'Merged with an existing report' },
};

/** Open311's two statuses. */
export const OPEN311_STATUSES = ['open', 'closed'] as const;
/** One of {@link OPEN311_STATUSES}. */
export type Open311Status = (typeof OPEN311_STATUSES)[number];
