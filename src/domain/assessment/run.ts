/**
 * A results run (DOMAIN.md §3.5): every group of a model scored for one period, ranked,
 * compared with the previous period's published run and drawn into its 红黑榜. Pure: the
 * service reads the facts, the units and the previous run, and stores what this returns.
 */

import type { AssessmentModel, AssessmentRunGroup, AssessmentRunItem } from '../../shared/contracts/assessment.contract.js';
import type { UnitKind } from '../../shared/enums.js';
import type { Adjustment, UnitInputs } from './inputs.js';
import { rankChanges, redBlackLists } from './lists.js';
import { groupOfUnit } from './model-check.js';
import { scoreGroup } from './scoring.js';

/** A unit as the run needs it: its kind places it in a group, its name is shown. */
export interface RunUnit {
  id: number;
  name: string;
  kind: UnitKind;
}

/**
 * Scores every group of `model`. Units no group ranks are left out; a unit without facts
 * gets empty inputs (and so no score). `previous` is the previous period's published run
 * (its groups), matched by group key; a group new to the model has every unit `new`.
 *
 * @returns the groups in the model's order, each with every member best first (with its
 *   explanation) and its red and black lists.
 */
export function computeRunGroups(
  model: AssessmentModel,
  units: readonly RunUnit[],
  inputs: ReadonlyMap<number, UnitInputs>,
  adjustments: readonly Adjustment[],
  previous: readonly AssessmentRunGroup[] = [],
): AssessmentRunGroup[] {
  const members = new Map<string, RunUnit[]>(model.groups.map((g) => [g.key, []]));
  for (const u of units) {
    const g = groupOfUnit(model, u);
    if (g) members.get(g.key)!.push(u);
  }
  return model.groups.map((group): AssessmentRunGroup => {
    const us = members.get(group.key)!;
    const names = new Map(us.map((u) => [u.id, u.name]));
    const scores = scoreGroup(
      group,
      us.map((u) => inputs.get(u.id) ?? { unitId: u.id, cases: [], inspections: [], letters: [] }),
      adjustments,
    );
    const before = previous.find((p) => p.key === group.key)?.items ?? [];
    const changes = new Map(rankChanges(scores, before).map((c) => [c.unitId, c]));
    const lists = redBlackLists(group.lists, scores);
    const listOf = new Map(lists.map((l) => [l.unitId, l.list]));
    return {
      key: group.key,
      name: group.name,
      items: scores.map((s): AssessmentRunItem => ({
        unitId: s.unitId,
        unitName: names.get(s.unitId) ?? String(s.unitId),
        score: s.score,
        rank: s.rank,
        change: changes.get(s.unitId)!,
        list: listOf.get(s.unitId) ?? null,
        explained: true,
        parts: s.parts,
      })),
      lists: lists.map((l) => ({ ...l, unitName: names.get(l.unitId) ?? String(l.unitId) })),
    };
  });
}
