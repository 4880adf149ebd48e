import { describe, expect, it } from 'vitest';
import {
  checkCategories,
  deadlineRuleFor,
  DEFAULT_CATEGORIES,
  findCategory,
  suggestResponsibleUnit,
  type CaseCategory,
} from '../../../src/domain/cases/categories.js';
import { DEFAULT_SEVERITY_RULES } from '../../../src/domain/cases/deadline-rules.js';

const top = (cls: 'component' | 'event') => DEFAULT_CATEGORIES.filter((c) => c.class === cls && c.parentCode === null);

describe('default categories', () => {
  it('are the 部件 and 事件 classes of DOMAIN.md §3.2', () => {
    expect(top('component').map((c) => [c.code, c.name])).toEqual([
      ['C01', '公用设施'],
      ['C02', '道路交通'],
      ['C03', '市容环境'],
      ['C04', '园林绿化'],
      ['C05', '房屋土地'],
      ['C06', '其他设施'],
    ]);
    expect(top('event').map((c) => [c.code, c.name])).toEqual([
      ['E01', '市容环境'],
      ['E02', '宣传广告'],
      ['E03', '施工管理'],
      ['E04', '突发事件'],
      ['E05', '街面秩序'],
      ['E06', '扩展事件'],
    ]);
  });
  it('include the campaign categories under a parent of the same class', () => {
    for (const name of ['占道经营', '乱贴乱画', '垃圾暴露', '井盖缺损', '道路破损', '违规广告', '工地扬尘', '公厕脏乱']) {
      const c = DEFAULT_CATEGORIES.find((x) => x.name === name);
      expect(c?.parentCode, name).toBeTruthy();
      expect(findCategory(DEFAULT_CATEGORIES, c!.parentCode!)?.class).toBe(c!.class);
    }
  });
  it('pass their own checks and use demo department codes', () => {
    expect(checkCategories(DEFAULT_CATEGORIES)).toEqual([]);
    const known = ['411600-CGJ', '411600-ZJJ', '411600-JTJ', '411600-GAJ', '411600-STHJJ', '411600-YZGLJ', '411600-SCJ'];
    for (const c of DEFAULT_CATEGORIES) expect(known).toContain(c.responsibleUnitRule.defaultUnitCode);
  });
});

describe('suggestResponsibleUnit', () => {
  const cat: CaseCategory = {
    code: 'T1',
    class: 'event',
    name: '测试',
    parentCode: null,
    defaultSeverity: 'normal',
    responsibleUnitRule: { defaultUnitCode: 'CITY-CGJ', byArea: { '411602': 'DIST-CGJ', '411602001': 'STREET-TEAM' } },
  };
  it('the most specific area rule wins, else the default', () => {
    expect(suggestResponsibleUnit(cat, ['411600', '411602', '411602001'])).toBe('STREET-TEAM');
    expect(suggestResponsibleUnit(cat, ['411600', '411602', '411602002'])).toBe('DIST-CGJ');
    expect(suggestResponsibleUnit(cat, ['411600', '411603', '411603001'])).toBe('CITY-CGJ');
    expect(suggestResponsibleUnit(cat, [])).toBe('CITY-CGJ');
    expect(suggestResponsibleUnit(cat, ['constructor', 'toString'])).toBe('CITY-CGJ');
  });
  it('uses the default when the category has no area rules', () => {
    expect(suggestResponsibleUnit(findCategory(DEFAULT_CATEGORIES, 'E03-01')!, ['411600', '411602'])).toBe('411600-STHJJ');
  });
  it('sends county street-order problems to the county in the demo defaults', () => {
    const c = findCategory(DEFAULT_CATEGORIES, 'E05-01')!;
    expect(suggestResponsibleUnit(c, ['411600', '411621', '411621001'])).toBe('411621');
    expect(suggestResponsibleUnit(c, ['411600', '411602', '411602001'])).toBe('411600-CGJ');
  });
});

describe('deadline rule of a category', () => {
  it('overrides the severity rule when set', () => {
    expect(deadlineRuleFor(findCategory(DEFAULT_CATEGORIES, 'C01-01'), 'minor')).toEqual({ unit: 'hours', amount: 24 });
    expect(deadlineRuleFor(findCategory(DEFAULT_CATEGORIES, 'E01'), 'minor')).toEqual(DEFAULT_SEVERITY_RULES.minor);
    expect(deadlineRuleFor(undefined, 'urgent', { ...DEFAULT_SEVERITY_RULES, urgent: { unit: 'hours', amount: 1 } })).toEqual({
      unit: 'hours',
      amount: 1,
    });
  });
});

describe('checkCategories', () => {
  const base = (over: Partial<CaseCategory>): CaseCategory => ({
    code: 'X',
    class: 'event',
    name: 'x',
    parentCode: null,
    defaultSeverity: 'normal',
    responsibleUnitRule: { defaultUnitCode: 'U' },
    ...over,
  });
  it('finds duplicates, missing parents, class mismatches, loops and bad rules', () => {
    const problems = checkCategories([
      base({ code: 'A' }),
      base({ code: 'A' }),
      base({ code: 'B', parentCode: 'NOPE' }),
      base({ code: 'C', parentCode: 'A', class: 'component' }),
      base({ code: 'L1', parentCode: 'L2' }),
      base({ code: 'L2', parentCode: 'L1' }),
      base({ code: 'R', deadlineRule: { unit: 'working_days', amount: 0 } }),
      base({ code: 'U', responsibleUnitRule: { defaultUnitCode: ' ' } }),
    ]);
    for (const re of [
      /duplicate category code A/,
      /B: parent NOPE/,
      /C: class component differs/,
      /L1: parent chain loops/,
      /L2: parent chain loops/,
      /R: deadline amount/,
      /U: default responsible unit/,
    ]) {
      expect(
        problems.some((p) => re.test(p)),
        String(re),
      ).toBe(true);
    }
  });
});
