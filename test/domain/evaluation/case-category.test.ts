import { describe, expect, it } from 'vitest';
import { caseCategoryFor, DEFAULT_INSPECTION_CATEGORY } from '../../../src/domain/evaluation/case-category.js';

describe('caseCategoryFor', () => {
  const known = new Set(['E01', 'C02', 'E06']);
  it('maps a point type to its category when the city has it, else to 扩展事件', () => {
    expect(caseCategoryFor('back_street', known)).toBe('E01');
    expect(caseCategoryFor('main_road', known)).toBe('C02');
    // bus_stop maps to C01, which this city does not have; hotel has no mapping.
    expect(caseCategoryFor('bus_stop', known)).toBe(DEFAULT_INSPECTION_CATEGORY);
    expect(caseCategoryFor('hotel', known)).toBe('E06');
  });
});
