/**
 * Ranks within a group, moves against the previous period and the 红黑榜 (DOMAIN.md §3.5).
 * Pure functions over scores already computed by scoring.ts.
 */

import type { ListEntry, ListRule, RankChange } from '../../shared/contracts/assessment.contract.js';

export type { ListEntry, ListRule, RankChange };

/** A unit's score and rank, as scoring.ts returns them (null: no figure, not ranked). */
export interface Ranked {
  unitId: number;
  score: number | null;
  rank: number | null;
}

/**
 * Standard competition ranks ("1224") for `scores`, in the same order: a unit's rank is one
 * more than the number of units that scored strictly higher, so ties share a rank and the
 * next rank skips. Null scores (no figure) get no rank and do not push anyone down.
 */
export function competitionRanks(scores: readonly (number | null)[]): (number | null)[] {
  const rated = scores.filter((s): s is number => s !== null);
  return scores.map((s) => (s === null ? null : 1 + rated.filter((o) => o > s).length));
}

/**
 * Each unit's move against the previous period of the same kind: `places` is the previous
 * rank minus the current one (positive: climbed). A unit ranked now but not then is `new`;
 * a unit without a rank now is `unranked`. Ranks compare within the same group only, so
 * the caller passes the previous results of the same group.
 */
export function rankChanges(current: readonly Ranked[], previous: readonly Ranked[]): RankChange[] {
  const before = new Map(previous.map((p) => [p.unitId, p.rank]));
  return current.map(({ unitId, rank }): RankChange => {
    const previousRank = before.get(unitId) ?? null;
    if (rank === null) return { unitId, move: 'unranked', places: null, previousRank };
    if (previousRank === null) return { unitId, move: 'new', places: null, previousRank };
    const places = previousRank - rank;
    return { unitId, move: places > 0 ? 'up' : places < 0 ? 'down' : 'same', places, previousRank };
  });
}

/**
 * The group's red list (红榜, best) and black list (黑榜, worst) by its rule; units with no
 * figure are on neither.
 * - `rank`: red are the units ranked `red` or better (a tie at the boundary takes all tied
 *   units, so the list may be longer than N); black are the units with at most `black − 1`
 *   units scoring strictly lower (the same rule from the bottom). A unit that would be on
 *   both (a group smaller than red + black) is on the red list only.
 * - `threshold`: red scored at least `redMin`, black scored below `blackBelow` (≤ redMin).
 *
 * Red entries come best first, black entries worst first.
 */
export function redBlackLists(rule: ListRule, results: readonly Ranked[]): ListEntry[] {
  const rated = results.filter((r): r is Ranked & { score: number; rank: number } => r.score !== null && r.rank !== null);
  let red: typeof rated;
  let black: typeof rated;
  if (rule.kind === 'rank') {
    red = rule.red > 0 ? rated.filter((r) => r.rank <= rule.red) : [];
    const redIds = new Set(red.map((r) => r.unitId));
    black =
      rule.black > 0 ? rated.filter((r) => !redIds.has(r.unitId) && 1 + rated.filter((o) => o.score < r.score).length <= rule.black) : [];
  } else {
    red = rated.filter((r) => r.score >= rule.redMin);
    black = rated.filter((r) => r.score < rule.blackBelow);
  }
  const byBest = (a: (typeof rated)[number], b: (typeof rated)[number]) => b.score - a.score || a.unitId - b.unitId;
  return [
    ...[...red].sort(byBest).map((r): ListEntry => ({ unitId: r.unitId, list: 'red', rank: r.rank, score: r.score })),
    ...[...black]
      .sort((a, b) => a.score - b.score || a.unitId - b.unitId)
      .map((r): ListEntry => ({ unitId: r.unitId, list: 'black', rank: r.rank, score: r.score })),
  ];
}
