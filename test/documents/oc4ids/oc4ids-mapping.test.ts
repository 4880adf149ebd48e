import { describe, expect, it } from 'vitest';
import { PROJECT_STAGES } from '../../../src/shared/project-enums.js';
import { documentTypeOf, projectSectors } from '../../../src/documents/oc4ids/oc4ids-codes.js';
import { chinaDateTime, chinaInstant, formatWan, monthEnd, wanToCny } from '../../../src/documents/oc4ids/oc4ids-format.js';
import { oc4idsPackage, oc4idsProject, type Oc4idsProjectInput } from '../../../src/documents/oc4ids/oc4ids.js';
import { PACKAGE_OPTIONS, PROJECT_OPTIONS, gengde, kaiwang, planned } from './oc4ids-fixtures.js';
import { projectErrors } from './oc4ids-validator.js';

const at = (stage: Oc4idsProjectInput['stage'], extra: Partial<Oc4idsProjectInput> = {}): Oc4idsProjectInput => ({
  ...planned,
  stage,
  ...extra,
});

describe('projectStatus from the stage and 终止', () => {
  it.each([
    ['planning', 'identification'],
    ['signed', 'preparation'],
    ['performing', 'preparation'],
    ['started', 'implementation'],
    ['partly_producing', 'implementation'],
    ['producing', 'completion'],
    ['at_capacity', 'completion'],
  ] as const)('%s → %s', (stage, status) => {
    const p = oc4idsProject(at(stage), PROJECT_OPTIONS);
    expect(p.status).toBe(status);
    expect(projectErrors(p)).toEqual([]);
  });

  it('every stage, terminated, is cancelled', () => {
    for (const stage of PROJECT_STAGES)
      expect(oc4idsProject(at(stage, { status: 'terminated' }), PROJECT_OPTIONS).status).toBe('cancelled');
  });

  it('达产 reached: completion.endDate is its actual date, compared with the planned period end', () => {
    const p = oc4idsProject(
      at('at_capacity', { stages: [{ stage: 'at_capacity', planned: '2023-12-31', actual: '2023-11-20' }] }),
      PROJECT_OPTIONS,
    );
    expect(p.completion).toEqual({ endDate: '2023-11-20T00:00:00+08:00' });
    expect(p.period).toEqual({ startDate: '2023-12-31T00:00:00+08:00', endDate: '2023-12-31T00:00:00+08:00' });
    expect(projectErrors(p)).toEqual([]);
  });
});

describe('milestone status as of the export instant', () => {
  const startPlanned = (planned: string) => at('performing', { stages: [{ stage: 'started', planned }] });
  const statusOf = (input: Oc4idsProjectInput, asOf: string) =>
    oc4idsProject(input, { ...PROJECT_OPTIONS, asOf }).milestones?.find((m) => m.id === 'started')?.status;

  it('due today (Beijing) is still scheduled; due yesterday is not met', () => {
    // 2022-08-02T16:00Z is 2022-08-03 00:00 in Beijing.
    expect(statusOf(startPlanned('2022-08-03'), '2022-08-02T16:00:00Z')).toBe('scheduled');
    expect(statusOf(startPlanned('2022-08-02'), '2022-08-02T16:00:00Z')).toBe('notMet');
    // One second earlier it is still 2022-08-02 in Beijing: due that day, scheduled.
    expect(statusOf(startPlanned('2022-08-02'), '2022-08-02T15:59:59Z')).toBe('scheduled');
  });

  it('a stage the project has passed is met even when it was recorded without a date', () => {
    const input = at('producing', { stages: [{ stage: 'started', planned: '2021-01-01' }] });
    expect(statusOf(input, '2022-08-03T00:00:00Z')).toBe('met');
    expect(oc4idsProject(input, PROJECT_OPTIONS).milestones?.[0]?.dateMet).toBeUndefined();
  });

  it('a stage with no date and no batch gives no milestone', () => {
    expect(oc4idsProject(at('started', { stages: [{ stage: 'started' }] }), PROJECT_OPTIONS).milestones).toBeUndefined();
  });
});

describe('sector table', () => {
  it('industry and services categories are economy, whatever their names say', () => {
    expect(projectSectors('advanced_manufacturing', '智能零部件', '耕德电子二期项目')).toEqual(['economy']);
    expect(projectSectors('strategic_emerging', '生物医药', '普善药业医院制剂项目')).toEqual(['economy']);
    expect(projectSectors('services', null, '文化旅游综合体')).toEqual(['economy']);
  });

  it('infrastructure and 民生 by words of the chain or name, parents with subsectors, none when nothing fits', () => {
    expect(projectSectors('infrastructure', null, '周口至西华快速路工程')).toEqual(['transport', 'transport.road']);
    expect(projectSectors('infrastructure', null, '西华县分布式光伏发电项目')).toEqual(['energy', 'energy.solar']);
    expect(projectSectors('infrastructure', null, '沙颍河堤防加固工程')).toEqual(['naturalResources', 'naturalResources.floodProtection']);
    expect(projectSectors('livelihood', null, '西华县人民医院新院区')).toEqual(['health']);
    expect(projectSectors('livelihood', null, '城北安置房及配套学校')).toEqual(['education', 'socialHousing']);
    expect(projectSectors('infrastructure', null, '中电建河南厚德新型管廊支撑系统研发生产项目')).toEqual([]);
    expect(oc4idsProject(at('planning', { category: 'other', name: '综合服务中心' }), PROJECT_OPTIONS).sector).toBeUndefined();
  });
});

