import { NODE_LEVEL_LABELS, NODE_LEVELS, POINT_TYPES, type Method, type NodeLevel } from '../../shared/evaluation-enums.js';
import type { Bilingual } from '../../shared/export-lang.js';
import {
  checkStandardFields,
  checkWeightSums,
  findCycles,
  isNum,
  levelZh,
  present,
  STANDARD_FIELD_ZH,
  type Add,
} from './framework-node-checks.js';

export { WEIGHT_SUM_TOLERANCE } from './framework-node-checks.js';

/**
 * The evaluation framework (测评体系, DOMAIN.md §3.1) as a flat list of nodes that
 * form a tree: 测评项目 (item) → 指标 (indicator) → 测评内容 (content) → 测评标准
 * (standard). A flat list with parent codes is what the Excel template holds (one
 * row per node), so checks here speak in codes and rows and an import can report
 * every bad row at once instead of stopping at the first.
 *
 * Version rules (draft → published, pinning) live in framework-versions.ts.
 */

/**
 * How an answer turns into points. `binary`: pass earns the standard's full points,
 * fail earns 0. `scored`: the inspector gives any score in 0..points; `max` repeats
 * the standard's points so a row of the Excel template is self-describing, and the
 * check refuses a row where the two disagree rather than guess which one is meant.
 */
export type PassRule = { kind: 'binary' } | { kind: 'scored'; max: number };

/** One node of a framework. Standard fields are only meaningful on standards. */
export interface FrameworkNode {
  /** Stable code, unique in a version, e.g. `A01`, `A01.02.03.1`. Results refer to it. */
  code: string;
  /** Null for items; otherwise the code of the node one level up. */
  parentCode: string | null;
  level: NodeLevel;
  name: string;
  /** Items and indicators: relative weight among siblings (sums to 100), used by the simulated index. */
  weight?: number | null;
  /** Standards: how the standard is checked. */
  method?: Method;
  /** Standards: full points (应得分), ≥ 0. */
  points?: number;
  /** Standards: the check point types the standard applies to; never empty. */
  pointTypes?: readonly string[];
  /** Standards: defaults to binary when absent (the common case in the template). */
  passRule?: PassRule;
  /** Source row of an import, echoed in problems; not part of the framework's identity. */
  row?: number;
}

/** A standard with all its fields filled in (as produced by {@link buildFramework}). */
export interface StandardNode extends FrameworkNode {
  level: 'standard';
  method: Method;
  points: number;
  pointTypes: readonly string[];
  passRule: PassRule;
}

/**
 * A node as it comes out of a spreadsheet or a JSON body, before it is checked:
 * the enumerated fields are plain strings so that an unknown value can be reported
 * instead of failing to type. Every {@link FrameworkNode} is also one of these.
 */
export interface RawFrameworkNode {
  code: string;
  parentCode?: string | null;
  level: string;
  name?: string;
  weight?: number | null;
  method?: string | null;
  points?: number | null;
  pointTypes?: readonly string[] | null;
  passRule?: { kind: string; max?: number } | null;
  row?: number;
}

/** Why a node is refused. One reason per problem; a node may have several problems. */
export type FrameworkProblemReason =
  | 'empty_framework'
  | 'empty_code'
  | 'duplicate_code'
  | 'unknown_level'
  | 'empty_name'
  | 'missing_parent'
  | 'bad_nesting'
  | 'cycle'
  | 'negative_points'
  | 'bad_points'
  | 'missing_method'
  | 'unknown_method'
  | 'no_point_types'
  | 'unknown_point_type'
  | 'bad_pass_rule'
  | 'unexpected_field'
  | 'bad_weight'
  | 'weights_sum';

/** One problem, located by code, input position and (when the input had it) row. */
export interface FrameworkProblem {
  code: string;
  /** Position of the node in the input list (0-based); -1 for the framework as a whole. */
  index: number;
  /** The node's `row`, when the input carried one (Excel imports do). */
  row?: number;
  reason: FrameworkProblemReason;
  /** The problem in English (the API's message); `text` says it in both UI languages. */
  message: string;
  text: Bilingual;
}

/** Options of the checks. */
export interface FrameworkCheckOptions {
  /** The known check point types; defaults to the 26 of DOMAIN.md §3.1. */
  pointTypes?: readonly string[];
}

/**
 * Every problem of a framework, in input order, or an empty list when it is sound.
 * Checked: codes present and unique; known levels; names; each non-item has a parent
 * that exists and sits exactly one level up, items have none; no cycles; standards
 * have a known method, finite points ≥ 0, at least one point type, all of them known,
 * and a valid pass rule; standard fields only on standards; weights only on items and
 * indicators, finite and ≥ 0, and when any sibling carries one they all do and they
 * sum to 100.
 */
