/**
 * Scoring a group of units for one period (考核, DOMAIN.md §3.5), with the explanation of
 * every score. The formulas (each part in points):
 *
 * - Weighted components share 100 points by their weights. A component with no figure
 *   (no inspection, no case) is left out and its weight shared out over the others in
 *   proportion (effective weight = weight × 100 / Σ weights with a figure); a unit with no
 *   figure for any weighted component has no score and no rank.
 * - evaluation = effective weight × mean 得分率 of its inspections; one line per inspection.
 * - cases = effective weight × (sOn·按期处置率 + sCl·结案率 + sRw·(1 − min(1, 返工率))) / Σ s,
 *   summing only the sub-weights s whose rate has a figure, where, over the unit's cases
 *   (see CaseFact; owed = still unhandled and overdue at the end of the period):
 *   按期处置率 = handled on time / (handled + owed) — owed cases count as late;
 *   结案率 = closed / all cases — owed and still open cases count as not closed;
 *   返工率 = Σ reworks / cases ever handled — so piling up untouched cases never dilutes it.
 *   One line per case (its share of each rate); a 返工率 above 100 % gets a cap line.
 * - satisfaction = effective weight × (满意 + credit·基本满意) / rated, over the 回访 ratings of
 *   the unit's cases given in the period; one line per rating (its share: 1, credit or 0).
 * - letters = −Σ per letter (deduction of its rung + unansweredDeduction if unanswered past
 *   its reply date at period end), at most `cap` points in all (a cap line gives back the excess).
 * - bonus = pointsPerPercent × (按期结案率 in % − thresholdPercent) when positive, at most `cap`.
 * - adjustments = Σ HQ's 加减分; limit = what brings the total into [floor, cap].
 *
 * score = Σ parts, rounded half up to 2 decimals at the very end. The parts and lines are
 * shown rounded to 2 decimals such that they still add up exactly (apportion.ts).
 */

import type { AssessmentGroup, ExplanationLine, ScorePart, UnitScore } from '../../shared/contracts/assessment.contract.js';
import type { ScorePartKind } from '../../shared/assessment-enums.js';
import { SATISFACTION_LABELS, type SatisfactionRating } from '../../shared/public-enums.js';
import { apportionCents, toCents } from './apportion.js';
import type { Adjustment, CaseFact, RatingFact, UnitInputs } from './inputs.js';
import { competitionRanks } from './lists.js';
import type { AssessmentComponent, CasesComponent, LettersComponent, BonusComponent, SatisfactionComponent } from './model-check.js';

export type { ExplanationLine, ScorePart, UnitScore };

/** A line before rounding; `note` lines carry no points (rates, "no data") and are kept at 0. */
interface RawLine {
  kind: ExplanationLine['kind'];
  refId: number | null;
  label: string;
  raw: number;
}
interface RawPart {
  kind: ScorePartKind;
  weight: number | null;
  effectiveWeight: number | null;
  rate: number | null;
  lines: RawLine[];
}

const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;
const clamp01 = (x: number): number => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);
const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
const note = (label: string): RawLine => ({ kind: 'note', refId: null, label, raw: 0 });
const partRaw = (p: RawPart): number => sum(p.lines.map((l) => l.raw));

/** A case's facts made consistent: owed work is neither handled nor closed. */
function normalise(f: CaseFact) {
  const owed = f.overdueAtEnd;
  const closed = f.closed && !owed;
  const handled = (f.handled || closed) && !owed;
  const reworks = Number.isFinite(f.reworks) ? Math.max(0, Math.floor(f.reworks)) : 0;
  return {
    f,
    owed,
    handled,
    closed,
    onTime: handled && f.handledOnTime,
    closedOnTime: closed && f.closedOnTime,
    reworks,
    due: handled || owed,
    everHandled: handled || reworks > 0,
  };
}
type NormalCase = ReturnType<typeof normalise>;

/** The three case rates as fractions with their denominators; a rate with a zero denominator has no figure. */
function caseRates(cases: readonly NormalCase[]) {
  const onTimeDen = cases.filter((c) => c.due).length;
  const reworkDen = cases.filter((c) => c.everHandled).length;
  const reworks = sum(cases.map((c) => c.reworks));
  return {
    onTime: { num: cases.filter((c) => c.onTime).length, den: onTimeDen },
    closure: { num: cases.filter((c) => c.closed).length, den: cases.length },
    rework: { num: reworks, den: reworkDen },
  };
}

