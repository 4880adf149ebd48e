/**
 * The assessment model (考核, DOMAIN.md §3.5): per campaign and versioned, groups of units
 * ranked together, each with weighted components (evaluation 得分率, case indicators),
 * point components (letter deductions, on-time closure bonus), a floor and cap on the
 * total and a 红黑榜 rule. The shapes are wire shapes (src/shared/contracts/assessment.contract.ts);
 * this module holds their rules.
 *
 * The model is configuration typed in by HQ, so {@link checkAssessmentModel} is written
 * defensively against any JSON and names the offending field, ready for a 422.
 */

import type {
  AssessmentComponent,
  AssessmentGroup,
  AssessmentModel,
  AssessmentProblem,
  BonusComponent,
  CasesComponent,
  EvaluationComponent,
  LettersComponent,
  ListRule,
  SatisfactionComponent,
} from '../../shared/contracts/assessment.contract.js';
import { COMPONENT_KINDS, WEIGHTED_COMPONENT_KINDS, type ModelProblemCode } from '../../shared/assessment-enums.js';
import { UNIT_KINDS, type UnitKind } from '../../shared/enums.js';

export type {
  AssessmentComponent,
  AssessmentGroup,
  AssessmentModel,
  AssessmentProblem,
  BonusComponent,
  CasesComponent,
  EvaluationComponent,
  LettersComponent,
  ListRule,
  SatisfactionComponent,
};

/** A problem without its field: what is wrong (code, the values it quotes, the English sentence). */
export type ProblemDetail = Omit<AssessmentProblem, 'field'>;

/**
 * A problem's detail. The code and params are what clients translate; the English message
 * quotes the same params, so both say the same thing.
 */
export function problem(code: ModelProblemCode, message: string, params: AssessmentProblem['params'] = {}): ProblemDetail {
  return { code, params, message };
}

// Upper bounds only catch typos (an extra zero); they are far beyond any real use.
const MAX_GROUPS = 50;
const MAX_LIST_SIZE = 100;
const MAX_POINTS = 100;
const TOTAL_RANGE = { min: -100, max: 200 };
const KEY_PATTERN = /^[a-z][a-z0-9_-]{0,39}$/;
/** Weights are typed by people (e.g. 33.3 + 33.3 + 33.4); float sums need a little slack. */
const SUM_TOLERANCE = 1e-6;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const hasText = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;
const show = (v: unknown): string => JSON.stringify(v) ?? String(v);
const isWeighted = (kind: string): boolean => (WEIGHTED_COMPONENT_KINDS as readonly string[]).includes(kind);
/** A float sum as people typed it (no 99.99999999999999). */
const rounded = (n: number): number => Number(n.toFixed(6));

/** Problem with a number setting in [min, max] (whole when `whole`), or null. */
function numberProblem(v: unknown, min: number, max: number, whole = false): ProblemDetail | null {
  if (typeof v !== 'number' || !Number.isFinite(v)) return problem('not_a_number', `must be a number, got ${show(v)}`, { value: show(v) });
  if (whole && !Number.isInteger(v)) return problem('not_whole', `must be a whole number, got ${v}`, { value: v });
  if (v < min)
    return min === 0
      ? problem('negative', `must not be negative, got ${v}`, { value: v })
      : problem('below_min', `must be at least ${min}, got ${v}`, { min, value: v });
  if (v > max) return problem('above_max', `must be at most ${max}, got ${v}`, { max, value: v });
  return null;
}

/** A weight: a number in [0, 100] and not 0 (a component worth nothing is removed instead). */
function weightProblem(v: unknown): ProblemDetail | null {
  return numberProblem(v, 0, 100) ?? (v === 0 ? problem('weight_zero', 'must be more than 0; remove the component instead') : null);
}

type Add = (field: string, detail: ProblemDetail | null) => void;

/** An `Add` that prefixes `path` to the field and skips nulls. */
const adder =
  (path: string, out: AssessmentProblem[]): Add =>
  (field, detail) => {
    if (detail !== null) out.push({ field: `${path}${field}`, ...detail });
  };

