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
  BonusComponent,
  CasesComponent,
  EvaluationComponent,
  LettersComponent,
  ListRule,
  SatisfactionComponent,
} from '../../shared/contracts/assessment.contract.js';
import { COMPONENT_KINDS, WEIGHTED_COMPONENT_KINDS } from '../../shared/assessment-enums.js';
import { UNIT_KINDS, type UnitKind } from '../../shared/enums.js';

export type {
  AssessmentComponent,
  AssessmentGroup,
  AssessmentModel,
  BonusComponent,
  CasesComponent,
  EvaluationComponent,
  LettersComponent,
  ListRule,
  SatisfactionComponent,
};

/** A configuration error: the field path (e.g. `groups[1].components`) and what is wrong. */
export interface AssessmentProblem {
  field: string;
  message: string;
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

/** Problem with a number setting in [min, max] (whole when `whole`), or null. */
function numberProblem(v: unknown, min: number, max: number, whole = false): string | null {
  if (typeof v !== 'number' || !Number.isFinite(v)) return `must be a number, got ${show(v)}`;
  if (whole && !Number.isInteger(v)) return `must be a whole number, got ${v}`;
  if (v < min) return min === 0 ? `must not be negative, got ${v}` : `must be at least ${min}, got ${v}`;
  if (v > max) return `must be at most ${max}, got ${v}`;
  return null;
}

type Add = (field: string, message: string | null) => void;

function checkComponent(c: Record<string, unknown>, add: Add): void {
  switch (c.kind as AssessmentComponent['kind']) {
    case 'evaluation':
      add('.weight', numberProblem(c.weight, 0, 100) ?? (c.weight === 0 ? 'must be more than 0; remove the component instead' : null));
      return;
    case 'cases': {
      add('.weight', numberProblem(c.weight, 0, 100) ?? (c.weight === 0 ? 'must be more than 0; remove the component instead' : null));
      const subs = ['onTimeWeight', 'closureWeight', 'reworkWeight'] as const;
      const problems = subs.map((s) => numberProblem(c[s], 0, 100));
      subs.forEach((s, i) => add(`.${s}`, problems[i] ?? null));
      if (problems.every((p) => p === null)) {
        const sum = subs.reduce((a, s) => a + (c[s] as number), 0);
        if (Math.abs(sum - 100) > SUM_TOLERANCE)
          add('', `onTimeWeight + closureWeight + reworkWeight must sum to 100, got ${Number(sum.toFixed(6))}`);
      }
      return;
    }
    case 'satisfaction':
      add('.weight', numberProblem(c.weight, 0, 100) ?? (c.weight === 0 ? 'must be more than 0; remove the component instead' : null));
      add('.basicallySatisfiedCredit', numberProblem(c.basicallySatisfiedCredit, 0, 1));
      return;
    case 'letters': {
      if (!isObject(c.deductions)) add('.deductions', 'must be an object of points per rung key, e.g. {"reminder": 1}');
      else
        for (const [key, v] of Object.entries(c.deductions)) {
          if (!KEY_PATTERN.test(key)) add(`.deductions.${key}`, 'is not a rung key (lower-case letters, digits, _ or -)');
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
  if (!Array.isArray(v) || v.length === 0) {
    out.push({
      field: path,
      message: 'a group needs a list of components, at least one of them weighted (evaluation, cases or satisfaction)',
    });
    return;
  }
  const seen = new Map<string, number>();
  let weightSum = 0;
  let weightsValid = true;
  let weighted = 0;
  v.forEach((c: unknown, j) => {
    const p = `${path}[${j}]`;
    const add: Add = (field, message) => {
      if (message !== null) out.push({ field: `${p}${field}`, message });
    };
    if (!isObject(c)) return add('', 'a component must be an object with a kind');
    if (typeof c.kind !== 'string' || !(COMPONENT_KINDS as readonly string[]).includes(c.kind))
      return add('.kind', `unknown component kind ${show(c.kind)}; expected one of ${COMPONENT_KINDS.join(', ')}`);
    if (seen.has(c.kind)) return add('.kind', `duplicate component ${c.kind} (also ${path}[${seen.get(c.kind)}])`);
    seen.set(c.kind, j);
    checkComponent(c, add);
    if (isWeighted(c.kind)) {
      weighted++;
      if (numberProblem(c.weight, 0, 100) === null) weightSum += c.weight as number;
      else weightsValid = false;
    }
  });
  if (weighted === 0 && seen.size > 0)
    out.push({ field: path, message: 'at least one weighted component (evaluation, cases or satisfaction) is needed' });
  else if (weighted > 0 && weightsValid && Math.abs(weightSum - 100) > SUM_TOLERANCE)
    out.push({
      field: path,
      message: `the weights of evaluation, cases and satisfaction must sum to 100, got ${Number(weightSum.toFixed(6))}`,
    });
}

function checkTotal(v: unknown, path: string, out: AssessmentProblem[]): void {
  if (!isObject(v)) {
    out.push({ field: path, message: 'must be an object with floor and cap, e.g. {"floor": 0, "cap": 100}' });
    return;
  }
  const fp = numberProblem(v.floor, TOTAL_RANGE.min, TOTAL_RANGE.max);
  const cp = numberProblem(v.cap, TOTAL_RANGE.min, TOTAL_RANGE.max);
  if (fp !== null) out.push({ field: `${path}.floor`, message: fp });
  if (cp !== null) out.push({ field: `${path}.cap`, message: cp });
  if (fp === null && cp === null && (v.floor as number) >= (v.cap as number))
    out.push({ field: `${path}.cap`, message: `must be above the floor (${String(v.floor)}), got ${String(v.cap)}` });
}

function checkLists(v: unknown, path: string, out: AssessmentProblem[]): void {
  const add: Add = (field, message) => {
    if (message !== null) out.push({ field: `${path}${field}`, message });
  };
  if (!isObject(v)) return add('', 'must be a 红黑榜 rule: {"kind": "rank", "red": 3, "black": 3} or {"kind": "threshold", ...}');
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
      add('.blackBelow', `must not be above redMin (${String(v.redMin)}), got ${String(v.blackBelow)}`);
  } else add('.kind', `unknown list rule ${show(v.kind)}; expected rank or threshold`);
}

interface Claims {
  kinds: Map<string, number>;
  ids: Map<number, number>;
}

function checkMembers(v: unknown, path: string, g: number, claims: Claims, out: AssessmentProblem[]): void {
  if (!isObject(v)) {
    out.push({ field: path, message: 'must be an object with unitKinds and unitIds' });
    return;
  }
  const kinds: unknown = v.unitKinds;
  const ids: unknown = v.unitIds;
  if (!Array.isArray(kinds)) out.push({ field: `${path}.unitKinds`, message: 'must be a list of unit kinds (may be empty)' });
  else
    kinds.forEach((k: unknown, j) => {
      const f = `${path}.unitKinds[${j}]`;
      if (typeof k !== 'string' || !(UNIT_KINDS as readonly string[]).includes(k))
        out.push({ field: f, message: `unknown unit kind ${show(k)}; expected one of ${UNIT_KINDS.join(', ')}` });
      else if (claims.kinds.has(k))
        out.push({
          field: f,
          message: `unit kind ${k} is already ranked in groups[${claims.kinds.get(k)}]; a unit is ranked in one group`,
        });
      else claims.kinds.set(k, g);
    });
  if (!Array.isArray(ids)) out.push({ field: `${path}.unitIds`, message: 'must be a list of unit ids (may be empty)' });
  else
    ids.forEach((id: unknown, j) => {
      const f = `${path}.unitIds[${j}]`;
      if (typeof id !== 'number' || !Number.isInteger(id) || id < 1) out.push({ field: f, message: `must be a unit id, got ${show(id)}` });
      else if (claims.ids.has(id))
        out.push({ field: f, message: `unit ${id} is already ranked in groups[${claims.ids.get(id)}]; a unit is ranked in one group` });
      else claims.ids.set(id, g);
    });
  if (Array.isArray(kinds) && Array.isArray(ids) && kinds.length === 0 && ids.length === 0)
    out.push({ field: path, message: 'a group needs members: unit kinds, unit ids or both' });
}

/**
 * Every problem with an assessment model, empty when it can be saved. Checks, each naming
 * its field path: a version ≥ 1 and a name; 1–50 groups, each with a unique key, a name,
 * members (unit kinds and/or unit ids; no kind and no unit in two groups, so every unit is
 * ranked once), components of known kinds, each kind at most once, at least one weighted
 * (evaluation, cases, satisfaction) with weights in (0, 100] summing to 100, the cases
 * sub-weights summing to 100, a 基本满意 credit in [0, 1], non-negative deductions, bonus and caps; a total floor below its cap; and a 红黑榜
 * rule (whole counts for `rank`, `blackBelow` ≤ `redMin` for `threshold`).
 *
 * @param model untrusted input (parsed JSON).
 */
export function checkAssessmentModel(model: unknown): AssessmentProblem[] {
  const out: AssessmentProblem[] = [];
  if (!isObject(model)) return [{ field: '', message: 'an assessment model must be an object with version, name and groups' }];
  const vp = numberProblem(model.version, 1, Number.MAX_SAFE_INTEGER, true);
  if (vp !== null) out.push({ field: 'version', message: vp });
  if (!hasText(model.name)) out.push({ field: 'name', message: 'the model needs a name' });
  const groups: unknown = model.groups;
  if (!Array.isArray(groups) || groups.length === 0) {
    out.push({ field: 'groups', message: 'a model needs at least one group of units' });
    return out;
  }
  if (groups.length > MAX_GROUPS) {
    out.push({ field: 'groups', message: `a model has at most ${MAX_GROUPS} groups` });
    return out;
  }
  const keys = new Map<string, number>();
  const claims: Claims = { kinds: new Map(), ids: new Map() };
  groups.forEach((g: unknown, i) => {
    const path = `groups[${i}]`;
    if (!isObject(g)) {
      out.push({ field: path, message: 'a group must be an object' });
      return;
    }
    if (typeof g.key !== 'string' || !KEY_PATTERN.test(g.key))
      out.push({ field: `${path}.key`, message: 'the key must be 1–40 lower-case letters, digits, _ or -, starting with a letter' });
    else if (keys.has(g.key)) out.push({ field: `${path}.key`, message: `duplicate key ${g.key} (also groups[${keys.get(g.key)}])` });
    else keys.set(g.key, i);
    if (!hasText(g.name)) out.push({ field: `${path}.name`, message: 'the group name (e.g. 县市区) must not be empty' });
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