describe('documentType table', () => {
  it.each([
    ['image/jpeg', 'stage_evidence', 'signed', 'illustration'],
    ['image/png', 'monthly_report', null, 'illustration'],
    ['application/pdf', 'plan', null, 'projectPlan'],
    ['application/pdf', 'monthly_report', null, 'physicalProgressReport'],
    ['application/pdf', 'stage_evidence', 'signed', 'contractSigned'],
    ['application/pdf', 'stage_evidence', 'started', 'physicalProgressReport'],
    ['application/pdf', 'stage_evidence', 'at_capacity', 'physicalProgressReport'],
    ['application/pdf', 'stage_evidence', 'performing', undefined],
    ['application/pdf', 'other', null, undefined],
  ] as const)('%s %s %s → %s', (mime, kind, stage, type) => {
    expect(documentTypeOf(mime, kind, stage)).toBe(type);
  });
});

describe('dates and money', () => {
  it('万元 → CNY exactly, through hundredths of 万元', () => {
    expect(wanToCny(135000)).toBe(1_350_000_000);
    expect(wanToCny(1234.56)).toBe(12_345_600);
    expect(wanToCny(0.01)).toBe(100);
    expect(formatWan(25000)).toBe('2.5亿元');
    expect(formatWan(2000)).toBe('2000万元');
    expect(formatWan(12345.67)).toBe('12345.67万元');
  });

  it('China dates and instants at +08:00; month ends with leap years', () => {
    expect(chinaDateTime('2022-07-28')).toBe('2022-07-28T00:00:00+08:00');
    expect(chinaInstant('2022-12-31T16:30:00.000Z')).toBe('2023-01-01T00:30:00+08:00');
    expect(monthEnd('2024-02')).toBe('2024-02-29T23:59:59+08:00');
    expect(monthEnd('2023-02')).toBe('2023-02-28T23:59:59+08:00');
    expect(() => chinaDateTime('2022-02-30')).toThrow(RangeError);
    expect(() => monthEnd('2022-13')).toThrow(RangeError);
  });
});

describe('what the export refuses', () => {
  it('an id prefix that is not an OC4IDS one, a relative base URL, a point off the globe', () => {
    expect(() => oc4idsProject(gengde, { ...PROJECT_OPTIONS, idPrefix: 'dudao' })).toThrow(/prefix/);
    expect(() => oc4idsProject(gengde, { ...PROJECT_OPTIONS, baseUrl: '/api' })).toThrow(/baseUrl/);
    expect(() => oc4idsProject({ ...gengde, location: { lon: 33.78, lat: 114.53 } }, PROJECT_OPTIONS)).toThrow(/WGS84/);
    expect(() => oc4idsProject({ ...gengde, stages: [{ stage: 'signed', planned: '2021/03/15' }] }, PROJECT_OPTIONS)).toThrow(
      /calendar date/,
    );
  });

  it('an empty package and two projects with one code', () => {
    expect(() => oc4idsPackage([], PACKAGE_OPTIONS)).toThrow(/at least one/);
    expect(() => oc4idsPackage([gengde, { ...kaiwang, code: gengde.code }], PACKAGE_OPTIONS)).toThrow(/two projects/);
  });

  it('blank texts are left out rather than written empty', () => {
    const p = oc4idsProject({ ...kaiwang, summary: '  ', investorName: '', leaderName: null }, PROJECT_OPTIONS);
    expect(p.description).toBeUndefined();
    expect(p.parties).toHaveLength(1);
    expect(p.parties[0]?.people).toBeUndefined();
    expect(projectErrors(p)).toEqual([]);
  });

  it('the package evaluates milestones at its publishedDate unless asOf is given', () => {
    const early = oc4idsPackage([kaiwang], { ...PACKAGE_OPTIONS, publishedDate: '2022-07-01T00:00:00Z' });
    const asOf = oc4idsPackage([kaiwang], { ...PACKAGE_OPTIONS, asOf: '2022-07-01T00:00:00Z' });
    for (const pkg of [early, asOf]) expect(pkg.projects[0]?.milestones?.find((m) => m.id === 'producing')?.status).toBe('scheduled');
  });
});
