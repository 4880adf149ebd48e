/**
 * The register as OC4IDS 0.9.5 (issue 14 point 8): one project, or a package of projects.
 * Pure: the project service reads, authorizes and hands over Oc4idsProjectInput; the routes
 * serialize the result. What each field means and why it maps so: docs/OC4IDS.md. What has no
 * place in OC4IDS (land, floor area, level, the work team) is left out rather than invented.
 */
import { PROJECT_STAGES, PROJECT_STAGE_LABELS, BATCH_ROLE_LABELS, type ProjectStage } from '../../shared/project-enums.js';
import {
  BATCH_ROLE_STAGE,
  BUILD_NATURE_TYPE,
  DIVISION_GAZETTEER,
  STAGE_MILESTONE,
  STAGE_PROJECT_STATUS,
  TERMINATED_PROJECT_STATUS,
  TERMINATION_DOCUMENT_TYPE,
  documentTypeOf,
  projectSectors,
} from './oc4ids-codes.js';
import { chinaDateTime, chinaDayOf, chinaInstant, defined, formatWan, monthEnd, text, wanToCny } from './oc4ids-format.js';
import type { ChinaDate, Oc4idsPackageOptions, Oc4idsProjectInput, Oc4idsProjectOptions } from './oc4ids-input.js';
import type {
  Oc4idsBenefit,
  Oc4idsDocument,
  Oc4idsLocation,
  Oc4idsMetric,
  Oc4idsMilestone,
  Oc4idsPackage,
  Oc4idsParty,
  Oc4idsPeriod,
  Oc4idsProject,
} from './oc4ids-types.js';

export type * from './oc4ids-input.js';
export type * from './oc4ids-types.js';

/** A prefix the OC4IDS Helpdesk assigns: `oc4ids-` and six lower-case letters or digits. */
const ID_PREFIX = /^oc4ids-[a-z0-9]{6}$/;

/** The scheme of `identifiers[]`: the register's own project code. */
const REGISTER_SCHEME = 'internal';

const AUTHORITY_ID = 'authority';
const INVESTOR_ID = 'investor';

/** A stage's dates, looked up by stage. */
type StageDates = (stage: ProjectStage) => { planned?: ChinaDate; actual?: ChinaDate };

/**
 * One register entry as an OC4IDS project (valid against resources/oc4ids/0.9.5/project-schema.json).
 * Throws a RangeError for input no service should hand over (a malformed date, an id prefix
 * that is not an OC4IDS one, a relative base URL, a point off the globe).
 */
export function oc4idsProject(input: Oc4idsProjectInput, opts: Oc4idsProjectOptions): Oc4idsProject {
  checkOptions(opts);
  const code = text(input.code);
  const title = text(input.name);
  if (!code || !title) throw new RangeError('OC4IDS export: a project needs a code and a name');
  const dates = stageDates(input);
  const authority = authorityParty(input, opts);
  const investorName = text(input.investorName);
  const parties: Oc4idsParty[] = [authority];
  if (investorName) parties.push({ id: INVESTOR_ID, name: investorName, roles: ['funder'] });
  const sector = projectSectors(input.category, input.industryChain, title);
  const location = projectLocation(input, opts);
  const milestones = projectMilestones(input, dates, opts.asOf);
  const documents = projectDocuments(input, opts);
  const metrics = projectMetrics(input);
  const benefits = projectBenefits(input);
  const atCapacity = dates('at_capacity').actual;
  const periodStart = PROJECT_STAGES.map((s) => planOf(dates, s)).find((d) => d !== undefined);

  return defined<Oc4idsProject>({
    id: `${opts.idPrefix}-${code}`,
    updated: input.updatedAt ? chinaInstant(input.updatedAt) : undefined,
    language: 'zh',
    identifiers: [{ id: code, scheme: REGISTER_SCHEME }],
    publicAuthority: { id: authority.id, name: authority.name },
    title,
    description: text(input.summary),
    status: input.status === 'terminated' ? TERMINATED_PROJECT_STATUS : STAGE_PROJECT_STATUS[input.stage],
    type: input.buildNature ? BUILD_NATURE_TYPE[input.buildNature] : undefined,
    sector: sector.length > 0 ? sector : undefined,
    budget: input.totalInvestmentWan != null ? { amount: { amount: wanToCny(input.totalInvestmentWan), currency: 'CNY' } } : undefined,
    period: period(periodStart, planOf(dates, 'at_capacity')),
    identificationPeriod: phase(dates, 'planning', 'signed'),
    preparationPeriod: phase(dates, 'signed', 'started'),
    implementationPeriod: phase(dates, 'started', 'producing'),
    completionPeriod: phase(dates, 'producing', 'at_capacity'),
    completion: atCapacity && input.status !== 'terminated' ? { endDate: chinaDateTime(atCapacity) } : undefined,
    locations: location ? [location] : undefined,
    parties,
    milestones: milestones.length > 0 ? milestones : undefined,
    documents: documents.length > 0 ? documents : undefined,
    metrics: metrics ? [metrics] : undefined,
    benefits: benefits.length > 0 ? benefits : undefined,
  });
}

