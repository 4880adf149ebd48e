/**
 * What HQ configures per campaign for the evaluation (DOMAIN.md §3.1): the weak-point
 * rule (N, threshold, K, M), how far from a point an inspection may be recorded before
 * it is flagged, how many points a day route holds, the item weights of the simulated index, and the weights of the
 * annual and cycle schemes. Stored as JSON on the campaign; anything not stored falls
 * back to the defaults here, so an old campaign keeps working when a setting is added.
 */
import { DEFAULT_MAX_POINTS_PER_DAY, MAX_POINTS_PER_DAY_LIMIT } from './routes.js';
import { DEFAULT_MAX_POSITION_METERS } from './sampling.js';
import { checkAnnualWeights, checkCycleWeights, DEFAULT_ANNUAL_WEIGHTS, DEFAULT_CYCLE_WEIGHTS } from './scoring.js';
import type { EvaluationSettings, EvaluationSettingsPatch } from '../../shared/contracts/campaigns.contract.js';
import { checkWeaknessRule, DEFAULT_WEAKNESS_RULE, type WeaknessRule } from './weak-points.js';

export type { EvaluationSettings, EvaluationSettingsPatch } from '../../shared/contracts/campaigns.contract.js';

/** The defaults a new campaign starts from. */
export const DEFAULT_EVALUATION_SETTINGS: Readonly<EvaluationSettings> = {
  weakness: { ...DEFAULT_WEAKNESS_RULE },
  maxPositionMeters: DEFAULT_MAX_POSITION_METERS,
  maxPointsPerDay: DEFAULT_MAX_POINTS_PER_DAY,
  itemWeights: null,
  annualWeights: { ...DEFAULT_ANNUAL_WEIGHTS },
  cycleWeights: [...DEFAULT_CYCLE_WEIGHTS],
};

/** A problem with a setting, naming its path (e.g. `weakness.lastN`). */
export interface SettingsProblem {
  field: string;
  message: string;
}

/** Settings with a patch applied; the result is not yet checked. */
export function applySettingsPatch(base: Readonly<EvaluationSettings>, patch: EvaluationSettingsPatch): EvaluationSettings {
  return {
    weakness: { ...base.weakness, ...(patch.weakness ?? {}) },
    maxPositionMeters: patch.maxPositionMeters ?? base.maxPositionMeters,
    maxPointsPerDay: patch.maxPointsPerDay ?? base.maxPointsPerDay,
    itemWeights: patch.itemWeights === undefined ? base.itemWeights : patch.itemWeights === null ? null : { ...patch.itemWeights },
    annualWeights: patch.annualWeights ? { ...patch.annualWeights } : { ...base.annualWeights },
    cycleWeights: patch.cycleWeights ? [...patch.cycleWeights] : [...base.cycleWeights],
  };
}

/**
 * Stored JSON (possibly from an older release, possibly partial) read as full
 * settings: unknown keys are dropped, missing ones take the defaults.
 */
export function settingsFromStored(stored: unknown): EvaluationSettings {
  const s = (stored && typeof stored === 'object' ? stored : {}) as EvaluationSettingsPatch;
  return applySettingsPatch(DEFAULT_EVALUATION_SETTINGS, s);
}

const WEAKNESS_FIELDS: Record<keyof WeaknessRule, string> = {
  lastN: 'lastN',
  rateThreshold: 'rateThreshold',
  minCases: 'minCases',
  caseWindowDays: 'caseWindowDays',
};

/**
 * Every problem of a full set of settings, each naming its field. `itemCodes` are the
 * items of the pinned framework, when there is one: weights must then name exactly
 * those items (a weight for an item the framework lacks is a typo, not a no-op).
 */
export function checkEvaluationSettings(s: EvaluationSettings, itemCodes?: readonly string[]): SettingsProblem[] {
  const out: SettingsProblem[] = [];
  for (const message of checkWeaknessRule(s.weakness)) {
    const key = (Object.keys(WEAKNESS_FIELDS) as (keyof WeaknessRule)[]).find((k) => message.startsWith(k));
    out.push({ field: `weakness.${key ?? 'rule'}`, message });
  }
  if (typeof s.maxPositionMeters !== 'number' || !Number.isFinite(s.maxPositionMeters) || s.maxPositionMeters <= 0) {
    out.push({ field: 'maxPositionMeters', message: 'must be a number of metres > 0' });
  }
  if (!Number.isInteger(s.maxPointsPerDay) || s.maxPointsPerDay < 1 || s.maxPointsPerDay > MAX_POINTS_PER_DAY_LIMIT) {
    out.push({ field: 'maxPointsPerDay', message: `must be a whole number of points from 1 to ${MAX_POINTS_PER_DAY_LIMIT}` });
  }
  if (s.itemWeights !== null) {
    const entries = Object.entries(s.itemWeights);
    if (entries.length === 0)
      out.push({ field: 'itemWeights', message: 'must name at least one item, or be null for the framework weights' });
    for (const [code, w] of entries) {
      if (typeof w !== 'number' || !Number.isFinite(w) || w < 0)
        out.push({ field: `itemWeights.${code}`, message: 'must be a number ≥ 0' });
      else if (itemCodes && !itemCodes.includes(code))
        out.push({ field: `itemWeights.${code}`, message: 'is not an item of the pinned framework' });
    }
    if (itemCodes)
      for (const code of itemCodes) if (!(code in s.itemWeights)) out.push({ field: `itemWeights.${code}`, message: 'has no weight' });
    const sum = entries.reduce((t, [, w]) => t + (typeof w === 'number' ? w : 0), 0);
    if (out.every((p) => !p.field.startsWith('itemWeights')) && Math.abs(sum - 100) > 1e-9)
      out.push({ field: 'itemWeights', message: `sum to ${sum}, not 100` });
  }
  for (const message of checkAnnualWeights(s.annualWeights)) out.push({ field: 'annualWeights', message });
  for (const message of checkCycleWeights(s.cycleWeights)) out.push({ field: 'cycleWeights', message });
  return out;
}
