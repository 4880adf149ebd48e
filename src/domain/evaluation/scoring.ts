import { ANSWERS, type AnswerKind } from '../../shared/evaluation-enums.js';
import { WEIGHT_SUM_TOLERANCE, type Framework, type Lineage, type StandardNode } from './framework.js';

/**
 * Scoring of inspections (DOMAIN.md §3.1): 得分率 = 实得分 / 应得分, rolled up by
 * any key, the simulated evaluation index, the annual scheme and the cycle score.
 *
 * Roll-ups add points, not rates: an indicator's rate is the sum of its standards'
 * 实得分 over the sum of their 应得分, so a 10-point standard weighs ten times a
 * 1-point one, as in the national scheme, and every level is consistent with the
 * level below (the parent's earned is the sum of its children's).
 */

/** One answer of a checklist, as recorded on the phone. */
export interface AnswerInput {
  standardCode: string;
  /** One of {@link ANSWERS}; typed as string because it arrives from clients. */
  answer: string;
  /** Only with `answer: 'score'`: the points given, 0..points. */
  score?: number | null;
}

/** Why an answer is refused. */
export type AnswerProblemCode =
  | 'wrong_standard'
  | 'unknown_standard'
  | 'not_applicable'
  | 'unknown_answer'
  | 'score_missing'
  | 'score_not_allowed'
  | 'score_not_expected'
  | 'score_above_points'
  | 'negative_score';

/** Outcome of {@link scoreAnswer}. `possible` is 0 for not applicable (excluded). */
export type ScoreOutcome = { ok: true; earned: number; possible: number } | { ok: false; code: AnswerProblemCode; message: string };

/** Context of an answer; the point type, when given, must be one the standard applies to. */
export interface AnswerContext {
  pointType?: string;
}

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/**
 * 实得分 and 应得分 of one answer. na → 0/0 (excluded from the rate); pass →
 * points/points; fail → 0/points; score (scored standards only) → score/points.
 * Pass and fail are also accepted on scored standards as full and zero marks.
 *
 * Refused: an answer for another standard, for a standard that does not apply to the
 * point's type, an unknown answer, a score on a binary standard, a score attached to
 * pass/fail/na (ambiguous: which one did the inspector mean?), a missing, negative or
 * too high score. A score within 1e-9 above the points is float noise from a client
 * and is clamped rather than refused.
 */
export function scoreAnswer(standard: StandardNode, answer: AnswerInput, ctx: AnswerContext = {}): ScoreOutcome {
  const no = (code: AnswerProblemCode, message: string): ScoreOutcome => ({ ok: false, code, message });
  if (answer.standardCode !== standard.code)
    return no('wrong_standard', `answer for ${answer.standardCode} given to standard ${standard.code}`);
  if (ctx.pointType !== undefined && !standard.pointTypes.includes(ctx.pointType)) {
    return no('not_applicable', `standard ${standard.code} does not apply to check points of type ${ctx.pointType}`);
  }
  if (!ANSWERS.includes(answer.answer as AnswerKind)) return no('unknown_answer', `answer must be one of ${ANSWERS.join(', ')}`);
  const hasScore = answer.score !== undefined && answer.score !== null;
  const points = standard.points;
  if (answer.answer !== 'score') {
    if (hasScore) return no('score_not_expected', `a score comes only with the answer "score" (standard ${standard.code})`);
    if (answer.answer === 'na') return { ok: true, earned: 0, possible: 0 };
    return { ok: true, earned: answer.answer === 'pass' ? points : 0, possible: points };
  }
  if (standard.passRule.kind !== 'scored') return no('score_not_allowed', `standard ${standard.code} is pass/fail and takes no score`);
  if (!isNum(answer.score)) return no('score_missing', `standard ${standard.code} needs a numeric score`);
  if (answer.score < 0) return no('negative_score', `score ${answer.score} for ${standard.code} is negative`);
  if (answer.score > points + WEIGHT_SUM_TOLERANCE)
    return no('score_above_points', `score ${answer.score} for ${standard.code} is above its ${points} points`);
  return { ok: true, earned: clamp(answer.score, 0, points), possible: points };
}

/** One inspection's answers, with what roll-ups group by. */
export interface InspectionResult {
  pointId: string | number;
  pointType: string;
  /** Responsible unit of the point (责任单位). */
  unitId?: number | null;
  districtId?: string | number | null;
  answers: readonly AnswerInput[];
}

/** A scored answer, as handed to the roll-up's key function. */
export interface ScoredAnswer<R extends InspectionResult = InspectionResult> {
  result: R;
  answer: AnswerInput;
  standard: StandardNode;
  lineage: Lineage;
  earned: number;
  possible: number;
}

/** Totals of one group. */
export interface RateCell {
  key: string;
  /** 实得分. */
  earned: number;
  /** 应得分. */
  possible: number;
  /** 得分率 = earned / possible; null when nothing applicable was checked. */
  rate: number | null;
  /** Answers counted (pass, fail, score). */
  answered: number;
  /** Answers that were "not applicable". */
  na: number;
}

