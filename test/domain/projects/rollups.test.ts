import fc from 'fast-check';
import { batchTitle } from '../../../src/shared/project-names.js';
import { describe, expect, it } from 'vitest';
import {
  countMatching,
  isIndustrial,
  isIndustrialUnderConstruction,
  keysOf,
  matchesFilter,
  newlySignedThisYear,
  rollUp,
  sizeBandOf,
  stageSpans,
  type RollupProject,
} from '../../../src/domain/projects/rollups.js';
import { YI_IN_WAN_CENTS } from '../../../src/domain/projects/rates.js';
import { stageAsOf, type StageRecord } from '../../../src/domain/projects/stages.js';
import { PROJECT_CATEGORIES, PROJECT_LEVELS, PROJECT_STAGES } from '../../../src/shared/project-enums.js';
import { ROLLUP_DIMENSIONS } from '../../../src/shared/project-rollup-enums.js';

const YI = YI_IN_WAN_CENTS;
const base: RollupProject = {
  countyId: 1,
  chain: null,
  teamId: null,
  level: 'county',
  category: 'services',
  investment: 0,
  stage: null,
  signedOn: null,
  batchIds: [],
};

const day = fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2027, 11, 31) }).map((ms) => new Date(ms).toISOString().slice(0, 10));
const project: fc.Arbitrary<RollupProject> = fc.record({
  countyId: fc.integer({ min: 1, max: 4 }),
  chain: fc.constantFrom(null, '生物医药', '智能零部件', ''),
  teamId: fc.constantFrom(null, 7, 8),
  level: fc.constantFrom(...PROJECT_LEVELS),
  category: fc.constantFrom(...PROJECT_CATEGORIES),
  investment: fc.integer({ min: 0, max: 30 * YI }),
  stage: fc.constantFrom(null, ...PROJECT_STAGES),
  signedOn: fc.option(day),
  batchIds: fc.uniqueArray(fc.integer({ min: 1, max: 5 }), { maxLength: 3 }),
});

describe('size bands and industrial projects', () => {
  it('puts each boundary in the band above it (1亿 is 亿元以上)', () => {
    expect(sizeBandOf(YI - 1)).toBe('under_1yi');
    expect(sizeBandOf(YI)).toBe('yi_1_5');
    expect(sizeBandOf(5 * YI - 1)).toBe('yi_1_5');
    expect(sizeBandOf(5 * YI)).toBe('yi_5_10');
    expect(sizeBandOf(10 * YI - 1)).toBe('yi_5_10');
    expect(sizeBandOf(10 * YI)).toBe('yi_10_plus');
    expect(sizeBandOf(0)).toBe('under_1yi');
  });

  it('counts 先进制造业 and 战略性新兴产业 as industrial, under construction at 开工 and 部分投产 only', () => {
    expect(PROJECT_CATEGORIES.filter(isIndustrial)).toEqual(['advanced_manufacturing', 'strategic_emerging']);
    const at = (stage: RollupProject['stage']) => isIndustrialUnderConstruction({ category: 'strategic_emerging', stage });
    expect(PROJECT_STAGES.filter(at)).toEqual(['started', 'partly_producing']);
    expect(at(null)).toBe(false);
    expect(isIndustrialUnderConstruction({ category: 'infrastructure', stage: 'started' })).toBe(false);
  });
});

describe('period filter', () => {
  it('今年以来新签约亿元以上 takes 1 January to the day itself, inclusive, and at least 1亿', () => {
    const f = newlySignedThisYear('2026-08-03');
    const p = (signedOn: string | null, investment = YI): RollupProject => ({ ...base, signedOn, investment });
    expect(matchesFilter(p('2026-01-01'), f)).toBe(true);
    expect(matchesFilter(p('2025-12-31'), f)).toBe(false);
    expect(matchesFilter(p('2026-08-03'), f)).toBe(true);
    expect(matchesFilter(p('2026-08-04'), f)).toBe(false);
    expect(matchesFilter(p(null), f)).toBe(false);
    expect(matchesFilter(p('2026-05-01', YI - 1), f)).toBe(false);
  });
});