/**
 * Projects as one OC4IDS project package (valid against project-package-schema.json). The
 * package needs at least one project and unique project ids: an empty selection or two
 * entries with one code throw a RangeError (the route answers those before calling).
 */
export function oc4idsPackage(inputs: readonly Oc4idsProjectInput[], opts: Oc4idsPackageOptions): Oc4idsPackage {
  if (inputs.length === 0) throw new RangeError('OC4IDS export: a package holds at least one project');
  const { uri, publisher, publishedDate, version, license, publicationPolicy, asOf, ...projectOpts } = opts;
  const projects = inputs.map((input) => oc4idsProject(input, { ...projectOpts, asOf: asOf ?? publishedDate }));
  const seen = new Set<string>();
  for (const p of projects) {
    if (seen.has(p.id)) throw new RangeError(`OC4IDS export: two projects have the id ${p.id}`);
    seen.add(p.id);
  }
  const publisherName = text(publisher.name);
  if (!publisherName) throw new RangeError('OC4IDS export: the publisher needs a name');
  return defined<Oc4idsPackage>({
    uri: absoluteUrl(uri, 'uri'),
    publisher: defined({
      name: publisherName,
      scheme: text(publisher.scheme),
      uid: text(publisher.uid),
      uri: publisher.uri ? absoluteUrl(publisher.uri, 'publisher.uri') : undefined,
    }),
    publishedDate: chinaInstant(publishedDate),
    version,
    license: license ? absoluteUrl(license, 'license') : undefined,
    publicationPolicy: publicationPolicy ? absoluteUrl(publicationPolicy, 'publicationPolicy') : undefined,
    projects,
  });
}

function checkOptions(opts: Oc4idsProjectOptions): void {
  if (!ID_PREFIX.test(opts.idPrefix)) {
    throw new RangeError(`OC4IDS export: "${opts.idPrefix}" is not a project identifier prefix (oc4ids-xxxxxx, from the OC4IDS Helpdesk)`);
  }
  absoluteUrl(opts.baseUrl, 'baseUrl');
  chinaInstant(opts.asOf);
}

function absoluteUrl(url: string, field: string): string {
  try {
    return new URL(url).href;
  } catch {
    throw new RangeError(`OC4IDS export: ${field} "${url}" is not an absolute URL`);
  }
}

function stageDates(input: Oc4idsProjectInput): StageDates {
  const byStage = new Map(input.stages.map((s) => [s.stage, s]));
  return (stage) => {
    const s = byStage.get(stage);
    return defined({ planned: s?.planned ?? undefined, actual: s?.actual ?? undefined });
  };
}

/** The plan's date of a stage; a past stage recorded without a plan counts with its actual date. */
function planOf(dates: StageDates, stage: ProjectStage): ChinaDate | undefined {
  const { planned, actual } = dates(stage);
  return planned ?? actual;
}

