import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AT_LEAST_ONE_YI,
  inSizeBand,
  projectsOfBatch,
  projectsOfPeriods,
  ratesAsOf,
  ratesOfStages,
  RATE_STAGES,
  signedOn,
  signedWithin,
  sumInvestment,
  wanCentsToYi,
  YI_IN_WAN_CENTS,
  type Batch,
  type BatchMember,
  type StagedProject,
} from '../../../src/domain/projects/rates.js';
import { hasPassed, type StageRecord } from '../../../src/domain/projects/stages.js';
import { PROJECT_RATES, PROJECT_STAGES, type ProjectStage } from '../../../src/shared/project-enums.js';

const YI = YI_IN_WAN_CENTS;
const rec = (stage: ProjectStage, actualDate: string, status: StageRecord['status'] = 'confirmed'): StageRecord => ({
  stage,
  actualDate,
  status,
});

describe('rates by hand', () => {
  // 签约 10亿, 履约 20亿, 开工 30亿, 部分投产 40亿, 达产 50亿, no stage 5亿, 谋划 1亿.
  const projects: StagedProject[] = [
    { investment: 10 * YI, stage: 'signed' },
    { investment: 20 * YI, stage: 'performing' },
    { investment: 30 * YI, stage: 'started' },
    { investment: 40 * YI, stage: 'partly_producing' },
    { investment: 50 * YI, stage: 'at_capacity' },
    { investment: 5 * YI, stage: null },
    { investment: 1 * YI, stage: 'planning' },
  ];
  const r = ratesOfStages(projects);

  it('a later stage has passed the earlier ones; 部分投产 is started, not producing', () => {
    expect(r.passed.signed).toEqual({ count: 5, investment: 150 * YI });
    expect(r.passed.performing).toEqual({ count: 4, investment: 140 * YI });
    expect(r.passed.started).toEqual({ count: 3, investment: 120 * YI });
    expect(r.passed.producing).toEqual({ count: 1, investment: 50 * YI });
    expect(r.passed.at_capacity).toEqual({ count: 1, investment: 50 * YI });
    expect(r.total).toEqual({ count: 7, investment: 156 * YI });
  });

  it('履约率 4/5, 开工率 3/4, 投产率 1/3, 达产率 1/1, and weighted 140/150, 120/140, 50/120, 50/50', () => {
    expect(r.performance).toMatchObject({ byCount: 4 / 5, byInvestment: 140 / 150 });
    expect(r.start).toMatchObject({ byCount: 3 / 4, byInvestment: 120 / 140 });
    expect(r.production).toMatchObject({ byCount: 1 / 3, byInvestment: 50 / 120 });
    expect(r.capacity).toMatchObject({ byCount: 1, byInvestment: 1 });
    expect(r.start.numerator).toEqual({ count: 3, investment: 120 * YI });
    expect(r.start.denominator).toEqual({ count: 4, investment: 140 * YI });
  });

  it('an empty denominator gives null, never 0 or 1', () => {
    const none = ratesOfStages([{ investment: 10 * YI, stage: 'started' }]);
    expect(none.production).toMatchObject({ byCount: 0, byInvestment: 0 });
    expect(none.capacity).toEqual({
      numerator: { count: 0, investment: 0 },
      denominator: { count: 0, investment: 0 },
      byCount: null,
      byInvestment: null,
    });
    const empty = ratesOfStages([]);
    for (const k of PROJECT_RATES) expect([empty[k].byCount, empty[k].byInvestment]).toEqual([null, null]);
    // Projects with no recorded investment: the count-based rate exists, the weighted one does not.
    const zero = ratesOfStages([{ investment: 0, stage: 'performing' }]);
    expect(zero.performance).toMatchObject({ byCount: 1, byInvestment: null });
  });

  it('前四期-like set: 24 projects all at 达产 give 100% and "24个，185.6亿元"', () => {
    const each = Math.floor(185_600_000 / 24);
    const ps = Array.from({ length: 24 }, (_, i) => ({
      investment: i === 0 ? 185_600_000 - 23 * each : each,
      stage: 'at_capacity' as const,
    }));
    const rs = ratesOfStages(ps);
    expect(rs.total.count).toBe(24);
    expect(wanCentsToYi(rs.total.investment)).toBe('185.6');
    for (const k of ['start', 'production', 'capacity'] as const) expect([rs[k].byCount, rs[k].byInvestment]).toEqual([1, 1]);
  });
});

