import { describe, expect, it } from 'vitest';
import { annualEstimate, annualPartOf } from '../../../src/domain/evaluation/annual.js';
import { annualScore, rollUp } from '../../../src/domain/evaluation/scoring.js';
import { METHODS } from '../../../src/shared/evaluation-enums.js';
import { RESULTS, tinyFramework } from './fixtures.js';

const fw = tinyFramework();

describe('annualPartOf', () => {
  it('maps 网上申报 and 材料审核 to 网上材料, 实地考察 to 实地测评, 问卷调查 to 问卷调查', () => {
    expect(Object.fromEntries(METHODS.map((m) => [m, annualPartOf(m)]))).toEqual({
      field: 'field',
      material: 'online',
      survey: 'survey',
      online: 'online',
    });
  });
});

describe('annualEstimate', () => {
  it('equals annualScore when every part has data', () => {
    // 40·0.5 + 40·0.8 + 20·1 = 20 + 32 + 20 = 72
    expect(annualEstimate({ online: 0.5, field: 0.8, survey: 1 })).toEqual({ score: 72, coveredWeight: 100, missingParts: [] });
    expect(annualScore({ online: 0.5, field: 0.8, survey: 1 })).toBe(72);
    // Configured weights 30/50/20: 15 + 40 + 20 = 75
    expect(annualEstimate({ online: 0.5, field: 0.8, survey: 1 }, { online: 30, field: 50, survey: 20 }).score).toBeCloseTo(75, 12);
  });

  it('rescales to the parts with data and names the missing ones', () => {
    // Only 实地测评 at 0.9: 40·0.9 / 40 → 90
    expect(annualEstimate({ online: null, field: 0.9, survey: null })).toEqual({
      score: 90,
      coveredWeight: 40,
      missingParts: ['online', 'survey'],
    });
    // 网上材料 0.5 and 问卷调查 1: (20 + 20) / 60 → 66.67
    const e = annualEstimate({ online: 0.5, field: null, survey: 1 });
    expect(e.score).toBeCloseTo(66.6667, 3);
    expect(e.coveredWeight).toBe(60);
    expect(e.missingParts).toEqual(['field']);
  });

  it('has no score without data, or when only a part weighted 0 has data', () => {
    expect(annualEstimate({ online: null, field: null, survey: null })).toEqual({
      score: null,
      coveredWeight: 0,
      missingParts: ['online', 'field', 'survey'],
    });
    expect(annualEstimate({ online: null, field: null, survey: 0.7 }, { online: 50, field: 50, survey: 0 })).toEqual({
      score: null,
      coveredWeight: 0,
      missingParts: ['online', 'field'],
    });
  });

  it('refuses bad weights and rates outside 0..1', () => {
    expect(() => annualEstimate({ online: 1, field: 1, survey: 1 }, { online: 50, field: 40, survey: 20 })).toThrow(RangeError);
    expect(() => annualEstimate({ online: 1.2, field: 1, survey: 1 })).toThrow(/online/);
    expect(() => annualEstimate({ online: Number.NaN, field: 1, survey: 1 })).toThrow(RangeError);
  });

  it('works from a roll-up of the fixture by part (district D2 by hand)', () => {
    // D2: P3 S4 fail 0/3 + S5 1.5/2 (field), P4 S3 pass 5/5 (material → online),
    // P5 S1 4/4 + S2 6/6 + S5 0/2 (field). Field 11.5/17, online 5/5, no survey.
    const r = rollUp(RESULTS, fw, (a) => (a.result.districtId === 'D2' ? annualPartOf(a.standard.method) : null));
    expect(r.cells.get('field')).toMatchObject({ earned: 11.5, possible: 17 });
    expect(r.cells.get('online')).toMatchObject({ earned: 5, possible: 5, rate: 1 });
    expect(r.cells.has('survey')).toBe(false);
    const e = annualEstimate({ online: 1, field: 11.5 / 17, survey: null });
    // (40·1 + 40·11.5/17) / 80 · 100 = 50 + 50·0.676470… = 83.8235…
    expect(e.score).toBeCloseTo(83.8235, 4);
    expect(e).toMatchObject({ coveredWeight: 80, missingParts: ['survey'] });
  });
});