function period(start: ChinaDate | undefined, end: ChinaDate | undefined): Oc4idsPeriod | undefined {
  if (!start && !end) return undefined;
  return defined({ startDate: start ? chinaDateTime(start) : undefined, endDate: end ? chinaDateTime(end) : undefined });
}

/** An OC4IDS phase runs from the stage that opens it to the stage that opens the next. */
function phase(dates: StageDates, from: ProjectStage, to: ProjectStage): Oc4idsPeriod | undefined {
  return period(planOf(dates, from), planOf(dates, to));
}

/** The county (or the projects office managing the entry) as the public authority. */
function authorityParty(input: Oc4idsProjectInput, opts: Oc4idsProjectOptions): Oc4idsParty {
  const leader = text(input.leaderName);
  const name = text(input.authorityName) ?? text(input.countyName);
  if (!name) throw new RangeError('OC4IDS export: a project needs its county (or the managing office) as public authority');
  return defined<Oc4idsParty>({
    id: AUTHORITY_ID,
    name,
    roles: ['publicAuthority'],
    address: defined({ locality: text(input.countyName), region: text(opts.region), countryName: opts.countryName ?? '中国' }),
    people: leader ? [{ id: 'leader', name: leader, jobTitle: '分包领导' }] : undefined,
  });
}

function projectLocation(input: Oc4idsProjectInput, opts: Oc4idsProjectOptions): Oc4idsLocation | undefined {
  const county = text(input.countyName);
  const street = text(input.address);
  const division = text(input.divisionCode);
  const point = input.location;
  if (!county && !street && !division && !point) return undefined;
  if (point && !(Math.abs(point.lon) <= 180 && Math.abs(point.lat) <= 90)) {
    throw new RangeError(`OC4IDS export: (${point.lon}, ${point.lat}) is not a WGS84 longitude and latitude`);
  }
  return defined<Oc4idsLocation>({
    id: '1',
    description: street ?? county,
    // GeoJSON order: longitude first.
    geometry: point ? { type: 'Point', coordinates: [point.lon, point.lat] } : undefined,
    gazetteer: division ? { scheme: DIVISION_GAZETTEER, identifiers: [division] } : undefined,
    address: defined({ streetAddress: street, locality: county, region: text(opts.region), countryName: opts.countryName ?? '中国' }),
  });
}

/**
 * One milestone per stage that has a date or a batch membership, then the plan's other steps.
 * Status as of `asOf`: met once reached (a project at a later stage has passed the earlier
 * ones, dated or not); 投产 partially met while the project is 部分投产; otherwise not met when
 * the plan's day has passed or the project was stopped, scheduled before.
 */
function projectMilestones(input: Oc4idsProjectInput, dates: StageDates, asOf: string): Oc4idsMilestone[] {
  const notes = new Map<ProjectStage, string[]>();
  for (const b of input.batches ?? []) {
    const stage = BATCH_ROLE_STAGE[b.role];
    const note = `列入${b.name}（${BATCH_ROLE_LABELS[b.role].zh}${b.date ? `，${b.date}` : ''}）`;
    notes.set(stage, [...(notes.get(stage) ?? []), note]);
  }
  const current = PROJECT_STAGES.indexOf(input.stage);
  const terminated = input.status === 'terminated';
  const reviewed = chinaInstant(asOf);
  const today = chinaDayOf(asOf);
  /** Status of a milestone not reached: not met once stopped or overdue, else scheduled. */
  const open = (m: Oc4idsMilestone, planned: ChinaDate | undefined): void => {
    if (terminated) {
      m.status = 'notMet';
      m.dateModified = input.terminatedOn ? chinaDateTime(input.terminatedOn) : reviewed;
    } else if (planned) {
      m.status = planned < today ? 'notMet' : 'scheduled';
      m.dateModified = reviewed;
    }
  };
  const milestones: Oc4idsMilestone[] = [];
  PROJECT_STAGES.forEach((stage, index) => {
    const { planned, actual } = dates(stage);
    const batchNotes = notes.get(stage);
    if (!planned && !actual && !batchNotes) return;
    const m: Oc4idsMilestone = { id: stage, title: PROJECT_STAGE_LABELS[stage].zh, ...STAGE_MILESTONE[stage] };
    if (batchNotes) m.description = batchNotes.join('；');
    if (planned) m.dueDate = chinaDateTime(planned);
    if (actual || index <= current) {
      m.status = 'met';
      if (actual) m.dateMet = chinaDateTime(actual);
    } else if (stage === 'producing' && input.stage === 'partly_producing') {
      m.status = 'partiallyMet';
      const partly = dates('partly_producing').actual;
      m.dateModified = partly ? chinaDateTime(partly) : reviewed;
    } else {
      open(m, planned);
    }
    milestones.push(m);
  });
  (input.planSteps ?? []).forEach((step, i) => {
    const title = text(step.name);
    if (!title) return;
    const m: Oc4idsMilestone = { id: `plan-${i + 1}`, title, dueDate: chinaDateTime(step.planned) };
    if (step.actual) {
      m.status = 'met';
      m.dateMet = chinaDateTime(step.actual);
    } else {
      open(m, step.planned);
    }
    milestones.push(m);
  });
  return milestones;
}