describe('rates as of a day', () => {
  const a = { investment: 3 * YI, records: [rec('signed', '2026-01-05'), rec('performing', '2026-02-01'), rec('started', '2026-03-10')] };
  const b = { investment: 1 * YI, records: [rec('signed', '2026-01-05'), rec('performing', '2026-03-10', 'pending')] };

  it('a stage counts from its actual date (inclusive); pending records never', () => {
    expect(ratesAsOf([a, b], '2026-03-09').start).toMatchObject({ byCount: 0, byInvestment: 0 });
    expect(ratesAsOf([a, b], '2026-03-10').start).toMatchObject({ byCount: 1, byInvestment: 1 });
    expect(ratesAsOf([a, b], '2026-03-10').performance).toMatchObject({ byCount: 1 / 2, byInvestment: 3 / 4 });
    expect(ratesAsOf([a, b], '2026-01-31').performance).toMatchObject({ byCount: 0 });
    expect(ratesAsOf([a, b], '2026-01-04').performance.byCount).toBeNull();
  });
});

describe('rate properties', () => {
  const project = fc.record({
    investment: fc.integer({ min: 0, max: 2_000 * YI }),
    stage: fc.option(fc.constantFrom(...PROJECT_STAGES), { nil: null }),
  });

  it('rates lie in [0, 1] and equal a direct count and a direct weighted sum', () => {
    fc.assert(
      fc.property(fc.array(project, { maxLength: 40 }), (ps) => {
        const r = ratesOfStages(ps);
        for (const k of PROJECT_RATES) {
          const { numerator: n, denominator: d } = RATE_STAGES[k];
          const inD = ps.filter((p) => p.stage !== null && PROJECT_STAGES.indexOf(p.stage) >= PROJECT_STAGES.indexOf(d));
          const inN = inD.filter((p) => p.stage !== null && PROJECT_STAGES.indexOf(p.stage) >= PROJECT_STAGES.indexOf(n));
          const wD = inD.reduce((s, p) => s + p.investment, 0);
          const wN = inN.reduce((s, p) => s + p.investment, 0);
          expect(r[k].byCount).toBe(inD.length === 0 ? null : inN.length / inD.length);
          expect(r[k].byInvestment).toBe(wD === 0 ? null : wN / wD);
          for (const v of [r[k].byCount, r[k].byInvestment]) if (v !== null) expect(v >= 0 && v <= 1).toBe(true);
          expect(r[k].numerator.count).toBeLessThanOrEqual(r[k].denominator.count);
        }
      }),
    );
  });

  it('部分投产 never counts as producing, always as started', () => {
    fc.assert(
      fc.property(fc.array(project, { maxLength: 20 }), (ps) => {
        const partly = ps.filter((p) => p.stage === 'partly_producing').length;
        const r = ratesOfStages(ps);
        expect(r.passed.started.count - r.passed.producing.count).toBe(ps.filter((p) => p.stage === 'started').length + partly);
        expect(hasPassed('partly_producing', 'started')).toBe(true);
      }),
    );
  });
});

