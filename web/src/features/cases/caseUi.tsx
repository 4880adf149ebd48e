import { useEffect, useMemo, useState } from 'react';
import { Tag } from 'antd';
import {
  CASE_ACTION_LABELS,
  CASE_SOURCE_LABELS,
  CASE_STATE_LABELS,
  CATEGORY_CLASS_LABELS,
  SEVERITY_LABELS,
  type CaseAction,
  type CaseSource,
  type CaseState,
  type Severity,
} from '../../../../src/shared/case-enums.js';
import type { CaseListItem, Categories, Category } from '../../../../src/shared/contracts/cases.contract.js';
import { casesApi } from '../../api/cases.js';
import { useI18n, type TFunction } from '../../i18n/i18n.js';

/**
 * Colours of states, one table for tags and map points (STYLE.md: overdue red, due
 * soon orange, in progress blue, closed green, suspended grey).
 */
export const STATE_COLORS: Record<CaseState, { tag: string; hex: string }> = {
  reported: { tag: 'purple', hex: '#722ed1' },
  accepted: { tag: 'geekblue', hex: '#2f54eb' },
  dispatched: { tag: 'blue', hex: '#1677ff' },
  acknowledged: { tag: 'blue', hex: '#1677ff' },
  rectified: { tag: 'cyan', hex: '#13c2c2' },
  returned: { tag: 'magenta', hex: '#eb2f96' },
  suspended: { tag: 'default', hex: '#8c8c8c' },
  closed: { tag: 'green', hex: '#52c41a' },
  rejected: { tag: 'default', hex: '#bfbfbf' },
  merged: { tag: 'default', hex: '#bfbfbf' },
};

export const DUE_SOON_MS = 24 * 3600 * 1000;

/** "2天3小时", "5小时20分钟", "45分钟" — the two largest units. */
export function fmtDuration(ms: number, t: TFunction): string {
  const mins = Math.max(0, Math.floor(Math.abs(ms) / 60000));
  const d = Math.floor(mins / 1440);
  const h = Math.floor((mins % 1440) / 60);
  const m = mins % 60;
  if (d > 0) return `${t('case.duration.d', { n: d })}${h ? ` ${t('case.duration.h', { n: h })}` : ''}`;
  if (h > 0) return `${t('case.duration.h', { n: h })}${m ? ` ${t('case.duration.m', { n: m })}` : ''}`;
  return t('case.duration.m', { n: m });
}

export type Due = 'overdue' | 'soon' | 'running' | 'none';

export function dueOf(c: Pick<CaseListItem, 'overdue' | 'remainingMs'>): Due {
  if (c.overdue) return 'overdue';
  if (c.remainingMs === null) return 'none';
  return c.remainingMs < DUE_SOON_MS ? 'soon' : 'running';
}

export function StateTag({ state }: { state: CaseState }) {
  const { label } = useI18n();
  return (
    <Tag color={STATE_COLORS[state].tag} data-testid="state-tag" data-state={state}>
      {label(CASE_STATE_LABELS[state], state)}
    </Tag>
  );
}

/** Time left on a running deadline: red when overdue, orange within 24 h, blue otherwise. */
export function DueTag({ c }: { c: Pick<CaseListItem, 'overdue' | 'remainingMs'> }) {
  const { t } = useI18n();
  const due = dueOf(c);
  if (due === 'none' || c.remainingMs === null) return null;
  if (due === 'overdue')
    return (
      <Tag color="red" data-testid="due-tag" data-due={due}>
        {t('case.overdueBy', { d: fmtDuration(c.remainingMs, t) })}
      </Tag>
    );
  return (
    <Tag color={due === 'soon' ? 'orange' : 'blue'} data-testid="due-tag" data-due={due}>
      {t('case.left', { d: fmtDuration(c.remainingMs, t) })}
    </Tag>
  );
}

/** Category list, fetched once per page load. */
export function useCategories(): { categories: Categories | undefined; byCode: Map<string, Category> } {
  const [categories, setCategories] = useState<Categories>();
  useEffect(() => {
    let live = true;
    casesApi
      .categories()
      .then((c) => live && setCategories(c))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  const byCode = useMemo(() => new Map((categories?.items ?? []).map((c) => [c.code, c])), [categories]);
  return { categories, byCode };
}

/** "市容环境 / 垃圾暴露": a category with its parent, so the finer ones read on their own. */
export function categoryTitle(code: string, byCode: Map<string, Category>): string {
  const c = byCode.get(code);
  if (!c) return code;
  const parent = c.parentCode ? byCode.get(c.parentCode) : undefined;
  return parent ? `${parent.name} / ${c.name}` : c.name;
}

/** Select options grouped by class (部件 / 事件), parents first then their children. */
export function categoryOptions(items: Category[], label: (l: { zh: string; en: string }) => string) {
  const groups = new Map<string, { label: string; options: { value: string; label: string }[] }>();
  const byCode = new Map(items.map((c) => [c.code, c]));
  const sorted = [...items].sort((a, b) => a.code.localeCompare(b.code));
  for (const c of sorted) {
    const g = groups.get(c.class) ?? { label: label(CATEGORY_CLASS_LABELS[c.class]), options: [] };
    g.options.push({ value: c.code, label: `${c.code} ${categoryTitle(c.code, byCode)}` });
    groups.set(c.class, g);
  }
  return [...groups.values()];
}

/** Label helpers for the shared enums, in the current language. */
export function useCaseText() {
  const { label } = useI18n();
  return useMemo(
    () => ({
      state: (s: CaseState) => label(CASE_STATE_LABELS[s], s),
      action: (a: CaseAction) => label(CASE_ACTION_LABELS[a], a),
      source: (s: CaseSource) => label(CASE_SOURCE_LABELS[s], s),
      severity: (s: Severity) => label(SEVERITY_LABELS[s], s),
    }),
    [label],
  );
}