/** Σ of the cases sub-weights whose rate has a figure (0: the component has no figure). */
function casesWeightBase(c: CasesComponent, cases: readonly NormalCase[]): number {
  const r = caseRates(cases);
  return (r.onTime.den > 0 ? c.onTimeWeight : 0) + (r.closure.den > 0 ? c.closureWeight : 0) + (r.rework.den > 0 ? c.reworkWeight : 0);
}

function caseLabel(c: NormalCase): string {
  const state = c.owed ? '逾期未处置' : c.handled ? (c.onTime ? '按期处置' : '超期处置') : '未到期未处置';
  return [c.f.label, state, c.closed ? '已结案' : '', c.reworks > 0 ? `返工${c.reworks}次` : ''].filter(Boolean).join('，');
}

function casesPart(c: CasesComponent, cases: readonly NormalCase[], eff: number): RawPart {
  const r = caseRates(cases);
  const base = casesWeightBase(c, cases);
  const sOn = r.onTime.den > 0 ? c.onTimeWeight : 0;
  const sRw = r.rework.den > 0 ? c.reworkWeight : 0;
  const reworkRate = r.rework.den > 0 ? r.rework.num / r.rework.den : 0;
  const rate =
    ((r.onTime.den > 0 ? sOn * (r.onTime.num / r.onTime.den) : 0) +
      c.closureWeight * (r.closure.num / r.closure.den) +
      sRw * (1 - Math.min(1, reworkRate))) /
    base;
  const k = eff / base;
  const lines: RawLine[] = [
    note(
      r.onTime.den > 0 ? `按期处置率 ${r.onTime.num}/${r.onTime.den} = ${pct(r.onTime.num / r.onTime.den)}` : '按期处置率：无应处置案件',
    ),
    note(`结案率 ${r.closure.num}/${r.closure.den} = ${pct(r.closure.num / r.closure.den)}`),
    note(r.rework.den > 0 ? `返工率 ${r.rework.num}/${r.rework.den} = ${pct(reworkRate)}` : '返工率：无已处置案件'),
    ...cases.map((cs): RawLine => ({
      kind: 'case',
      refId: cs.f.id,
      label: caseLabel(cs),
      raw:
        k *
        ((cs.due ? (sOn * (cs.onTime ? 1 : 0)) / r.onTime.den : 0) +
          (c.closureWeight * (cs.closed ? 1 : 0)) / r.closure.den +
          (cs.everHandled ? (sRw * (1 - cs.reworks)) / r.rework.den : 0)),
    })),
  ];
  if (reworkRate > 1) lines.push({ kind: 'cap', refId: null, label: '返工率超过100%，按100%计', raw: k * sRw * (reworkRate - 1) });
  return { kind: 'cases', weight: c.weight, effectiveWeight: eff, rate, lines };
}

/** What one rating is worth towards the rate: 满意 1, 基本满意 the model's credit, 不满意 0. */
function ratingValue(c: SatisfactionComponent, r: SatisfactionRating): number {
  return r === 'satisfied' ? 1 : r === 'basically_satisfied' ? clamp01(c.basicallySatisfiedCredit) : 0;
}

function satisfactionPart(c: SatisfactionComponent, ratings: readonly RatingFact[], eff: number): RawPart {
  const n = ratings.length;
  const count = (r: SatisfactionRating) => ratings.filter((x) => x.rating === r).length;
  const rate = sum(ratings.map((x) => ratingValue(c, x.rating))) / n;
  const credit = clamp01(c.basicallySatisfiedCredit);
  const formula = credit === 1 ? '(满意 + 基本满意)' : `(满意 + ${credit} × 基本满意)`;
  const lines: RawLine[] = [
    note(
      `满意率 ${formula} / 回访 = (${count('satisfied')} + ${credit === 1 ? '' : `${credit} × `}${count('basically_satisfied')}) / ${n} = ${pct(rate)}`,
    ),
    ...ratings.map((x): RawLine => ({
      kind: 'case',
      refId: x.id,
      label: `${x.label}：${SATISFACTION_LABELS[x.rating].zh}`,
      raw: (eff * ratingValue(c, x.rating)) / n,
    })),
  ];
  return { kind: 'satisfaction', weight: c.weight, effectiveWeight: eff, rate, lines };
}