/** Evidence and report files as linked documents; a 终止's reason as a text-only one. */
function projectDocuments(input: Oc4idsProjectInput, opts: Oc4idsProjectOptions): Oc4idsDocument[] {
  const documents = (input.documents ?? []).map((d) =>
    defined<Oc4idsDocument>({
      id: String(d.id),
      documentType: documentTypeOf(d.mime, d.kind, d.stage),
      title: text(d.title) ?? String(d.id),
      url: new URL(d.urlPath, opts.baseUrl).href,
      datePublished: d.uploadedAt ? chinaInstant(d.uploadedAt) : undefined,
      format: text(d.mime),
      accessDetails: text(opts.documentAccessDetails),
    }),
  );
  const reason = text(input.terminationReason);
  if (input.status === 'terminated' && reason) {
    documents.push(
      defined<Oc4idsDocument>({
        id: 'termination',
        documentType: TERMINATION_DOCUMENT_TYPE,
        title: '项目终止原因',
        description: reason,
        datePublished: input.terminatedOn ? chinaDateTime(input.terminatedOn) : undefined,
      }),
    );
  }
  return documents;
}

/** Monthly cumulative investment as the financialProgress metric, one observation per month. */
function projectMetrics(input: Oc4idsProjectInput): Oc4idsMetric | undefined {
  const months = [...(input.monthlyInvestment ?? [])].sort((a, b) => a.month.localeCompare(b.month));
  if (months.length === 0) return undefined;
  return {
    id: 'financialProgress',
    title: '累计完成投资',
    description: '项目开工以来累计完成投资，按月报',
    observations: months.map((m) => ({
      id: m.month,
      period: { endDate: monthEnd(m.month) },
      value: { amount: wanToCny(m.completedToDateWan), currency: 'CNY' },
      notes: `截至${Number(m.month.slice(0, 4))}年${Number(m.month.slice(5, 7))}月底累计完成投资${formatWan(m.completedToDateWan)}`,
    })),
  };
}

/** 预计年产值, 年税收 and 带动就业 as the project's intended benefits. */
function projectBenefits(input: Oc4idsProjectInput): Oc4idsBenefit[] {
  const benefits: Oc4idsBenefit[] = [];
  if (input.expectedAnnualOutputWan != null) {
    benefits.push({ title: '年产值', description: `预计年产值${formatWan(input.expectedAnnualOutputWan)}` });
  }
  if (input.expectedAnnualTaxWan != null) {
    benefits.push({ title: '年税收', description: `预计年税收${formatWan(input.expectedAnnualTaxWan)}` });
  }
  if (input.expectedJobs != null) {
    const jobs = Math.round(input.expectedJobs);
    benefits.push({ title: '带动就业', description: `预计带动就业${jobs}人`, beneficiaries: [{ numberOfPeople: jobs }] });
  }
  return benefits;
}