/** An answer a roll-up could not count, with why; stored results should have none. */
export interface RejectedAnswer {
  pointId: string | number;
  standardCode: string;
  code: AnswerProblemCode;
  message: string;
}

/** Result of {@link rollUp}: cells by key in first-seen order, and the answers skipped. */
export interface RollUp {
  cells: Map<string, RateCell>;
  rejected: RejectedAnswer[];
}

/** 得分率, or null when 应得分 is 0 (nothing to score, e.g. all "not applicable"). */
export function rateOf(earned: number, possible: number): number | null {
  return possible > 0 ? earned / possible : null;
}

/** Ready-made key functions for the groupings of DOMAIN.md §3.1. Null keys are skipped. */
export const GROUP_BY = {
  standard: (a: ScoredAnswer) => a.standard.code,
  content: (a: ScoredAnswer) => a.lineage.content,
  indicator: (a: ScoredAnswer) => a.lineage.indicator,
  item: (a: ScoredAnswer) => a.lineage.item,
  point: (a: ScoredAnswer) => String(a.result.pointId),
  pointType: (a: ScoredAnswer) => a.result.pointType,
  unit: (a: ScoredAnswer) => (a.result.unitId === undefined || a.result.unitId === null ? null : String(a.result.unitId)),
  district: (a: ScoredAnswer) => (a.result.districtId === undefined || a.result.districtId === null ? null : String(a.result.districtId)),
  all: () => 'all',
} as const;

/**
 * 实得分, 应得分 and 得分率 per key. `groupBy` maps each scored answer to a key (or
 * null to leave it out), so services can group by standard, point, type, indicator,
 * item, unit, district, week, or any combination (e.g. `${district}|${item}`).
 * Answers that cannot be scored (unknown standard, not applicable to the point's
 * type, bad score) are skipped and listed in `rejected` instead of aborting a report.
 */
export function rollUp<R extends InspectionResult>(
  results: readonly R[],
  framework: Framework,
  groupBy: (a: ScoredAnswer<R>) => string | null,
): RollUp {
  const cells = new Map<string, RateCell>();
  const rejected: RejectedAnswer[] = [];
  for (const result of results) {
    for (const answer of result.answers) {
      const node = framework.byCode.get(answer.standardCode);
      if (!node || node.level !== 'standard') {
        rejected.push({
          pointId: result.pointId,
          standardCode: answer.standardCode,
          code: 'unknown_standard',
          message: `no standard ${answer.standardCode} in the framework`,
        });
        continue;
      }
      const standard = node as StandardNode;
      const s = scoreAnswer(standard, answer, { pointType: result.pointType });
      if (!s.ok) {
        rejected.push({ pointId: result.pointId, standardCode: answer.standardCode, code: s.code, message: s.message });
        continue;
      }
      const scored: ScoredAnswer<R> = {
        result,
        answer,
        standard,
        lineage: framework.lineage.get(standard.code) as Lineage,
        earned: s.earned,
        possible: s.possible,
      };
      const key = groupBy(scored);
      if (key === null) continue;
      const cell = cells.get(key) ?? { key, earned: 0, possible: 0, rate: null, answered: 0, na: 0 };
      cell.earned += s.earned;
      cell.possible += s.possible;
      if (answer.answer === 'na') cell.na += 1;
      else cell.answered += 1;
      cells.set(key, cell);
    }
  }
  for (const cell of cells.values()) cell.rate = rateOf(cell.earned, cell.possible);
  return { cells, rejected };
}

/** Result of {@link simulatedIndex}. */
export interface SimulatedIndex {
  /** 0–100; null when no item has a rate. */
  index: number | null;
  /** Sum of the weights of the items that have a rate (100 = full coverage). */
  coveredWeight: number;
  /** Items without a rate, in framework order, so the page can say what is missing. */
  missingItems: string[];
}

/** The item weights of a framework: the ones it carries, or equal shares when it has none. */
export function itemWeights(framework: Framework): Record<string, number> {
  const items = framework.children.get(null) ?? [];
  const carried = items.every((n) => isNum(n.weight));
  return Object.fromEntries(items.map((n) => [n.code, carried ? (n.weight as number) : 100 / items.length]));
}

/** Problems of a set of item weights (every item, nothing else, each ≥ 0, summing to 100). */
export function checkItemWeights(framework: Framework, weights: Readonly<Record<string, number>>): string[] {
  const items = (framework.children.get(null) ?? []).map((n) => n.code);
  const out: string[] = [];
  for (const c of items) if (!(c in weights)) out.push(`no weight for item ${c}`);
  for (const [c, w] of Object.entries(weights)) {
    if (!items.includes(c)) out.push(`${c} is not an item of the framework`);
    else if (!isNum(w) || w < 0) out.push(`the weight of ${c} must be a number ≥ 0`);
  }
  const sum = Object.values(weights).reduce((s, w) => s + w, 0);
  if (out.length === 0 && Math.abs(sum - 100) > WEIGHT_SUM_TOLERANCE) out.push(`item weights sum to ${sum}, not 100`);
  return out;
}

