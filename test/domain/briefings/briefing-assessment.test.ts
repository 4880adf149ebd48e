import { describe, expect, it } from 'vitest';
import { assessmentKeyOf } from '../../../src/domain/briefings/briefing-assessment.js';

describe('assessmentKeyOf (the 考核 period a briefing reports)', () => {
  it('is the ISO week of a Monday–Sunday week and the month of a calendar month', () => {
    expect(assessmentKeyOf('week', { from: '2026-03-02', to: '2026-03-08' })).toBe('2026-W10');
    expect(assessmentKeyOf('week', { from: '2026-12-28', to: '2027-01-03' })).toBe('2026-W53');
    expect(assessmentKeyOf('month', { from: '2026-02-01', to: '2026-02-28' })).toBe('2026-02');
  });
  it('is null for custom days and for days that are not exactly one period', () => {
    expect(assessmentKeyOf('custom', { from: '2026-03-02', to: '2026-03-08' })).toBeNull();
    expect(assessmentKeyOf('week', { from: '2026-03-03', to: '2026-03-09' })).toBeNull();
    expect(assessmentKeyOf('month', { from: '2026-02-01', to: '2026-02-27' })).toBeNull();
  });
});