export function checkFramework(nodes: readonly RawFrameworkNode[], opts: FrameworkCheckOptions = {}): FrameworkProblem[] {
  const problems: FrameworkProblem[] = [];
  if (nodes.length === 0) {
    const text = { zh: '测评体系没有任何节点', en: 'the framework has no nodes' };
    return [{ code: '', index: -1, reason: 'empty_framework', message: text.en, text }];
  }
  const knownTypes = new Set(opts.pointTypes ?? POINT_TYPES);
  const add: Add = (n, index, reason, text) => {
    problems.push({ code: n.code, index, ...(n.row !== undefined ? { row: n.row } : {}), reason, message: text.en, text });
  };

  // The first node with a code wins; later ones are reported as duplicates and
  // otherwise ignored so one typo does not cascade into a screen of errors.
  const first = new Map<string, number>();
  nodes.forEach((n, i) => {
    if (typeof n.code !== 'string' || n.code.trim() === '') add(n, i, 'empty_code', { zh: '编码为空', en: 'the code is empty' });
    else if (first.has(n.code))
      add(n, i, 'duplicate_code', { zh: `编码 ${n.code} 已被前面的节点使用`, en: `code ${n.code} is already used by an earlier node` });
    else first.set(n.code, i);
  });

  nodes.forEach((n, i) => {
    const levelIdx = NODE_LEVELS.indexOf(n.level as NodeLevel);
    if (levelIdx < 0) {
      add(n, i, 'unknown_level', {
        zh: `层级须为 ${NODE_LEVELS.map((l) => NODE_LEVEL_LABELS[l].zh).join('、')} 之一`,
        en: `level must be one of ${NODE_LEVELS.join(', ')}`,
      });
    }
    if (typeof n.name !== 'string' || n.name.trim() === '') add(n, i, 'empty_name', { zh: '名称为空', en: 'the name is empty' });

    const parentCode = n.parentCode ?? null;
    if (levelIdx === 0 && parentCode !== null)
      add(n, i, 'bad_nesting', { zh: '测评项目不能有上级', en: 'an item (测评项目) has no parent' });
    if (levelIdx > 0) {
      const expected = NODE_LEVELS[levelIdx - 1] as NodeLevel;
      const parentIdx = parentCode === null ? undefined : first.get(parentCode);
      const parent = parentIdx === undefined ? undefined : nodes[parentIdx];
      if (!parent)
        add(
          n,
          i,
          'missing_parent',
          parentCode === null
            ? { zh: `${levelZh(n.level)}须有上级${levelZh(expected)}`, en: `a ${n.level} needs a parent ${expected}` }
            : { zh: `上级 ${parentCode} 不存在`, en: `parent ${parentCode} does not exist` },
        );
      else if (parent.level !== expected)
        add(n, i, 'bad_nesting', {
          zh: `${levelZh(n.level)}的上级须为${levelZh(expected)}，${parent.code} 是${levelZh(parent.level)}`,
          en: `the parent of a ${n.level} must be a ${expected}, ${parent.code} is a ${parent.level}`,
        });
    }

    if (n.level === 'standard') checkStandardFields(n, i, knownTypes, add);
    else {
      for (const f of ['method', 'points', 'pointTypes', 'passRule'] as const) {
        if (present(n[f])) {
          add(n, i, 'unexpected_field', {
            zh: `${STANDARD_FIELD_ZH[f]}只能填在测评标准上，不能填在${levelZh(n.level)}上`,
            en: `${f} belongs on standards, not on a ${n.level}`,
          });
        }
      }
    }
    if (present(n.weight)) {
      if (n.level !== 'item' && n.level !== 'indicator') {
        add(n, i, 'unexpected_field', { zh: '权重只能填在测评项目和指标上', en: 'weights belong on items and indicators' });
      } else if (!isNum(n.weight) || n.weight < 0)
        add(n, i, 'bad_weight', { zh: '权重须为不小于 0 的数', en: 'the weight must be a number ≥ 0' });
    }
  });

  for (const p of findCycles(nodes, first)) {
    add(nodes[p] as RawFrameworkNode, p, 'cycle', { zh: '上级关系形成循环：该节点是自己的上级', en: 'the node is its own ancestor' });
  }
  checkWeightSums(nodes, first, add);
  return problems.sort((a, b) => a.index - b.index);
}

