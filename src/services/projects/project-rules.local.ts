/**
 * Stand-ins for the pure rules of major projects that src/domain/projects/ will hold (another
 * slice of issue 14 writes them at the same time). Each is small and marked so the merge can
 * swap in the domain's function; nothing outside src/services/projects imports this file.
 */
import { AppError, invalid } from '../../core/errors.js';
import { ratesOfStages } from '../../domain/projects/rates.js';
import { PROJECT_RATES, PROJECT_STAGES, type ProjectRate, type ProjectStage } from '../../shared/project-enums.js';

/** How a recorded stage moves a project: the following stage, over a stage, or back. */
export type StageMove = 'next' | 'skip' | 'back';

const ORDER = new Map<ProjectStage, number>(PROJECT_STAGES.map((s, i) => [s, i]));
const idx = (s: ProjectStage): number => ORDER.get(s) ?? -1;

/**
 * The move from `from` to `to`, or null when it is the same stage. 部分投产 is optional: going
 * from 开工 straight to 投产 is not a skip, nor is 部分投产 → 投产.
 * TODO(proj-domain): replace with src/domain/projects/stages.ts (classifyStageMove / decideStageChange)
 */
export function stageMove(from: ProjectStage, to: ProjectStage): StageMove | null {
  if (from === to) return null;
  if (idx(to) < idx(from)) return 'back';
  const between = PROJECT_STAGES.slice(idx(from) + 1, idx(to)).filter((s) => s !== 'partly_producing');
  return between.length ? 'skip' : 'next';
}

/**
 * Checks a stage the project unit records against the project's current stage and the day
 * (China calendar): 422 naming `stage` (the same stage again), `actualDate` (in the future, or
 * before the current stage's day when going forward) or `reason` (going back or skipping
 * without one). Returns the move.
 * TODO(proj-domain): replace with src/domain/projects/stages.ts (classifyStageMove / decideStageChange)
 */
export function checkStageRecord(input: {
  current: ProjectStage;
  currentDate: string | null;
  stage: ProjectStage;
  actualDate: string;
  reason: string | null;
  today: string;
}): StageMove {
  const move = stageMove(input.current, input.stage);
  if (!move) throw invalid('stage', `the project is already at this stage (${input.stage})`);
  if (input.actualDate > input.today) throw invalid('actualDate', `must not be in the future (today is ${input.today})`);
  if (move !== 'back' && input.currentDate && input.actualDate < input.currentDate)
    throw invalid('actualDate', `must not be before the day of the current stage (${input.currentDate})`);
  if (move !== 'next' && !input.reason)
    throw invalid('reason', move === 'back' ? 'going back to an earlier stage needs a reason' : 'skipping a stage needs a reason');
  return move;
}

/** A project for the rates: its investment (万元 × 100) and its confirmed stages with their days. */
export interface RateProject {
  investmentWanCents: number;
  stages: readonly { stage: ProjectStage; actualDate: string }[];
}

/**
 * The stage a project had reached on `asOf`: the last confirmed stage whose day is not after it
 * (stages in day order, so a stage gone back to counts from its own day); null before any.
 * TODO(proj-domain): replace with src/domain/projects/rates.ts (ratesAsOf) and stages.ts (stageAsOf)
 */
export function stageAsOf(stages: RateProject['stages'], asOf: string): ProjectStage | null {
  let out: ProjectStage | null = null;
  for (const s of stages) if (s.actualDate <= asOf) out = s.stage;
  return out;
}

/** One rate, count-based and investment-weighted (万元 × 100); null values for an empty denominator. */
export interface RateFigure {
  rate: ProjectRate;
  count: number;
  of: number;
  value: number | null;
  investmentWanCents: number;
  investmentOfWanCents: number;
  investmentValue: number | null;
}

/**
 * 履约率 = 履约/签约, 开工率 = 开工/履约, 投产率 = 投产/开工, 达产率 = 达产/投产 as of a day, by the
 * domain's formula (src/domain/projects/rates.ts ratesOfStages: a project at a later stage has
 * passed the earlier ones; 部分投产 counts as 开工, not 投产), over the stage each project had
 * reached on the day as this register records it (its last confirmed move, so a confirmed move
 * back counts from its own day).
 */
export function ratesAsOf(projects: readonly RateProject[], asOf: string): RateFigure[] {
  const rates = ratesOfStages(projects.map((p) => ({ investment: p.investmentWanCents, stage: stageAsOf(p.stages, asOf) })));
  return PROJECT_RATES.map((rate) => {
    const f = rates[rate];
    return {
      rate,
      count: f.numerator.count,
      of: f.denominator.count,
      value: f.byCount,
      investmentWanCents: f.numerator.investment,
      investmentOfWanCents: f.denominator.investment,
      investmentValue: f.byInvestment,
    };
  });
}

/**
 * 万元 (or 亩) with at most 2 decimals as an integer of hundredths; 422 naming `field` otherwise.
 * TODO(proj-domain): replace with src/domain/projects/ amounts helper if it defines one
 */
export function toHundredths(value: number, field: string): number {
  if (!Number.isFinite(value) || value < 0) throw invalid(field, 'must be a number ≥ 0');
  const h = Math.round(value * 100);
  if (Math.abs(h - value * 100) > 1e-6) throw invalid(field, 'at most 2 decimal places');
  if (h > Number.MAX_SAFE_INTEGER) throw new AppError(422, 'invalid_input', `${field}: too large`, { field });
  return h;
}

/** Hundredths back to the decimal the wire carries. */
export function fromHundredths(h: number): number {
  return Number(h) / 100;
}
