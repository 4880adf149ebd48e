import { describe, expect, it } from 'vitest';
import { checkCategories, DEFAULT_CATEGORIES, deadlineRuleFor, suggestResponsibleUnit } from '../../../src/domain/cases/categories.js';
import { OBSTACLE_CATEGORIES, OBSTACLE_CATEGORY_CODES, obstacleKindOf } from '../../../src/domain/projects/obstacles.js';
import { OBSTACLE_KINDS } from '../../../src/shared/project-enums.js';

describe('obstacle categories (要素保障)', () => {
  it('one category per kind, each a child of 扩展事件 that passes the category checks with the defaults', () => {
    expect(OBSTACLE_CATEGORIES.map((c) => c.code)).toEqual(OBSTACLE_KINDS.map((k) => OBSTACLE_CATEGORY_CODES[k]));
    expect(checkCategories([...DEFAULT_CATEGORIES, ...OBSTACLE_CATEGORIES])).toEqual([]);
    for (const k of OBSTACLE_KINDS) expect(obstacleKindOf(OBSTACLE_CATEGORY_CODES[k])).toBe(k);
    expect(obstacleKindOf('E06')).toBeNull();
  });
  it('route each kind to its department, with a deadline in working days that overrides the severity', () => {
    const route = Object.fromEntries(OBSTACLE_CATEGORIES.map((c) => [c.code, suggestResponsibleUnit(c, ['411600', '411622'])]));
    expect(route).toEqual({
      'E06-YD': '411600-ZRZYJ',
      'E06-ZJ': '411600-CZJ',
      'E06-SP': '411600-XZSPJ',
      'E06-SDQ': '411600-GDJ',
      'E06-YG': '411600-RSJ',
      'E06-QT': '411600-FGW',
    });
    for (const c of OBSTACLE_CATEGORIES) expect(deadlineRuleFor(c, 'urgent')).toEqual(c.deadlineRule);
    expect(deadlineRuleFor(OBSTACLE_CATEGORIES[3], 'minor')).toEqual({ unit: 'working_days', amount: 5 });
  });
});
