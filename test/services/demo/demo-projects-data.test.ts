import { describe, expect, it } from 'vitest';
import { DEMO_CITY_BBOX } from '../../../src/demo/demo-city.js';
import { DEMO_PROJECT_FIGURES, monthlyCompleted, reportYear, spread, XIHUA_CODE } from '../../../src/demo/demo-projects-data.js';
import { demoProjectSpecs } from '../../../src/demo/demo-projects.js';
import { PROJECT_STAGES } from '../../../src/shared/project-enums.js';
import { CASE_STATES } from '../../../src/shared/case-enums.js';
import { DEMO_OBSTACLES, demoMeetings, demoVisits, mondayOf } from '../../../src/demo/demo-projects-followups.js';

// New Year's Day, a leap day, the test clock's day, midsummer, New Year's Eve.
const TODAYS = ['2026-01-01', '2024-02-29', '2026-03-02', '2025-07-14', '2026-12-31'];
const sum = (xs: number[]) => xs.reduce((a, x) => a + x, 0);

describe('the demo projects data (issue 14 point 9)', () => {
  it.each(TODAYS)('reproduces the seed page’s figures when today is %s', (today) => {
    const specs = demoProjectSpecs(today);
    const xihua = specs.filter((p) => p.countyCode === XIHUA_CODE);
    const year = today.slice(0, 4);
    const last = (p: (typeof specs)[number]) => p.stages[p.stages.length - 1]!;

    const firstFour = xihua.filter((p) => p.batch && p.batch.seq <= 4);
    expect(firstFour).toHaveLength(DEMO_PROJECT_FIGURES.firstFour.projects);
    expect(sum(firstFour.map((p) => p.total))).toBe(DEMO_PROJECT_FIGURES.firstFour.investment);
    expect(firstFour.every((p) => last(p).stage === 'at_capacity' && last(p).date < '2024-01-01')).toBe(true);

    const fifth = xihua.filter((p) => p.batch?.seq === 5);
    expect(fifth).toHaveLength(DEMO_PROJECT_FIGURES.fifth.projects);
    expect(sum(fifth.map((p) => p.total))).toBe(DEMO_PROJECT_FIGURES.fifth.investment);
    expect(new Set(fifth.map((p) => last(p).stage)).size).toBeGreaterThanOrEqual(3);

    const signedThisYear = xihua.filter((p) => p.stages.some((s) => s.stage === 'signed' && s.date >= `${year}-01-01` && s.date <= today));
    const big = signedThisYear.filter((p) => p.total >= 10_000);
    expect(big).toHaveLength(DEMO_PROJECT_FIGURES.newlySigned.projects);
    expect(sum(big.map((p) => p.total))).toBe(DEMO_PROJECT_FIGURES.newlySigned.investment);
    expect(signedThisYear.length).toBeGreaterThan(big.length);

    const building = xihua.filter(
      (p) =>
        ['advanced_manufacturing', 'strategic_emerging'].includes(p.category) && ['started', 'partly_producing'].includes(last(p).stage),
    );
    expect(building).toHaveLength(DEMO_PROJECT_FIGURES.underConstruction.projects);
    expect(building.every((p) => p.investment)).toBe(true);
    const plan = sum(building.map((p) => p.investment!.plan));
    const completed = sum(building.map((p) => p.investment!.completed));
    expect(plan).toBe(752_100);
    expect(completed).toBe(528_000);
    expect(((completed / plan) * 100).toFixed(1)).toBe('70.2');
    expect(specs.filter((p) => p.investment).length).toBe(28);
    for (const p of building) {
      const months = monthlyCompleted(p.investment!.completed, today);
      expect(months).toHaveLength(reportYear(today).months);
      expect(sum(months.map((m) => m.amountWanCents))).toBe(p.investment!.completed * 100);
    }

    const named = new Map(xihua.map((p) => [p.name, p]));
    expect(named.get('耕德电子二期项目（西华经开区双创孵化园二期）')).toMatchObject({
      total: 135_000,
      landMu: 254.8,
      floorAreaM2: 290_000,
    });
    expect(last(named.get('耕德电子二期项目（西华经开区双创孵化园二期）')!).stage).toBe('partly_producing');
    expect(named.get('河南凯旺电子安防设备生产基地')).toMatchObject({ expectedAnnualOutput: 25_000, expectedAnnualTax: 2_000, jobs: 1200 });
    expect(named.has('中电建河南厚德新型管廊支撑系统研发生产项目')).toBe(true);
  });

  it.each(TODAYS)('every project moves forward on days not after today (%s), inside the city, with a unique code', (today) => {
    const specs = demoProjectSpecs(today);
    expect(new Set(specs.map((p) => p.code)).size).toBe(specs.length);
    const [minLon, minLat, maxLon, maxLat] = DEMO_CITY_BBOX;
    for (const p of specs) {
      expect(p.lon >= minLon && p.lon <= maxLon && p.lat >= minLat && p.lat <= maxLat, p.code).toBe(true);
      const order = p.stages.map((s) => PROJECT_STAGES.indexOf(s.stage));
      expect(order, p.code).toEqual([...order].sort((a, b) => a - b));
      expect(new Set(order).size).toBe(order.length);
      const days = p.stages.map((s) => s.date);
      expect(days, p.code).toEqual([...days].sort());
      expect(
        days.every((d) => d <= today),
        p.code,
      ).toBe(true);
      for (const m of p.plan ?? []) expect(m.plannedDate > today).toBe(true);
    }
  });

  it('spread() splits a total exactly in proportion', () => {
    expect(spread(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(sum(spread(752_100, [3, 5, 7, 11]))).toBe(752_100);
  });

  // Waiting for the visits / obstacles slices: the tables the demo will play are consistent.
  it.each(TODAYS)('visits, meetings and obstacles fit the projects and the weeks before %s', (today) => {
    const specs = demoProjectSpecs(today);
    const byName = new Map(specs.map((p) => [p.name, p]));
    const monday = mondayOf(today);
    expect(new Date(`${monday}T00:00:00Z`).getUTCDay()).toBe(1);
    const visits = demoVisits(today, specs);
    const perWeek = new Map<string, number>();
    for (const v of visits) {
      const p = byName.get(v.project);
      expect(p?.leader, v.project).toBe(v.leader);
      expect(v.at < `${monday}T00:00:00.000Z`).toBe(true);
      // The weekly target is per project (DOMAIN.md §3.7): three key projects per leader, six weeks.
      const key = `${v.project} ${mondayOf(v.at.slice(0, 10))}`;
      perWeek.set(key, (perWeek.get(key) ?? 0) + 1);
    }
    expect(perWeek.size).toBe(54);
    expect([...perWeek.values()].filter((n) => n < 3).length).toBe(12);
    const meetings = demoMeetings(today, specs);
    expect(meetings).toHaveLength(8);
    for (const m of meetings) {
      expect(new Date(m.at).getUTCDay()).toBe(1);
      expect(m.projects.every((n) => byName.has(n))).toBe(true);
    }
    expect(new Set(DEMO_OBSTACLES.map((o) => o.state))).toEqual(new Set(CASE_STATES));
    for (const o of DEMO_OBSTACLES) expect(byName.get(o.project)?.countyCode, o.project).toBe(XIHUA_CODE);
  });

  it('reports cover the ended months: last year’s twelve in January, January alone in February', () => {
    expect(reportYear('2027-01-31')).toEqual({ year: 2026, months: 12 });
    expect(reportYear('2027-02-01')).toEqual({ year: 2027, months: 1 });
    expect(reportYear('2026-12-06')).toEqual({ year: 2026, months: 11 });
    const jan = monthlyCompleted(1000, '2027-01-15');
    expect(jan.map((m) => `${m.year}-${m.month}`)).toEqual(Array.from({ length: 12 }, (_, i) => `2026-${i + 1}`));
    expect(sum(jan.map((m) => m.amountWanCents))).toBe(100_000);
  });
});