function lettersPart(c: LettersComponent, u: UnitInputs): RawPart {
  const lines: RawLine[] = u.letters.map((l) => {
    const perRung = c.deductions[l.rungKey] ?? 0;
    const late = l.unansweredAtEnd ? c.unansweredDeduction : 0;
    return { kind: 'letter', refId: l.id, label: `${l.label}${l.unansweredAtEnd ? '（逾期未复）' : ''}`, raw: -(perRung + late) };
  });
  const deducted = -sum(lines.map((l) => l.raw));
  if (deducted > c.cap) lines.push({ kind: 'cap', refId: null, label: `函件扣分以 ${c.cap} 分为限`, raw: deducted - c.cap });
  if (lines.length === 0) lines.push(note('本期未收到督办函件'));
  return { kind: 'letters', weight: null, effectiveWeight: null, rate: null, lines };
}

function bonusPart(c: BonusComponent, cases: readonly NormalCase[]): RawPart {
  const part: RawPart = { kind: 'bonus', weight: null, effectiveWeight: null, rate: null, lines: [] };
  if (cases.length === 0) return { ...part, lines: [note('本期无案件，不加分')] };
  const rate = cases.filter((cs) => cs.closedOnTime).length / cases.length;
  const excess = rate * 100 - c.thresholdPercent;
  if (excess <= 0) return { ...part, rate, lines: [note(`按期结案率 ${pct(rate)}，未超过 ${c.thresholdPercent}%`)] };
  const raw = excess * c.pointsPerPercent;
  const lines: RawLine[] = [
    {
      kind: 'rate',
      refId: null,
      label: `按期结案率 ${pct(rate)}，超过 ${c.thresholdPercent}% 共 ${excess.toFixed(2)} 个百分点 × ${c.pointsPerPercent} 分`,
      raw,
    },
  ];
  if (raw > c.cap) lines.push({ kind: 'cap', refId: null, label: `加分以 ${c.cap} 分为限`, raw: c.cap - raw });
  return { ...part, rate, lines };
}

const isWeighted = (c: AssessmentComponent): c is Extract<AssessmentComponent, { weight: number }> =>
  c.kind === 'evaluation' || c.kind === 'cases' || c.kind === 'satisfaction';

/** How a weighted component's missing data is named in its note. */
const NO_DATA: Record<Extract<AssessmentComponent, { weight: number }>['kind'], string> = {
  evaluation: '测评',
  cases: '案件',
  satisfaction: '回访评价',
};

/** The unrounded parts of a unit's score, or null parts when it has no figure at all. */
function rawParts(group: AssessmentGroup, u: UnitInputs, adjustments: readonly Adjustment[]): RawPart[] | null {
  const cases = u.cases.map(normalise);
  const ratings = u.ratings ?? [];
  const hasFigure = (c: AssessmentComponent): boolean =>
    c.kind === 'evaluation'
      ? u.inspections.length > 0
      : c.kind === 'cases'
        ? casesWeightBase(c, cases) > 0
        : c.kind === 'satisfaction'
          ? ratings.length > 0
          : false;
  const weighted = group.components.filter(isWeighted);
  const figured = sum(weighted.filter(hasFigure).map((c) => c.weight));
  if (figured <= 0) return null;
  const parts = group.components.map((c): RawPart => {
    if (isWeighted(c) && !hasFigure(c))
      return {
        kind: c.kind,
        weight: c.weight,
        effectiveWeight: 0,
        rate: null,
        lines: [note(`本期无${NO_DATA[c.kind]}数据，权重分摊至其他指标`)],
      };
    const eff = isWeighted(c) ? (c.weight * 100) / figured : 0;
    switch (c.kind) {
      case 'evaluation': {
        const n = u.inspections.length;
        const lines = u.inspections.map((i): RawLine => ({
          kind: 'inspection',
          refId: i.id,
          label: `${i.label}：得分率 ${pct(clamp01(i.rate))}`,
          raw: (eff * clamp01(i.rate)) / n,
        }));
        return {
          kind: 'evaluation',
          weight: c.weight,
          effectiveWeight: eff,
          rate: sum(u.inspections.map((i) => clamp01(i.rate))) / n,
          lines,
        };
      }
      case 'cases':
        return casesPart(c, cases, eff);
      case 'satisfaction':
        return satisfactionPart(c, ratings, eff);
      case 'letters':
        return lettersPart(c, u);
      case 'bonus':
        return bonusPart(c, cases);
    }
  });
  if (adjustments.length > 0)
    parts.push({
      kind: 'adjustments',
      weight: null,
      effectiveWeight: null,
      rate: null,
      lines: adjustments.map((a) => ({ kind: 'adjustment', refId: a.id, label: a.reason, raw: a.points })),
    });
  const total = sum(parts.map(partRaw));
  const { floor, cap } = group.total;
  if (total > cap || total < floor) {
    const line: RawLine =
      total > cap
        ? { kind: 'cap', refId: null, label: `总分封顶 ${cap} 分`, raw: cap - total }
        : { kind: 'floor', refId: null, label: `总分保底 ${floor} 分`, raw: floor - total };
    parts.push({ kind: 'limit', weight: null, effectiveWeight: null, rate: null, lines: [line] });
  }
  return parts;
}