/**
 * A district's simulated evaluation index: Σ weight·rate over items, on 0–100.
 * Items without a rate (nothing inspected yet) are left out and the remaining
 * weights rescaled to 100, rather than counted as 0, so that a district is not
 * ranked last for a gap in the plan; `coveredWeight` and `missingItems` make that
 * visible. Weights default to the framework's ({@link itemWeights}).
 * Throws RangeError on invalid weights, unknown items or rates outside 0..1.
 */
export function simulatedIndex(
  framework: Framework,
  ratesByItem: ReadonlyMap<string, number | null> | Readonly<Record<string, number | null>>,
  weights: Readonly<Record<string, number>> = itemWeights(framework),
): SimulatedIndex {
  const bad = checkItemWeights(framework, weights);
  if (bad.length > 0) throw new RangeError(bad.join('; '));
  const rates: ReadonlyMap<string, number | null> = ratesByItem instanceof Map ? ratesByItem : new Map(Object.entries(ratesByItem));
  for (const [code, r] of rates) {
    if (!(code in weights)) throw new RangeError(`${code} is not an item of the framework`);
    if (r !== null && (!isNum(r) || r < 0 || r > 1)) throw new RangeError(`the rate of ${code} must be within 0..1`);
  }
  let covered = 0;
  let sum = 0;
  const missingItems: string[] = [];
  for (const n of framework.children.get(null) ?? []) {
    const r = rates.get(n.code);
    const w = weights[n.code] as number;
    if (r === undefined || r === null) missingItems.push(n.code);
    else {
      covered += w;
      sum += w * r;
    }
  }
  return { index: covered > 0 ? (100 * sum) / covered : null, coveredWeight: covered, missingItems };
}

/** The three parts of the annual scheme, as rates 0..1. */
export interface AnnualParts {
  /** 网上材料 (online submissions). */
  online: number;
  /** 实地测评 (field inspections). */
  field: number;
  /** 问卷调查 (questionnaire survey). */
  survey: number;
}

/** 年度分 = 网上材料 40 + 实地测评 40 + 问卷调查 20 (DOMAIN.md §3.1). */
export const DEFAULT_ANNUAL_WEIGHTS: Readonly<AnnualParts> = { online: 40, field: 40, survey: 20 };

/** 0.15·Y1 + 0.25·Y2 + 0.60·Y3, oldest year first (DOMAIN.md §3.1). */
export const DEFAULT_CYCLE_WEIGHTS: readonly number[] = [0.15, 0.25, 0.6];

function checkWeightList(weights: readonly number[], total: number, what: string): string[] {
  const out: string[] = [];
  weights.forEach((w, i) => {
    if (!isNum(w) || w < 0) out.push(`${what} weight #${i + 1} must be a number ≥ 0`);
  });
  const sum = weights.reduce((s, w) => s + w, 0);
  if (out.length === 0 && Math.abs(sum - total) > WEIGHT_SUM_TOLERANCE) out.push(`${what} weights sum to ${sum}, not ${total}`);
  return out;
}

/** Problems of annual weights: each ≥ 0, summing to 100 (within 1e-9). */
export function checkAnnualWeights(weights: Readonly<AnnualParts>): string[] {
  return checkWeightList([weights.online, weights.field, weights.survey], 100, 'annual');
}

/** Problems of cycle weights: at least one, each ≥ 0, summing to 1 (within 1e-9). */
export function checkCycleWeights(weights: readonly number[]): string[] {
  return weights.length === 0 ? ['at least one cycle weight is needed'] : checkWeightList(weights, 1, 'cycle');
}

/**
 * 年度分 on 0–100 from the three parts' rates (0..1). Throws RangeError on invalid
 * weights or a rate outside 0..1, because either is a configuration or data bug.
 */
export function annualScore(parts: Readonly<AnnualParts>, weights: Readonly<AnnualParts> = DEFAULT_ANNUAL_WEIGHTS): number {
  const bad = checkAnnualWeights(weights);
  if (bad.length > 0) throw new RangeError(bad.join('; '));
  for (const k of ['online', 'field', 'survey'] as const) {
    if (!isNum(parts[k]) || parts[k] < 0 || parts[k] > 1) throw new RangeError(`${k} must be a rate within 0..1`);
  }
  return weights.online * parts.online + weights.field * parts.field + weights.survey * parts.survey;
}

/**
 * The cycle score from annual scores (0–100), oldest first, one per weight.
 * Throws RangeError on invalid weights, a count mismatch, or a score outside 0–100.
 */
export function cycleScore(years: readonly number[], weights: readonly number[] = DEFAULT_CYCLE_WEIGHTS): number {
  const bad = checkCycleWeights(weights);
  if (bad.length > 0) throw new RangeError(bad.join('; '));
  if (years.length !== weights.length) throw new RangeError(`${weights.length} annual scores are needed, got ${years.length}`);
  return years.reduce((s, y, i) => {
    if (!isNum(y) || y < 0 || y > 100) throw new RangeError(`annual score #${i + 1} must be within 0..100`);
    return s + (weights[i] as number) * y;
  }, 0);
}