function checkComponent(c: Record<string, unknown>, add: Add): void {
  switch (c.kind as AssessmentComponent['kind']) {
    case 'evaluation':
      add('.weight', weightProblem(c.weight));
      return;
    case 'cases': {
      add('.weight', weightProblem(c.weight));
      const subs = ['onTimeWeight', 'closureWeight', 'reworkWeight'] as const;
      const problems = subs.map((s) => numberProblem(c[s], 0, 100));
      subs.forEach((s, i) => add(`.${s}`, problems[i] ?? null));
      if (problems.every((p) => p === null)) {
        const raw = subs.reduce((a, s) => a + (c[s] as number), 0);
        const sum = rounded(raw);
        if (Math.abs(raw - 100) > SUM_TOLERANCE)
          add('', problem('cases_weights_sum', `onTimeWeight + closureWeight + reworkWeight must sum to 100, got ${sum}`, { sum }));
      }
      return;
    }
    case 'satisfaction':
      add('.weight', weightProblem(c.weight));
      add('.basicallySatisfiedCredit', numberProblem(c.basicallySatisfiedCredit, 0, 1));
      return;
    case 'letters': {
      if (!isObject(c.deductions))
        add('.deductions', problem('deductions_not_object', 'must be an object of points per rung key, e.g. {"reminder": 1}'));
      else
        for (const [key, v] of Object.entries(c.deductions)) {
          if (!KEY_PATTERN.test(key))
            add(`.deductions.${key}`, problem('rung_key_invalid', 'is not a rung key (lower-case letters, digits, _ or -)', { key }));
          else add(`.deductions.${key}`, numberProblem(v, 0, MAX_POINTS));
        }
      add('.unansweredDeduction', numberProblem(c.unansweredDeduction, 0, MAX_POINTS));
      add('.cap', numberProblem(c.cap, 0, MAX_POINTS));
      return;
    }
    case 'bonus':
      // A threshold of 100 % could never be exceeded: the bonus would be dead configuration.
      add('.thresholdPercent', numberProblem(c.thresholdPercent, 0, 99.99));
      add('.pointsPerPercent', numberProblem(c.pointsPerPercent, 0, MAX_POINTS));
      add('.cap', numberProblem(c.cap, 0, MAX_POINTS));
      return;
  }
}

function checkComponents(v: unknown, path: string, out: AssessmentProblem[]): void {
  const here = adder(path, out);
  if (!Array.isArray(v) || v.length === 0)
    return here(
      '',
      problem(
        'components_missing',
        'a group needs a list of components, at least one of them weighted (evaluation, cases or satisfaction)',
      ),
    );
  const seen = new Map<string, number>();
  let weightSum = 0;
  let weightsValid = true;
  let weighted = 0;
  v.forEach((c: unknown, j) => {
    const add = adder(`${path}[${j}]`, out);
    if (!isObject(c)) return add('', problem('component_not_object', 'a component must be an object with a kind'));
    if (typeof c.kind !== 'string' || !(COMPONENT_KINDS as readonly string[]).includes(c.kind))
      return add(
        '.kind',
        problem('component_kind_unknown', `unknown component kind ${show(c.kind)}; expected one of ${COMPONENT_KINDS.join(', ')}`, {
          kind: show(c.kind),
        }),
      );
    const other = seen.get(c.kind);
    if (other !== undefined)
      return add(
        '.kind',
        problem('duplicate_component', `duplicate component ${c.kind} (also ${path}[${other}])`, { kind: c.kind, other }),
      );
    seen.set(c.kind, j);
    checkComponent(c, add);
    if (isWeighted(c.kind)) {
      weighted++;
      if (numberProblem(c.weight, 0, 100) === null) weightSum += c.weight as number;
      else weightsValid = false;
    }
  });
  const sum = rounded(weightSum);
  if (weighted === 0 && seen.size > 0)
    here('', problem('weighted_missing', 'at least one weighted component (evaluation, cases or satisfaction) is needed'));
  else if (weighted > 0 && weightsValid && Math.abs(weightSum - 100) > SUM_TOLERANCE)
    here('', problem('weights_sum', `the weights of evaluation, cases and satisfaction must sum to 100, got ${sum}`, { sum }));
}

