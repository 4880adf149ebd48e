/** Shared test data for the assessment domain tests: the hand-computed group and small builders. */
import type { AssessmentGroup, AssessmentModel } from '../../../src/domain/assessment/model-check.js';
import type { CaseFact, InspectionFact, LetterFact } from '../../../src/domain/assessment/inputs.js';

/**
 * 县市区 group: evaluation 40, cases 60 (按期处置 50, 结案 30, 返工 20), letters 1 / 3 / 10 per
 * 提醒函 / 督办函 / 问责函 plus 2 per letter unanswered at period end, at most 10 in all;
 * +0.5 per point of 按期结案率 above 90 %, at most 3; total within [0, 100]; 红榜 top 2, 黑榜 bottom 1.
 */
export const COUNTIES: AssessmentGroup = {
  key: 'counties',
  name: '县市区',
  members: { unitKinds: ['county', 'county_city'], unitIds: [] },
  components: [
    { kind: 'evaluation', weight: 40 },
    { kind: 'cases', weight: 60, onTimeWeight: 50, closureWeight: 30, reworkWeight: 20 },
    { kind: 'letters', deductions: { reminder: 1, supervision: 3, accountability: 10 }, unansweredDeduction: 2, cap: 10 },
    { kind: 'bonus', thresholdPercent: 90, pointsPerPercent: 0.5, cap: 3 },
  ],
  total: { floor: 0, cap: 100 },
  lists: { kind: 'rank', red: 2, black: 1 },
};

export const MODEL: AssessmentModel = {
  version: 1,
  name: '创建工作考核办法（2026）',
  groups: [
    {
      key: 'districts',
      name: '中心城区各区',
      members: { unitKinds: ['district'], unitIds: [] },
      components: [{ kind: 'evaluation', weight: 100 }],
      total: { floor: 0, cap: 100 },
      lists: { kind: 'threshold', redMin: 90, blackBelow: 60 },
    },
    COUNTIES,
    {
      key: 'teams',
      name: '工作专班',
      members: { unitKinds: ['work_team'], unitIds: [501, 502] },
      components: [{ kind: 'cases', weight: 100, onTimeWeight: 60, closureWeight: 40, reworkWeight: 0 }],
      total: { floor: 0, cap: 100 },
      lists: { kind: 'rank', red: 1, black: 1 },
    },
  ],
};

let nextId = 1;
/** A case with the given facts (defaults: handled and closed on time, no rework, nothing owed). */
export function kase(facts: Partial<CaseFact> = {}): CaseFact {
  const id = nextId++;
  return {
    id,
    label: `案件${id}`,
    handled: true,
    handledOnTime: true,
    closed: true,
    closedOnTime: true,
    reworks: 0,
    overdueAtEnd: false,
    ...facts,
  };
}
/** A case still unhandled and past its deadline at the end of the period. */
export const owedCase = (): CaseFact =>
  kase({ handled: false, handledOnTime: false, closed: false, closedOnTime: false, overdueAtEnd: true });
export const inspection = (rate: number): InspectionFact => {
  const id = nextId++;
  return { id, label: `检查${id}`, rate };
};
export const letter = (rungKey: string, unansweredAtEnd = false): LetterFact => {
  const id = nextId++;
  return { id, label: `函${id}`, rungKey, unansweredAtEnd };
};
