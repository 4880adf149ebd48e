import { ANNUAL_PART_OF_METHOD, ANNUAL_PARTS, type AnnualPart, type Method } from '../../shared/evaluation-enums.js';
import { checkAnnualWeights, DEFAULT_ANNUAL_WEIGHTS, type AnnualParts } from './scoring.js';

/**
 * The annual scheme (DOMAIN.md §3.1) estimated from inspections: 年度分 =
 * 网上材料 40 + 实地测评 40 + 问卷调查 20 (weights configurable per campaign).
 *
 * Each part's rate is the 得分率 of the standards whose method feeds it
 * ({@link ANNUAL_PART_OF_METHOD}): 网上申报 (online) and 材料审核 (material) →
 * 网上材料; 实地考察 (field) → 实地测评; 问卷调查 (survey) → 问卷调查.
 *
 * A part without data (no standard of that method was answered in the period) is
 * left out and the other weights rescaled to 100, as the simulated index does with
 * items: an estimate from what was measured, not a zero for what was not. The
 * estimate says which parts are missing and how much weight it stands on, so a page
 * can show "based on 实地测评 only (40 of 100)".
 */

/** The annual part a standard of `method` feeds. */
export function annualPartOf(method: Method): AnnualPart {
  return ANNUAL_PART_OF_METHOD[method];
}

/** Result of {@link annualEstimate}. */
export interface AnnualEstimate {
  /** 0–100, rescaled to the parts with data; null when no part with weight > 0 has a rate. */
  score: number | null;
  /** Sum of the weights of the parts that have a rate (100 = every part measured). */
  coveredWeight: number;
  /** Parts without a rate, in scheme order. */
  missingParts: AnnualPart[];
}

const isRate = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x >= 0 && x <= 1;

/**
 * The annual score from the parts' rates (0..1, null = no data). With every part
 * present it equals `annualScore(parts, weights)`. Throws RangeError on invalid
 * weights or a rate outside 0..1 (a configuration or data bug, not user input).
 */
export function annualEstimate(
  rates: Readonly<Record<AnnualPart, number | null>>,
  weights: Readonly<AnnualParts> = DEFAULT_ANNUAL_WEIGHTS,
): AnnualEstimate {
  const bad = checkAnnualWeights(weights);
  if (bad.length > 0) throw new RangeError(bad.join('; '));
  let covered = 0;
  let sum = 0;
  const missingParts: AnnualPart[] = [];
  for (const part of ANNUAL_PARTS) {
    const r = rates[part];
    if (r === null || r === undefined) {
      missingParts.push(part);
      continue;
    }
    if (!isRate(r)) throw new RangeError(`${part} must be a rate within 0..1`);
    covered += weights[part];
    sum += weights[part] * r;
  }
  return { score: covered > 0 ? (100 * sum) / covered : null, coveredWeight: covered, missingParts };
}