function checkTotal(v: unknown, path: string, out: AssessmentProblem[]): void {
  const add = adder(path, out);
  if (!isObject(v)) return add('', problem('total_not_object', 'must be an object with floor and cap, e.g. {"floor": 0, "cap": 100}'));
  const fp = numberProblem(v.floor, TOTAL_RANGE.min, TOTAL_RANGE.max);
  const cp = numberProblem(v.cap, TOTAL_RANGE.min, TOTAL_RANGE.max);
  add('.floor', fp);
  add('.cap', cp);
  if (fp === null && cp === null && (v.floor as number) >= (v.cap as number))
    add(
      '.cap',
      problem('cap_below_floor', `must be above the floor (${String(v.floor)}), got ${String(v.cap)}`, {
        floor: v.floor as number,
        cap: v.cap as number,
      }),
    );
}

function checkLists(v: unknown, path: string, out: AssessmentProblem[]): void {
  const add = adder(path, out);
  if (!isObject(v))
    return add(
      '',
      problem('lists_not_object', 'must be a 红黑榜 rule: {"kind": "rank", "red": 3, "black": 3} or {"kind": "threshold", ...}'),
    );
  if (v.kind === 'rank') {
    add('.red', numberProblem(v.red, 0, MAX_LIST_SIZE, true));
    add('.black', numberProblem(v.black, 0, MAX_LIST_SIZE, true));
  } else if (v.kind === 'threshold') {
    const rp = numberProblem(v.redMin, TOTAL_RANGE.min, TOTAL_RANGE.max);
    const bp = numberProblem(v.blackBelow, TOTAL_RANGE.min, TOTAL_RANGE.max);
    add('.redMin', rp);
    add('.blackBelow', bp);
    // Otherwise one score could put a unit on both lists.
    if (rp === null && bp === null && (v.blackBelow as number) > (v.redMin as number))
      add(
        '.blackBelow',
        problem('black_above_red', `must not be above redMin (${String(v.redMin)}), got ${String(v.blackBelow)}`, {
          redMin: v.redMin as number,
          blackBelow: v.blackBelow as number,
        }),
      );
  } else
    add('.kind', problem('list_kind_unknown', `unknown list rule ${show(v.kind)}; expected rank or threshold`, { kind: show(v.kind) }));
}

interface Claims {
  kinds: Map<string, number>;
  ids: Map<number, number>;
}

/** The problem of a unit id (a whole number ≥ 1), or null; the service also bounds it above. */
function unitIdProblem(id: unknown): ProblemDetail | null {
  return typeof id !== 'number' || !Number.isInteger(id) || id < 1
    ? problem('unit_id_invalid', `must be a unit id, got ${show(id)}`, { value: show(id) })
    : null;
}

function checkMembers(v: unknown, path: string, g: number, claims: Claims, out: AssessmentProblem[]): void {
  const add = adder(path, out);
  if (!isObject(v)) return add('', problem('members_not_object', 'must be an object with unitKinds and unitIds'));
  const kinds: unknown = v.unitKinds;
  const ids: unknown = v.unitIds;
  if (!Array.isArray(kinds)) add('.unitKinds', problem('unit_kinds_not_list', 'must be a list of unit kinds (may be empty)'));
  else
    kinds.forEach((k: unknown, j) => {
      const f = `.unitKinds[${j}]`;
      const group = claims.kinds.get(k as string);
      if (typeof k !== 'string' || !(UNIT_KINDS as readonly string[]).includes(k))
        add(f, problem('unit_kind_unknown', `unknown unit kind ${show(k)}; expected one of ${UNIT_KINDS.join(', ')}`, { kind: show(k) }));
      else if (group !== undefined)
        add(
          f,
          problem('unit_kind_taken', `unit kind ${k} is already ranked in groups[${group}]; a unit is ranked in one group`, {
            kind: k,
            group,
          }),
        );
      else claims.kinds.set(k, g);
    });
  if (!Array.isArray(ids)) add('.unitIds', problem('unit_ids_not_list', 'must be a list of unit ids (may be empty)'));
  else
    ids.forEach((id: unknown, j) => {
      const f = `.unitIds[${j}]`;
      const bad = unitIdProblem(id);
      const group = claims.ids.get(id as number);
      if (bad !== null) add(f, bad);
      else if (group !== undefined)
        add(
          f,
          problem('unit_taken', `unit ${id as number} is already ranked in groups[${group}]; a unit is ranked in one group`, {
            unit: id as number,
            group,
          }),
        );
      else claims.ids.set(id as number, g);
    });
  if (Array.isArray(kinds) && Array.isArray(ids) && kinds.length === 0 && ids.length === 0)
    add('', problem('members_empty', 'a group needs members: unit kinds, unit ids or both'));
}