/** Rounds the parts so that lines add up to parts and parts to `scoreCents`, exactly. */
function rounded(parts: readonly RawPart[], scoreCents: number): ScorePart[] {
  const counted = (p: RawPart) => p.lines.filter((l) => l.kind !== 'note');
  // Only parts with lines that carry points take a share, so that every share has lines to go to.
  const sharing = parts.filter((p) => counted(p).length > 0);
  const shares = apportionCents(sharing.map(partRaw), scoreCents);
  const partCents = parts.map((p) => {
    const k = sharing.indexOf(p);
    return k < 0 ? 0 : shares[k]!;
  });
  return parts.map((p, i): ScorePart => {
    const lines = counted(p);
    const lineCents = apportionCents(
      lines.map((l) => l.raw),
      partCents[i]!,
    );
    const cents = new Map(lines.map((l, j) => [l, lineCents[j]!]));
    return {
      kind: p.kind,
      weight: p.weight,
      effectiveWeight: p.effectiveWeight,
      rate: p.rate,
      points: partCents[i]! / 100,
      lines: p.lines.map((l) => ({ kind: l.kind, refId: l.refId, label: l.label, points: (cents.get(l) ?? 0) / 100 })),
    };
  });
}

/**
 * Scores, ranks and explains every unit of one group for one period.
 *
 * @param group the group's configuration (from a model that passed checkAssessmentModel).
 * @param inputs one entry per unit of the group, with the facts of the period.
 * @param adjustments HQ's approved 加减分 for the period; those of other units are ignored.
 * @returns one result per unit, best first (ties and unranked units by unit id): the score
 *   rounded to 2 decimals (null without any figure), the competition rank ("1224") and the
 *   parts, whose `points` add up to the score and whose lines add up to each part, exactly
 *   in hundredths.
 */
export function scoreGroup(group: AssessmentGroup, inputs: readonly UnitInputs[], adjustments: readonly Adjustment[] = []): UnitScore[] {
  const scored = inputs.map((u) => {
    const parts = rawParts(
      group,
      u,
      adjustments.filter((a) => a.unitId === u.unitId),
    );
    if (parts === null) {
      const none = group.components.filter(isWeighted).map((c): ScorePart => ({
        kind: c.kind,
        weight: c.weight,
        effectiveWeight: 0,
        rate: null,
        points: 0,
        lines: [{ kind: 'note', refId: null, label: '本期无数据', points: 0 }],
      }));
      return { unitId: u.unitId, score: null, parts: none };
    }
    const { floor, cap } = group.total;
    const cents = toCents(Math.min(cap, Math.max(floor, sum(parts.map(partRaw)))));
    return { unitId: u.unitId, score: cents / 100, parts: rounded(parts, cents) };
  });
  const ranks = competitionRanks(scored.map((s) => s.score));
  return scored
    .map((s, i): UnitScore => ({ unitId: s.unitId, score: s.score, rank: ranks[i] ?? null, parts: s.parts }))
    .sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.unitId - b.unitId);
}