describe('roll-ups (property)', () => {
  const partitioning = ROLLUP_DIMENSIONS.filter((d) => d !== 'batch');

  it('every dimension but batch partitions the projects: group sums equal the total', () => {
    fc.assert(
      fc.property(fc.array(project, { maxLength: 60 }), fc.constantFrom(...partitioning), (ps, by) => {
        const groups = rollUp(ps, by);
        expect(groups.reduce((a, g) => a + g.count, 0)).toBe(ps.length);
        expect(groups.reduce((a, g) => a + g.investment, 0)).toBe(ps.reduce((a, p) => a + p.investment, 0));
        expect(new Set(groups.map((g) => g.key)).size).toBe(groups.length);
      }),
    );
  });

  it("each group's count, investment, 在建 and 投产 match a direct count, on every dimension", () => {
    fc.assert(
      fc.property(fc.array(project, { maxLength: 60 }), fc.constantFrom(...ROLLUP_DIMENSIONS), (ps, by) => {
        for (const g of rollUp(ps, by)) {
          const mine = ps.filter((p) => keysOf(p, by).includes(g.key));
          expect(g.count).toBe(mine.length);
          expect(g.investment).toBe(mine.reduce((a, p) => a + p.investment, 0));
          expect(g.underConstruction).toBe(mine.filter((p) => p.stage === 'started' || p.stage === 'partly_producing').length);
          expect(g.producing).toBe(mine.filter((p) => p.stage === 'producing' || p.stage === 'at_capacity').length);
        }
      }),
    );
  });

  it('a filtered count equals a direct count', () => {
    fc.assert(
      fc.property(fc.array(project, { maxLength: 60 }), day, (ps, asOf) => {
        const f = newlySignedThisYear(asOf);
        const direct = ps.filter(
          (p) => p.signedOn !== null && p.signedOn >= `${asOf.slice(0, 4)}-01-01` && p.signedOn <= asOf && p.investment >= YI,
        );
        expect(countMatching(ps, f)).toEqual({ count: direct.length, investment: direct.reduce((a, p) => a + p.investment, 0) });
      }),
    );
  });

  it('groups come largest investment first; a project in two batches is in both', () => {
    const groups = rollUp(
      [
        { ...base, investment: 5, batchIds: [1, 2] },
        { ...base, investment: 7, batchIds: [2] },
        { ...base, investment: 1 },
      ],
      'batch',
    );
    expect(groups.map((g) => [g.key, g.count, g.investment])).toEqual([
      ['2', 2, 12],
      ['1', 1, 5],
      ['none', 1, 1],
    ]);
  });
});

describe('stage spans', () => {
  const record: fc.Arbitrary<StageRecord> = fc.record({
    stage: fc.constantFrom(...PROJECT_STAGES),
    actualDate: day,
    status: fc.constantFrom('confirmed', 'confirmed', 'pending', 'rejected'),
  });

  it('the span holding a day gives stageAsOf of that day, on every day (property)', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 8 }), day, (records, d) => {
        const spans = stageSpans(records);
        const holding = spans.filter((s) => s.from <= d && (s.to === null || d < s.to));
        expect(holding.length).toBeLessThanOrEqual(1);
        expect(holding[0]?.stage ?? null).toBe(stageAsOf(records, d));
      }),
    );
  });

  it('a move back holds from its day; of two records on one day the later holds', () => {
    expect(
      stageSpans([
        { stage: 'signed', actualDate: '2026-01-01', status: 'confirmed' },
        { stage: 'started', actualDate: '2026-03-01', status: 'confirmed' },
        { stage: 'performing', actualDate: '2026-03-01', status: 'confirmed' },
        { stage: 'producing', actualDate: '2026-04-01', status: 'rejected' },
      ]),
    ).toEqual([
      { stage: 'signed', from: '2026-01-01', to: '2026-03-01' },
      { stage: 'performing', from: '2026-03-01', to: null },
    ]);
  });
});

describe('batchTitle', () => {
  it('puts the county in front only when the batch name lacks it', () => {
    expect(batchTitle('西华县', '西华县第五期"三个一批"项目')).toBe('西华县第五期"三个一批"项目');
    expect(batchTitle('川汇区', '第一期', ' ')).toBe('川汇区 第一期');
    expect(batchTitle('川汇区', '第一期')).toBe('川汇区第一期');
  });
});