/**
 * Every problem with an assessment model, empty when it can be saved. Checks, each naming
 * its field path: a version ≥ 1 and a name; 1–50 groups, each with a unique key, a name,
 * members (unit kinds and/or unit ids; no kind and no unit in two groups, so every unit is
 * ranked once), components of known kinds, each kind at most once, at least one weighted
 * (evaluation, cases, satisfaction) with weights in (0, 100] summing to 100, the cases
 * sub-weights summing to 100, a 基本满意 credit in [0, 1], non-negative deductions, bonus and caps; a total floor below its cap; and a 红黑榜
 * rule (whole counts for `rank`, `blackBelow` ≤ `redMin` for `threshold`). Each problem
 * carries a code from MODEL_PROBLEM_CODES and the values it quotes.
 *
 * @param model untrusted input (parsed JSON).
 */
export function checkAssessmentModel(model: unknown): AssessmentProblem[] {
  const out: AssessmentProblem[] = [];
  const add = adder('', out);
  if (!isObject(model))
    return [{ field: '', ...problem('model_not_object', 'an assessment model must be an object with version, name and groups') }];
  add('version', numberProblem(model.version, 1, Number.MAX_SAFE_INTEGER, true));
  if (!hasText(model.name)) add('name', problem('name_missing', 'the model needs a name'));
  const groups: unknown = model.groups;
  if (!Array.isArray(groups) || groups.length === 0) {
    add('groups', problem('groups_missing', 'a model needs at least one group of units'));
    return out;
  }
  if (groups.length > MAX_GROUPS) {
    add('groups', problem('groups_too_many', `a model has at most ${MAX_GROUPS} groups`, { max: MAX_GROUPS }));
    return out;
  }
  const keys = new Map<string, number>();
  const claims: Claims = { kinds: new Map(), ids: new Map() };
  groups.forEach((g: unknown, i) => {
    const path = `groups[${i}]`;
    if (!isObject(g)) return add(path, problem('group_not_object', 'a group must be an object'));
    const other = keys.get(g.key as string);
    if (typeof g.key !== 'string' || !KEY_PATTERN.test(g.key))
      add(`${path}.key`, problem('key_invalid', 'the key must be 1–40 lower-case letters, digits, _ or -, starting with a letter'));
    else if (other !== undefined)
      add(`${path}.key`, problem('duplicate_key', `duplicate key ${g.key} (also groups[${other}])`, { key: g.key, group: other }));
    else keys.set(g.key, i);
    if (!hasText(g.name)) add(`${path}.name`, problem('group_name_missing', 'the group name (e.g. 县市区) must not be empty'));
    checkMembers(g.members, `${path}.members`, i, claims, out);
    checkComponents(g.components, `${path}.components`, out);
    checkTotal(g.total, `${path}.total`, out);
    checkLists(g.lists, `${path}.lists`, out);
  });
  return out;
}

/**
 * The group a unit is ranked in, or null when none ranks it: a group listing the unit's id
 * wins over a group listing its kind (so a 市直部门 can be moved into a 工作专班 group).
 * Assumes a model that passed {@link checkAssessmentModel}.
 */
export function groupOfUnit(model: AssessmentModel, unit: { id: number; kind: UnitKind }): AssessmentGroup | null {
  return (
    model.groups.find((g) => g.members.unitIds.includes(unit.id)) ??
    model.groups.find((g) => g.members.unitKinds.includes(unit.kind)) ??
    null
  );
}