/** Where a node sits: the codes of its ancestors and itself, by level (null below it). */
export interface Lineage {
  item: string;
  indicator: string | null;
  content: string | null;
  standard: string | null;
}

/** A checked framework with its lookups; build one with {@link buildFramework}. */
export interface Framework {
  /** All nodes in tree order: depth first, siblings in input order. */
  readonly nodes: readonly FrameworkNode[];
  /** The standards in tree order, with defaults filled in. */
  readonly standards: readonly StandardNode[];
  readonly byCode: ReadonlyMap<string, FrameworkNode>;
  /** Children of each node; the key null holds the items. */
  readonly children: ReadonlyMap<string | null, readonly FrameworkNode[]>;
  readonly lineage: ReadonlyMap<string, Lineage>;
}

/** Outcome of {@link buildFramework}. */
export type BuildResult = { ok: true; framework: Framework } | { ok: false; problems: FrameworkProblem[] };

/**
 * Nodes in tree order: depth first, siblings in input order. Nodes that cannot be
 * reached from an item (orphans, cycles) follow in input order, so the function is
 * total and digests of broken frameworks are still defined.
 */
export function treeOrder<N extends RawFrameworkNode>(nodes: readonly N[]): N[] {
  const children = new Map<string | null, N[]>();
  const seen = new Set<string>();
  for (const n of nodes) {
    if (seen.has(n.code)) continue;
    seen.add(n.code);
    const key = n.parentCode ?? null;
    children.set(key, [...(children.get(key) ?? []), n]);
  }
  const out: N[] = [];
  const placed = new Set<N>();
  const stack = [...(children.get(null) ?? [])].reverse();
  while (stack.length > 0) {
    const n = stack.pop() as N;
    if (placed.has(n)) continue;
    placed.add(n);
    out.push(n);
    stack.push(...[...(children.get(n.code) ?? [])].reverse());
  }
  for (const n of nodes) if (!placed.has(n)) out.push(n);
  return out;
}

/**
 * Checks raw nodes and, when they are sound, returns the framework with its
 * lookups and standards' defaults filled in (binary pass rule, de-duplicated types).
 * Nothing is returned for a framework with problems: an import is all or nothing.
 */
export function buildFramework(raw: readonly RawFrameworkNode[], opts: FrameworkCheckOptions = {}): BuildResult {
  const problems = checkFramework(raw, opts);
  if (problems.length > 0) return { ok: false, problems };
  const nodes = treeOrder(raw).map(normalizeNode);
  const byCode = new Map(nodes.map((n) => [n.code, n] as const));
  const children = new Map<string | null, FrameworkNode[]>();
  const lineage = new Map<string, Lineage>();
  for (const n of nodes) {
    children.set(n.parentCode, [...(children.get(n.parentCode) ?? []), n]);
    const up = n.parentCode === null ? null : (lineage.get(n.parentCode) as Lineage);
    lineage.set(n.code, {
      item: up?.item ?? n.code,
      indicator: n.level === 'indicator' ? n.code : (up?.indicator ?? null),
      content: n.level === 'content' ? n.code : (up?.content ?? null),
      standard: n.level === 'standard' ? n.code : null,
    });
  }
  const standards = nodes.filter((n): n is StandardNode => n.level === 'standard');
  return { ok: true, framework: { nodes, standards, byCode, children, lineage } };
}

/**
 * A node in its canonical shape: only the fields of its level, `row` dropped,
 * absent weight as null, point types sorted and unique, pass rule defaulted.
 * Two frameworks are the same when their canonical nodes are equal in tree order.
 */
export function normalizeNode(n: RawFrameworkNode): FrameworkNode {
  const base = { code: n.code, parentCode: n.parentCode ?? null, level: n.level as NodeLevel, name: n.name ?? '' };
  if (n.level !== 'standard') {
    return n.level === 'item' || n.level === 'indicator' ? { ...base, weight: n.weight ?? null } : base;
  }
  const rule = n.passRule;
  const passRule: PassRule = rule?.kind === 'scored' ? { kind: 'scored', max: rule.max ?? n.points ?? 0 } : { kind: 'binary' };
  return {
    ...base,
    method: n.method as Method,
    points: n.points ?? 0,
    pointTypes: [...new Set(n.pointTypes ?? [])].sort(),
    passRule,
  };
}

/** The checklist of a check point type: its standards in tree order. */
export function standardsFor(framework: Framework, pointType: string): StandardNode[] {
  return framework.standards.filter((s) => s.pointTypes.includes(pointType));
}