describe('batches and periods', () => {
  const batches: Batch[] = [
    { id: 'b1', period: 1, date: '2025-03-01' },
    { id: 'b2', period: 2, date: '2025-06-01' },
    { id: 'b4', period: 4, date: '2025-12-01' },
    { id: 'b5', period: 5, date: '2026-03-01' },
  ];
  const members: BatchMember[] = [
    { batchId: 'b5', projectId: 'p9', role: 'sign' },
    { batchId: 'b1', projectId: 'p1', role: 'sign' },
    { batchId: 'b1', projectId: 'p2', role: 'start' },
    { batchId: 'b2', projectId: 'p1', role: 'start' },
    { batchId: 'b4', projectId: 'p3', role: 'produce' },
  ];

  it('a batch lists its projects with their roles', () => {
    expect(projectsOfBatch(members, 'b1')).toEqual([
      { projectId: 'p1', role: 'sign' },
      { projectId: 'p2', role: 'start' },
    ]);
    expect(projectsOfBatch(members, 'nope')).toEqual([]);
  });

  it('前四期 = periods 1..4, a project in two batches counted once', () => {
    expect(projectsOfPeriods(batches, members, 1, 4)).toEqual(['p1', 'p2', 'p3']);
    expect(projectsOfPeriods(batches, members, 5, 5)).toEqual(['p9']);
    expect(projectsOfPeriods(batches, members, 2, 3)).toEqual(['p1']);
    expect(projectsOfPeriods(batches, members, 6, 9)).toEqual([]);
  });

  it('sums count and investment exactly', () => {
    expect(sumInvestment([{ investment: 1 }, { investment: 2 }])).toEqual({ count: 2, investment: 3 });
    expect(sumInvestment([])).toEqual({ count: 0, investment: 0 });
  });
});

describe('size bands, newly signed, 亿元 text', () => {
  it('亿元以上 includes exactly 1亿元 (10 000万元) and excludes one wan-cent less', () => {
    expect(inSizeBand(YI, AT_LEAST_ONE_YI)).toBe(true);
    expect(inSizeBand(YI - 1, AT_LEAST_ONE_YI)).toBe(false);
    expect(inSizeBand(5 * YI, { min: YI, below: 5 * YI })).toBe(false);
    expect(inSizeBand(5 * YI - 1, { min: YI, below: 5 * YI })).toBe(true);
    expect(inSizeBand(0, {})).toBe(true);
  });

  it('newly signed in [from, to): both ends', () => {
    const signed = (day: string) => [rec('signed', day)];
    expect(signedWithin(signed('2025-12-31'), '2026-01-01', '2026-12-07')).toBe(false);
    expect(signedWithin(signed('2026-01-01'), '2026-01-01', '2026-12-07')).toBe(true);
    expect(signedWithin(signed('2026-12-06'), '2026-01-01', '2026-12-07')).toBe(true);
    expect(signedWithin(signed('2026-12-07'), '2026-01-01', '2026-12-07')).toBe(false);
    expect(signedWithin([rec('signed', '2026-02-01', 'pending')], '2026-01-01', '2026-12-07')).toBe(false);
  });

  it('the signed day is the 签约 record, else the first later stage', () => {
    expect(signedOn([rec('started', '2026-03-01'), rec('signed', '2025-11-01')])).toBe('2025-11-01');
    expect(signedOn([rec('started', '2026-03-01')])).toBe('2026-03-01');
    expect(signedOn([rec('planning', '2026-03-01')])).toBeNull();
  });

  it('亿元 text rounds half up on integers', () => {
    expect(wanCentsToYi(185_600_000)).toBe('185.6');
    expect(wanCentsToYi(73_700_000)).toBe('73.7');
    expect(wanCentsToYi(1_850_000)).toBe('1.9');
    expect(wanCentsToYi(1_849_999)).toBe('1.8');
    expect(wanCentsToYi(49_999)).toBe('0.0');
    expect(wanCentsToYi(50_000)).toBe('0.1');
    expect(wanCentsToYi(52_800_000, 2)).toBe('52.80');
    expect(wanCentsToYi(13_500_000, 0)).toBe('14');
    expect(wanCentsToYi(-1_850_000)).toBe('-1.9');
  });
});
