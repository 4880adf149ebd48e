/**
 * The node checks behind checkFramework (framework.ts): a standard's fields, parent cycles
 * and sibling weights, each problem said in both languages.
 */
import { METHOD_LABELS, METHODS, NODE_LEVEL_LABELS, type Method, type NodeLevel } from '../../shared/evaluation-enums.js';
import type { Bilingual } from '../../shared/export-lang.js';
import type { FrameworkProblemReason, RawFrameworkNode } from './framework.js';

/** Reports one problem of node `n` (at input position `index`). */
export type Add = (n: RawFrameworkNode, index: number, reason: FrameworkProblemReason, text: Bilingual) => void;

/** A level's Chinese name (the key itself for an unknown level). */
export const levelZh = (level: string): string => NODE_LEVEL_LABELS[level as NodeLevel]?.zh ?? level;

/** The standard-only fields as the Chinese template names them. */
export const STANDARD_FIELD_ZH = { method: '测评方法', points: '分值', pointTypes: '点位类型', passRule: '评分规则' } as const;

/** Tolerance of weight sums: spreadsheets hand back 33.3333… style decimals. */
export const WEIGHT_SUM_TOLERANCE = 1e-9;

/** A finite number. */
export const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
/** Neither undefined nor null. */
export const present = (x: unknown): boolean => x !== undefined && x !== null;

/** A standard's method, points, point types and pass rule. */
export function checkStandardFields(n: RawFrameworkNode, i: number, knownTypes: ReadonlySet<string>, add: Add): void {
  if (!present(n.method)) add(n, i, 'missing_method', { zh: '测评标准须填测评方法', en: 'a standard needs a method' });
  else if (!METHODS.includes(n.method as Method)) {
    add(n, i, 'unknown_method', {
      zh: `测评方法“${String(n.method)}”须为 ${METHODS.map((m) => METHOD_LABELS[m].zh).join('、')} 之一`,
      en: `method ${String(n.method)} is not one of ${METHODS.join(', ')}`,
    });
  }

  if (!isNum(n.points)) add(n, i, 'bad_points', { zh: '分值须为数字', en: 'points must be a number' });
  else if (n.points < 0) add(n, i, 'negative_points', { zh: `分值 ${n.points} 为负数`, en: `points ${n.points} are negative` });

  const types = n.pointTypes ?? [];
  if (types.length === 0) {
    add(n, i, 'no_point_types', { zh: '测评标准至少适用于一种点位类型', en: 'a standard applies to at least one check point type' });
  }
  for (const t of types) {
    if (!knownTypes.has(t)) add(n, i, 'unknown_point_type', { zh: `未知点位类型“${t}”`, en: `unknown check point type ${t}` });
  }

  const rule = n.passRule;
  if (present(rule) && rule) {
    if (rule.kind === 'scored') {
      if (!isNum(rule.max) || (isNum(n.points) && Math.abs(rule.max - n.points) > WEIGHT_SUM_TOLERANCE)) {
        add(n, i, 'bad_pass_rule', { zh: '评分制的满分须等于该标准的分值', en: 'a scored rule’s max must equal the standard’s points' });
      }
    } else if (rule.kind !== 'binary') {
      add(n, i, 'bad_pass_rule', {
        zh: `评分规则“${rule.kind}”须为 达标制 或 评分制`,
        en: `pass rule ${rule.kind} is neither binary nor scored`,
      });
    }
  }
}

/** Indices of nodes on a parent cycle (following first occurrences of codes). */
export function findCycles(nodes: readonly RawFrameworkNode[], first: ReadonlyMap<string, number>): number[] {
  // 0 unseen, 1 on the current walk, 2 finished: the classic three-colour walk,
  // iterative because a malicious sheet could be deep enough to blow the stack.
  const state = new Map<number, 0 | 1 | 2>();
  const onCycle = new Set<number>();
  for (const start of first.values()) {
    const path: number[] = [];
    let cur: number | undefined = start;
    while (cur !== undefined && (state.get(cur) ?? 0) === 0) {
      state.set(cur, 1);
      path.push(cur);
      const pc: string | null | undefined = nodes[cur]?.parentCode;
      cur = pc === null || pc === undefined ? undefined : first.get(pc);
    }
    if (cur !== undefined && state.get(cur) === 1) for (const p of path.slice(path.indexOf(cur))) onCycle.add(p);
    for (const p of path) state.set(p, 2);
  }
  return [...onCycle];
}

/** Siblings either all carry a weight or none does, and the weights sum to 100. */
export function checkWeightSums(nodes: readonly RawFrameworkNode[], first: ReadonlyMap<string, number>, add: Add): void {
  // Sibling groups: all items, and the indicators of each item.
  const groups = new Map<string, number[]>();
  for (const i of first.values()) {
    const n = nodes[i] as RawFrameworkNode;
    if (n.level !== 'item' && n.level !== 'indicator') continue;
    const key = n.level === 'item' ? '' : `>${n.parentCode ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), i]);
  }
  for (const members of groups.values()) {
    const weighted = members.filter((i) => present(nodes[i]?.weight));
    if (weighted.length === 0) continue; // weights are optional as a whole
    const head = members[0] as number;
    const n = nodes[head] as RawFrameworkNode;
    if (weighted.length < members.length) {
      add(n, head, 'weights_sum', { zh: '同级节点须全部填写权重或全部不填', en: 'either every sibling has a weight or none has' });
      continue;
    }
    const sum = weighted.reduce((s, i) => s + (nodes[i]?.weight ?? 0), 0);
    if (Math.abs(sum - 100) > WEIGHT_SUM_TOLERANCE)
      add(n, head, 'weights_sum', {
        zh: `${n.code} 及其同级节点的权重合计为 ${sum}，应为 100`,
        en: `the weights of ${n.code} and its siblings sum to ${sum}, not 100`,
      });
  }
}
